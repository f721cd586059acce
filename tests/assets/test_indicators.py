"""The indicator model: every indicator file is declared and stacked, the
scorecard and benchmarks read it, and adding an indicator is one file (shown
on a temporary copy of warehouse/indicators/ over the bundled warehouse)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from pipelines.defs.performance.indicators import indicator_frame
from pipelines.lib.indicators import INDICATORS, discover_indicators, parse_indicator
from pipelines.lib.sql_models import WAREHOUSE_SQL, build, parse_sql_file
from pipelines.lib.warehouse import read_only

NEW_INDICATOR = """-- Police deployed per police-contributing country at month end, per mission: the average size of a country's contribution.
-- title: Police per contributing country
-- unit: persons
-- direction: neither
-- subject: mission
-- grain: month
-- source: IPI Peacekeeping Database, marts.police_mission_month
select
    mission as subject_id,
    month as period,
    'staffing_detail' as value_source,
    police_deployed / contributing_countries as value,
    police_deployed as numerator,
    contributing_countries as denominator,
    'marts.police_mission_month: ' || cast(police_deployed as bigint) || ' police of '
        || contributing_countries || ' countries' as citation,
    source_files as source_file,
    null as source_row
from marts.police_mission_month
where contributing_countries > 0
"""


@pytest.fixture
def wh(bundled_warehouse):
    con = read_only(bundled_warehouse)
    yield con
    con.close()


def test_every_indicator_file_is_in_the_dimension_and_has_values(wh):
    declared = {i.indicator_id for i in discover_indicators()}
    assert declared == {r[0] for r in wh.execute("select indicator_id from marts.dim_indicator").fetchall()}
    with_values = {r[0] for r in wh.execute("select distinct indicator_id from marts.fct_indicator_value").fetchall()}
    assert {"female_share_ipo", "female_share_fpu", "police_deployed", "ceiling_fill_rate"} <= with_values
    # No value of an undeclared indicator, and one row per indicator x subject x period x source.
    assert with_values <= declared
    assert wh.execute("""
        select count(*) from (select indicator_id, subject_id, period, value_source, count(*) as n
                              from marts.fct_indicator_value group by all having n > 1)""").fetchone()[0] == 0


def test_shares_carry_numerator_and_denominator(wh):
    bad = wh.execute("""
        select count(*) from marts.fct_indicator_value v join marts.dim_indicator d using (indicator_id)
        where d.unit = 'share' and v.value_source = 'staffing_detail'
          and (v.numerator is null or v.denominator is null or abs(v.value - v.numerator / v.denominator) > 1e-12)
    """).fetchone()[0]
    assert bad == 0


def test_scorecard_measures_equal_the_indicator_values(wh):
    diff = wh.execute("""
        select count(*) from marts.mission_police_scorecard s
        join marts.fct_indicator_value v
          on v.subject_id = s.mission and v.period = s.month and v.value_source = 'staffing_detail'
        where (v.indicator_id = 'female_share_ipo' and v.value is distinct from s.female_share_ipo)
           or (v.indicator_id = 'police_deployed' and v.value is distinct from s.police_deployed)
           or (v.indicator_id = 'ceiling_fill_rate' and v.value is distinct from s.ceiling_fill_rate)
    """).fetchone()[0]
    assert diff == 0


def test_a_header_missing_a_declaration_is_refused(tmp_path):
    path = tmp_path / "no_direction.sql"
    path.write_text(NEW_INDICATOR.replace("-- direction: neither\n", ""))
    with pytest.raises(ValueError, match="lacks direction"):
        parse_indicator(path)
    path.write_text(NEW_INDICATOR.replace("-- unit: persons", "-- unit: furlongs"))
    with pytest.raises(ValueError, match="unit 'furlongs'"):
        parse_indicator(path)


def test_adding_an_indicator_is_one_file(tmp_path, bundled_warehouse):
    """A copy of warehouse/indicators/ plus one new file: the dimension gains
    its row and the stacked table its values, with nothing else changed."""
    root = tmp_path / "warehouse" / "indicators"
    shutil.copytree(INDICATORS, root)
    (root / "police_per_contributor.sql").write_text(NEW_INDICATOR)
    copy = tmp_path / "wh.duckdb"
    shutil.copyfile(bundled_warehouse, copy)

    dim = indicator_frame(root)
    row = dim.filter(dim["indicator_id"] == "police_per_contributor").to_dicts()
    assert row and row[0]["title"] == "Police per contributing country" and row[0]["direction"] == "neither"
    assert row[0]["sql_file"] == "indicators/police_per_contributor.sql"
    model = parse_sql_file(WAREHOUSE_SQL / "marts" / "fct_indicator_value.sql", "marts",
                           indicators=lambda: discover_indicators(root))
    assert ("marts", "police_mission_month") in model.deps

    con = duckdb.connect(str(copy))
    try:
        before = con.execute("select count(*) from marts.fct_indicator_value").fetchone()[0]
        build(con, model)
        added = con.execute("""
            select count(*), min(value), max(value) from marts.fct_indicator_value
            where indicator_id = 'police_per_contributor'""").fetchone()
        expected = con.execute("""
            select count(*) from marts.police_mission_month where contributing_countries > 0""").fetchone()[0]
        after = con.execute("select count(*) from marts.fct_indicator_value").fetchone()[0]
    finally:
        con.close()
    assert added[0] == expected > 0 and added[1] > 0
    assert after == before + expected


# --- targets as data, exact over rounded ------------------------------------------

DOMAIN = Path(__file__).resolve().parents[2].parent / "shared" / "DOMAIN.md"
CATEGORY = {"Individual police officers (IPO)": "IPO", "Formed police units (FPU)": "FPU",
            "Staff officers and military observers": "SO_MO", "Troops": "TRP"}


def domain_parity_cells() -> list[tuple[str, int, float, str]]:
    """(category, year, share, source) for each filled cell of DOMAIN.md's
    table "Gender parity targets after 2017"; 'same' repeats the row above."""
    text = DOMAIN.read_text(encoding="utf-8")
    section = text.split("## Gender parity targets after 2017", 1)[1].split("\n## ", 1)[0]
    lines = [ln for ln in section.splitlines() if ln.startswith("|")]
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    years = [int(h) for h in header[1:-1]]
    cells, previous = [], None
    for line in lines[2:]:
        cols = [c.strip() for c in line.strip("|").split("|")]
        source = previous if cols[-1] == "same" else cols[-1]
        previous = source
        for year, cell in zip(years, cols[1:-1]):
            if cell != "-":
                cells.append((CATEGORY[cols[0]], year, float(cell.rstrip("%")) / 100, source))
    return cells


def test_every_parity_strategy_cell_of_domain_md_is_a_sourced_target_with_its_citation(wh):
    cells = domain_parity_cells()
    assert len(cells) == 7  # IPO 2028; FPU 2022, 2028; staff officers 2021, 2028; troops 2021, 2028
    for category, year, share, source in cells:
        rows = wh.execute("""select target_share, status, citation from marts.benchmark_targets
                             where category = ? and year = ?""", [category, year]).fetchall()
        assert len(rows) == 1, (category, year)
        target, status, citation = rows[0]
        assert status == "sourced" and target == pytest.approx(share), (category, year)
        # The citation names the source DOMAIN.md gives (its first clause at least).
        assert source.split(",")[0].split(";")[0].strip('"') in citation, (category, year, citation)
    # Nothing else is sourced but the 2014 Global Goal, and no gap year is filled as a target.
    sourced = wh.execute("select category, year from marts.benchmark_targets where status = 'sourced'").fetchall()
    assert sorted(sourced) == sorted([(c, y) for c, y, _, _ in cells] + [("POL", 2014)])
    assert wh.execute("""select count(*) from marts.benchmark_targets where category = 'IPO'""").fetchone()[0] == 1
    derived = wh.execute("""select min(year), max(year), count(*) from marts.benchmark_targets
                            where category = 'FPU' and status = 'derived'""").fetchone()
    assert derived == (2023, 2027, 5)


def test_year_targets_score_each_year_against_its_own_target_or_none(wh):
    scored = wh.execute("""
        select distinct r.metric, r.target_year, r.target_value, r.target_status from marts.benchmark_results r
        where r.threshold_kind = 'target_for_year' and r.value_source <> 'none'""").fetchall()
    targets = {(m, y): (t, s) for m, y, t, s in wh.execute("""select metric, year, target_share, status
                                                            from marts.benchmark_targets""").fetchall()}
    assert scored
    for metric, year, target, status in scored:
        assert (target, status) == targets.get((metric, year), (None, None)), (metric, year)


def test_a_share_given_with_its_counts_is_scored_from_the_counts(wh):
    # S/2020/223: 1,726 police of an authorized 1,920, "90 per cent": 0.899 is not 0.9.
    value, numerator, denominator, citation = wh.execute("""
        select value, numerator, denominator, citation from marts.fct_indicator_value
        where indicator_id = 'ceiling_fill_rate' and subject_id = 'MINUSMA' and value_source = 'reported_figure'
    """).fetchone()
    assert (numerator, denominator) == (1726, 1920) and value == pytest.approx(1726 / 1920) and value < 0.9
    assert "S/2020/223" in citation and "1726 of 1920" in citation
    status = wh.execute("""select measured_value, status from marts.benchmark_results
                           where benchmark_id = 'police_ceiling_fill_90pct' and mission = 'MINUSMA'
                             and value_source = 'reported_figure'""").fetchall()
    assert status == [(pytest.approx(1726 / 1920), "not met")]


def test_no_data_rows_are_dated_by_the_deadline_or_not_at_all(wh):
    rows = wh.execute("""select benchmark_id, period, deadline from marts.benchmark_results
                         where value_source = 'none'""").fetchall()
    assert rows
    for benchmark_id, period, deadline in rows:
        assert period == (deadline.replace(day=1) if deadline else None), benchmark_id


def test_analyst_scorecard_view_exposes_every_column_of_the_mart(wh):
    def columns(schema):
        return [r[0] for r in wh.execute("""select column_name from information_schema.columns
                                            where table_schema = ? and table_name = 'mission_police_scorecard'
                                            order by ordinal_position""", [schema]).fetchall()]
    # The same columns in the same order (a BI tool's field list follows it).
    assert columns("analytics") == columns("marts")
    assert {"police_total", "police_published", "police_deployed_source"} <= set(columns("analytics"))


def test_check_fails_on_two_values_for_one_key(tmp_path, bundled_warehouse):
    from pipelines.defs.performance.indicators import one_value_per_key

    copy = tmp_path / "wh.duckdb"
    shutil.copyfile(bundled_warehouse, copy)
    con = duckdb.connect(str(copy))
    try:
        assert one_value_per_key(con, None)[0]
        con.execute("""insert into marts.fct_indicator_value
                       select * from marts.fct_indicator_value where indicator_id = 'police_deployed' limit 1""")
        passed, metadata = one_value_per_key(con, None)
    finally:
        con.close()
    assert not passed and metadata["failing_keys"] == 1


def test_ipo_female_share_is_women_ipos_over_ipos(wh):
    """Known values, not only shapes: August 2014 in the bundled IPI rows
    (README's query) and S/2020/223's and S/2020/890's IPO counts. Over the FPU
    personnel instead, MINUSMA would read 12 of 839 (0.014)."""
    rows = {(m, p.isoformat()): (n, d, round(v, 3)) for m, p, n, d, v in wh.execute("""
        select subject_id, period, numerator, denominator, value from marts.fct_indicator_value
        where indicator_id = 'female_share_ipo'
          and (period = date '2014-08-01' and subject_id <> 'ALL' or value_source = 'reported_figure')""").fetchall()}
    assert rows[("MINUSMA", "2014-08-01")] == (12, 135, 0.089)
    assert rows[("MINUSTAH", "2014-08-01")] == (96, 795, 0.121)
    assert rows[("UNAMID", "2014-08-01")] == (295, 1246, 0.237)
    assert rows[("MINUSMA", "2020-03-01")] == (79, 298, 0.265)
    assert rows[("UNMISS", "2020-09-01")] == (184, 611, 0.301)
    scorecard = dict(wh.execute("""select mission, round(female_share_ipo, 3) from marts.mission_police_scorecard
                                   where month = date '2014-08-01'""").fetchall())
    assert scorecard == {"MINUSMA": 0.089, "MINUSTAH": 0.121, "UNAMID": 0.237}
