"""How benchmarks are scored (issue 26): a deadline is scored on the latest
figure at or before it, a later figure beside it and never as met; a
target-for-the-year benchmark against the target of each figure's year; a
``<=`` benchmark met at its boundary. Figures from the bundled data
(data/PROVENANCE.md) and the documents it cites (S/2020/223, S/2020/890,
SC/13056). Re-scoring runs the benchmark models of warehouse/ on a copy of the
bundled warehouse, so a change to their SQL is what is tested."""

from __future__ import annotations

import shutil
from datetime import date

import duckdb
import pytest

from pipelines.lib.sql_models import (
    WAREHOUSE_SQL,
    build,
    discover_checks,
    parse_sql_file,
    run_check,
)
from pipelines.lib.warehouse import read_only

BENCHMARK_MODELS = [("staging", "stg_benchmarks"), ("marts", "benchmark_targets"), ("marts", "benchmark_results"), ("marts", "benchmark_status")]
YEAR_TARGET_CHECK = "assert_year_target_benchmarks_match_sourced_targets"


@pytest.fixture
def wh(bundled_warehouse):
    con = read_only(bundled_warehouse)
    yield con
    con.close()


@pytest.fixture
def rescore(tmp_path, bundled_warehouse):
    """A writable copy of the bundled warehouse and a function that runs some
    SQL on it (new inputs) and then rebuilds the benchmark models from warehouse/."""
    copy = tmp_path / "wh.duckdb"
    shutil.copyfile(bundled_warehouse, copy)
    con = duckdb.connect(str(copy))

    def _rescore(*statements: str):
        for sql in statements:
            con.execute(sql)
        for schema, name in BENCHMARK_MODELS:
            build(con, parse_sql_file(WAREHOUSE_SQL / schema / f"{name}.sql", schema))
        return con

    yield _rescore
    con.close()


def year_target_check(con) -> int:
    (check,) = [c for c in discover_checks() if c.name == YEAR_TARGET_CHECK]
    return run_check(con, check)[0]


# --- deadlines ------------------------------------------------------------------------

def test_the_2014_goal_is_scored_on_the_last_figure_before_its_deadline(wh):
    # MINUSMA's IPOs in August 2014 (IPI): 12 women of 135, 8.9 per cent; S/2020/223's
    # 79 of 298 (March 2020) is reported beside it, never as met by the deadline.
    # UNAMID: 295 of 1,246 (23.7 per cent) in August 2014; SC/13056's 20 per cent in 2017 beside it.
    # UNMISS: no IPO figure in the bundled data by 2014; S/2020/890's 184 of 611 beside it.
    rows = {r[0]: r[1:] for r in wh.execute("""
        select mission, period, round(measured_value, 3), status, later_period, round(later_value, 3), later_status
        from marts.benchmark_status where benchmark_id = 'female_share_ipo_20pct_by_2014'""").fetchall()}
    assert rows["MINUSMA"] == (date(2014, 8, 1), 0.089, "not met by deadline", date(2020, 3, 1), 0.265, "met later")
    assert rows["UNAMID"] == (date(2014, 8, 1), 0.237, "met by deadline", date(2017, 11, 1), 0.2, "met later")
    assert rows["UNMISS"] == (date(2014, 12, 1), None, "no data by deadline", date(2020, 9, 1), 0.301, "met later")
    assert rows["MINUSTAH"] == (date(2014, 8, 1), 0.121, "not met by deadline", None, None, None)
    # A row without a figure still shows the goal's fixed 20 per cent.
    assert wh.execute("""select period, measured_value, target_value, status from marts.benchmark_status
                         where benchmark_id = 'female_share_ipo_20pct_by_2014' and mission = 'UNMISS'""").fetchone() \
        == (date(2014, 12, 1), None, 0.2, "no data by deadline")


