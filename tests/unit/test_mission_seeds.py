"""The mission seeds: every mission has a kind with its citation, and every
succession names missions of the mission seed with the resolution that
established the successor."""

from __future__ import annotations

from pipelines.lib.reference import seed

KINDS = {"peacekeeping operation", "special political mission", "other"}


def test_every_mission_has_one_cited_kind():
    missions = set(seed("missions")["mission"].to_list())
    kinds = seed("mission_kinds")
    assert kinds["mission"].n_unique() == kinds.height
    assert set(kinds["mission"].to_list()) == missions
    assert set(kinds["mission_kind"].to_list()) == KINDS
    assert kinds.filter(kinds["citation"].fill_null("").str.len_chars() < 20).height == 0
    by_mission = dict(zip(kinds["mission"], kinds["mission_kind"]))
    # The UN's past peacekeeping operations list UNTMIH (Haiti, 1997), missing from the psdata list.
    assert by_mission["UNTMIH"] == by_mission["UNTAG"] == "peacekeeping operation"
    assert by_mission["UNAMA"] == by_mission["UNAMI"] == by_mission["UNSOM"] == "special political mission"
    assert by_mission["UNSOS"] == "other"
    citation = dict(zip(kinds["mission"], kinds["citation"]))
    assert "S/RES/1123 (1997)" in citation["UNTMIH"] and "S/RES/1401 (2002)" in citation["UNAMA"]


def test_successions_name_known_missions_and_the_resolution_that_established_the_successor():
    missions = set(seed("missions")["mission"].to_list())
    successions = seed("mission_successions")
    assert successions.height == 6
    for row in successions.iter_rows(named=True):
        assert row["published_mission"] in missions and row["mission"] in missions, row
        assert row["from_month"] <= row["to_month"] and row["from_month"].endswith("-01"), row
        assert "S/RES/" in row["citation"], row
    assert ("UNAVEM", "1995-03-01", "UNAVEM III") in set(
        successions.select("published_mission", "from_month", "mission").rows())
