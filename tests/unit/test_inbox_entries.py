"""Every inbox entry is a candidate, ignored or refused, never left out and
never fatal: unreadable files, names that are not UTF-8, folder links (in and
out of the inbox, cycles), and byte-identical copies (``scan`` records them as
duplicates of the first)."""

import os
import shutil
from pathlib import Path

from pipelines.defs.intake import assets as intake
from pipelines.lib.inbox import list_inbox

STAFFING = "staffing_police_2013-09_2014-08.csv"


def failing_read(read, name: str):
    """``read`` that fails as a file of mode 000 does for anyone but root."""
    def read_or_fail(path):
        if Path(path).name == name:
            raise PermissionError(13, "Permission denied", str(path))
        return read(path)
    return read_or_fail


def listed(root: Path) -> dict:
    return {i.relpath: i for i in list_inbox(root)}


def test_a_folder_link_out_of_the_inbox_is_refused(inbox, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.csv").write_text("a\n1\n")
    (inbox / "share").symlink_to(outside, target_is_directory=True)
    entries = listed(inbox)
    assert list(entries) == ["share"]
    assert entries["share"].status == "refused" and entries["share"].rule == "path_inside_inbox"
    assert "folder link" in entries["share"].reason and "outside the inbox" in entries["share"].reason


def test_a_folder_link_inside_the_inbox_is_followed(inbox):
    (inbox / "2014").mkdir()
    (inbox / "2014" / "a.csv").write_text("a\n1\n")
    (inbox / "latest").symlink_to("2014", target_is_directory=True)
    entries = listed(inbox)
    assert {r: e.status for r, e in entries.items()} == {"2014/a.csv": "candidate", "latest/a.csv": "candidate"}
    assert entries["latest/a.csv"].path == (inbox / "2014" / "a.csv").resolve()


def test_a_folder_link_cycle_is_refused_not_walked(inbox):
    (inbox / "sub").mkdir()
    (inbox / "sub" / "a.csv").write_text("a\n1\n")
    (inbox / "sub" / "up").symlink_to("..", target_is_directory=True)
    (inbox / "sub" / "self").symlink_to(".", target_is_directory=True)
    (inbox / "other").symlink_to("sub", target_is_directory=True)  # followed: other/up and other/self cycle
    entries = listed(inbox)
    cycles = {r for r, e in entries.items() if e.status == "refused" and "(a cycle)" in e.reason}
    assert cycles == {"sub/up", "sub/self", "other/up", "other/self"}
    assert "back to the inbox" in entries["sub/up"].reason and "back to sub," in entries["sub/self"].reason
    assert {r for r, e in entries.items() if e.status == "candidate"} == {"sub/a.csv", "other/a.csv"}


def test_a_name_that_is_not_utf8_is_refused_with_a_printable_name(inbox):
    raw = os.fsencode(inbox)
    (inbox / "good.csv").write_text("a\n1\n")
    for name in (b"bad\xff.csv", b"back\\slash\xfe.csv"):
        with open(os.path.join(raw, name), "wb") as f:
            f.write(b"a\n1\n")
    os.mkdir(os.path.join(raw, b"folder\xe9"))
    with open(os.path.join(raw, b"folder\xe9", b"inside.csv"), "wb") as f:
        f.write(b"a\n1\n")
    entries = listed(inbox)
    refused = {r: e for r, e in entries.items() if e.status == "refused"}
    assert set(refused) == {"bad\\xff.csv", "back\\\\slash\\xfe.csv", "folder\\xe9"}
    assert {e.rule for e in refused.values()} == {"name_is_utf8"}
    assert entries["good.csv"].status == "candidate"
    for rel in refused:
        rel.encode("utf-8")  # storable and printable as it is


def test_printable_names_are_unchanged_when_utf8_and_lossless_when_not():
    from pipelines.lib.inbox import printable

    assert printable("Côte d'Ivoire.csv") == "Côte d'Ivoire.csv"
    # A backslash is doubled only in a name that is escaped, so escaped forms never collide.
    names = [b"a\xff.csv", b"a\xff\xfe.csv", b"a\\xff\xfe.csv"]
    shown = [printable(os.fsdecode(n)) for n in names]
    assert shown == ["a\\xff.csv", "a\\xff\\xfe.csv", "a\\\\xff\\xfe.csv"]


def test_an_unreadable_file_is_refused_beside_good_ones(bundled_inbox, monkeypatch):
    """As root every file can be read, so the read itself fails here;
    tests/integration/test_inbox_entries.py uses a real ``chmod 000``."""
    locked = bundled_inbox / "locked.csv"
    shutil.copyfile(bundled_inbox / STAFFING, locked)
    monkeypatch.setattr(intake, "sha256_of", failing_read(intake.sha256_of, locked.name))
    rows = {r["relpath"]: r for r in intake.scan(bundled_inbox, "run-1").to_dicts()}
    assert rows["locked.csv"]["status"] == "refused" and rows["locked.csv"]["rule"] == "file_readable"
    assert rows["locked.csv"]["message"] == "locked.csv: the file cannot be read (Permission denied)"
    assert rows[STAFFING]["status"] == "accepted"


def test_a_byte_identical_copy_is_a_duplicate_of_the_first(bundled_inbox):
    shutil.copyfile(bundled_inbox / STAFFING, bundled_inbox / "staffing_police_2013-09_2014-08 (1).csv")
    os.mkdir(bundled_inbox / "again")
    shutil.copyfile(bundled_inbox / STAFFING, bundled_inbox / "again" / "copy.csv")
    rows = {r["relpath"]: r for r in intake.scan(bundled_inbox, "run-1").to_dicts()}
    # "again/copy.csv" sorts first: it is the one loaded
    assert rows["again/copy.csv"]["status"] == "accepted" and rows["again/copy.csv"]["duplicate_of"] is None
    for copy in (STAFFING, "staffing_police_2013-09_2014-08 (1).csv"):
        assert rows[copy]["status"] == "duplicate" and rows[copy]["duplicate_of"] == "again/copy.csv"
        assert rows[copy]["sha256"] == rows["again/copy.csv"]["sha256"] and rows[copy]["rule"] is None
    # refused copies stay refused, each with its own reason
    (bundled_inbox / "notes.csv").write_text("x,y\n1,2\n")
    (bundled_inbox / "notes (1).csv").write_text("x,y\n1,2\n")
    rows = {r["relpath"]: r for r in intake.scan(bundled_inbox, "run-1").to_dicts()}
    assert rows["notes.csv"]["status"] == rows["notes (1).csv"]["status"] == "refused"


def test_a_failed_bookkeeping_invariant_is_not_shown_as_the_users_fault():
    """What ``unpol run`` says when an audit table's invariant fails: a fault in
    unpol, never a check name left for the user to decode."""
    from types import SimpleNamespace

    from pipelines.cli.run import _causes

    def failed(name, asset):
        return SimpleNamespace(check_name=name, asset_key=SimpleNamespace(path=asset),
                               severity=SimpleNamespace(value="ERROR"))

    ev = SimpleNamespace(failed_checks=[failed("assert_file_months_listed_once", ["audit", "file_months"]),
                                        failed("some_data_rule", ["marts", "fct_x"])])
    causes = _causes(ev, SimpleNamespace())
    assert causes[0].startswith("unpol's own bookkeeping failed a consistency check "
                                "(assert_file_months_listed_once): a fault in unpol, not in the inbox")
    assert causes[1] == "blocking checks failed: some_data_rule"


def test_the_sensor_passes_over_an_unreadable_file(bundled_inbox, monkeypatch):
    """A file the sensor cannot hash is named in its decision, not a failed tick."""
    from pipelines.defs.operations import sensors

    monkeypatch.setattr(sensors, "sha256_of", failing_read(sensors.sha256_of, STAFFING))
    decision = sensors.decide(bundled_inbox, set())
    assert STAFFING not in {rel for rel, _ in decision.new} and decision.new
    assert f"{STAFFING}: cannot be read (Permission denied), no run started for it" in decision.reasons