def test_a_goal_binds_only_the_missions_deployed_between_its_setting_and_its_deadline(wh, rescore):
    # MINUJUSTH was deployed from October 2017 (S/RES/2350 (2017)): the 2014 goal
    # (set August 2009, due 2014) never bound it, so it has no row there; the parity
    # strategy (2018-2028) binds it.
    def missions(con, benchmark_id):
        return {r[0] for r in con.execute("select mission from marts.benchmark_status where benchmark_id = ?",
                                          [benchmark_id]).fetchall()}

    assert missions(wh, "female_share_ipo_20pct_by_2014") == {"MINUSMA", "MINUSTAH", "UNAMID", "UNMISS"}
    assert "MINUJUSTH" in missions(wh, "female_share_ipo_parity_strategy")
    # A mission that had ended before a goal was set is not scored against it:
    # MINUJUSTH's lifetime moved to 2000-2008 leaves the 2014 goal; with no end
    # date (still deployed) it is bound again.
    con = rescore("update marts.dim_mission set end_date = date '2008-12-31' where mission = 'MINUJUSTH'",
                  "update marts.dim_mission set start_date = date '2000-01-01' where mission = 'MINUJUSTH'")
    assert "MINUJUSTH" not in missions(con, "female_share_ipo_20pct_by_2014")
    con = rescore("update marts.dim_mission set end_date = null where mission = 'MINUJUSTH'")
    assert "MINUJUSTH" in missions(con, "female_share_ipo_20pct_by_2014")


def test_no_figure_after_a_deadline_is_scored_met(wh):
    after = wh.execute("""
        select distinct status from marts.benchmark_results
        where deadline is not null and threshold_kind <> 'target_for_year' and period > deadline""").fetchall()
    assert {s for (s,) in after} == {"met later"}
    by_deadline = wh.execute("""
        select distinct status from marts.benchmark_status
        where deadline is not null and threshold_kind <> 'target_for_year'""").fetchall()
    assert {s for (s,) in by_deadline} == {"met by deadline", "not met by deadline", "no data by deadline"}


def test_a_benchmark_with_no_deadline_reads_its_latest_figure(wh):
    # S/2020/223: 1,726 police of an authorized 1,920 (89.9 per cent) in March 2020.
    row = wh.execute("""select period, status, later_status from marts.benchmark_status
                        where benchmark_id = 'police_ceiling_fill_90pct' and mission = 'MINUSMA'""").fetchone()
    assert row == (date(2020, 3, 1), "not met", None)


# --- targets for the year -------------------------------------------------------------

REPORTED_2017_2020 = {
    # (benchmark, mission): (month, women, of): SC/13056 (UNAMID), S/2020/223 (MINUSMA), S/2020/890 (UNMISS)
    ("female_share_ipo_parity_strategy", "UNAMID"): (date(2017, 11, 1), 20, 100),
    ("female_share_ipo_parity_strategy", "MINUSMA"): (date(2020, 3, 1), 79, 298),
    ("female_share_fpu_parity_strategy", "MINUSMA"): (date(2020, 3, 1), 156, 1428),
    ("female_share_ipo_parity_strategy", "UNMISS"): (date(2020, 9, 1), 184, 611),
    ("female_share_fpu_parity_strategy", "UNMISS"): (date(2020, 9, 1), 216, 1143),
}


def test_the_reported_figures_of_2017_2020_are_scored_for_their_own_year(wh):
    """Each is compared with the target of its own year and no other: the
    strategy's public cells are 2022 and 2028 (FPU) and 2028 (IPO), so these
    years have none (its year-by-year annex is not public) and say so."""
    for (benchmark_id, mission), (month, women, of) in REPORTED_2017_2020.items():
        rows = wh.execute("""
            select measured_value, target_year, target_value, target_status, status from marts.benchmark_results
            where benchmark_id = ? and mission = ? and period = ? and value_source = 'reported_figure'""",
                          [benchmark_id, mission, month]).fetchall()
        assert len(rows) == 1, (benchmark_id, mission)
        value, year, target, target_status, status = rows[0]
        assert value == pytest.approx(women / of) and year == month.year
        assert (target, target_status, status) == (None, None, "no target for the year"), (benchmark_id, mission)
    latest = wh.execute("""select period, target_year, status from marts.benchmark_status
                           where benchmark_id = 'female_share_ipo_parity_strategy' and mission = 'MINUSMA'""").fetchone()
    assert latest == (date(2020, 3, 1), 2020, "no target for the year")


def test_a_year_target_scores_each_year_against_its_own_target(rescore):
    """Given a cell for 2018 (a test input, not a figure of the strategy), the
    IPO line to the sourced 2028 cell is derived for 2019-2027, and the 2020
    figures are scored against 2020's point on it, marked derived; 2017 stays
    without a target."""
    con = rescore("""insert into raw.seed_gender_parity_targets
                     select category, category_label, metric, target_set, 2018, 0.20, 'test cell'
                     from raw.seed_gender_parity_targets where category = 'IPO'""")
    target_2020 = 0.20 + (0.30 - 0.20) * 2 / 10
    for mission, (women, of) in {"MINUSMA": (79, 298), "UNMISS": (184, 611)}.items():
        row = con.execute("""
            select target_year, target_value, target_status, status, target_citation from marts.benchmark_results
            where benchmark_id = 'female_share_ipo_parity_strategy' and mission = ?
              and value_source = 'reported_figure'""", [mission]).fetchone()
        assert row[:4] == (2020, pytest.approx(target_2020), "derived", "met"), mission
        assert row[4].startswith("derived: straight line between the sourced 2018")
        status = con.execute("""select target_year, target_value, status from marts.benchmark_status
                                where benchmark_id = 'female_share_ipo_parity_strategy' and mission = ?""",
                             [mission]).fetchone()
        assert status == (2020, pytest.approx(target_2020), "met") and women / of >= target_2020
    unamid = con.execute("""select target_value, status from marts.benchmark_results
                            where benchmark_id = 'female_share_ipo_parity_strategy' and mission = 'UNAMID'
                              and period = date '2017-11-01'""").fetchone()
    assert unamid == (None, "no target for the year")
    assert year_target_check(con) == 0


def test_the_year_target_check_catches_a_period_scored_against_another_year(rescore):
    con = rescore()
    assert year_target_check(con) == 0
    # The 2028 IPO target (the TOML threshold) used for every year: what the
    # scoring did before issue 26 would look like if it scored all years.
    con.execute("""update marts.benchmark_results set target_value = 0.30, target_status = 'sourced', status = 'not met'
                   where benchmark_id = 'female_share_ipo_parity_strategy' and mission = 'MINUSMA'
                     and period = date '2020-03-01'""")
    assert year_target_check(con) == 1
    con.execute("update staging.stg_benchmarks set threshold = 0.25 where benchmark_id = 'female_share_ipo_parity_strategy'")
    assert year_target_check(con) == 2


# --- comparisons ----------------------------------------------------------------------

def test_a_less_or_equal_benchmark_is_met_at_its_boundary(rescore):
    # MINUSTAH's police in August 2014: 2,377 (IPI, bundled staffing rows), a count, so equal exactly.
    con = rescore("""insert into raw.benchmark_definitions
                     select 'test_police_at_most_2377', 'Police at most 2,377 (a test benchmark)', 'police_deployed',
                            'mission', '<=', 2377, 'absolute', null, null, null, 'test', false""",
                  """insert into raw.benchmark_definitions
                     select 'test_police_at_least_2377', 'Police at least 2,377 (a test benchmark)', 'police_deployed',
                            'mission', '>=', 2377, 'absolute', null, null, null, 'test', false""")
    rows = dict(con.execute("""
        select benchmark_id, status from marts.benchmark_results
        where benchmark_id like 'test_police_%' and mission = 'MINUSTAH' and period = date '2014-08-01'
          and value_source = 'staffing_detail' and measured_value = 2377""").fetchall())
    assert rows == {"test_police_at_most_2377": "met", "test_police_at_least_2377": "met"}
    above = con.execute("""select status from marts.benchmark_results where benchmark_id = 'test_police_at_most_2377'
                           and mission = 'MINUSTAH' and period = date '2014-03-01'
                           and value_source = 'staffing_detail'""").fetchone()
    assert above == ("not met",)  # 2,410 in March 2014
