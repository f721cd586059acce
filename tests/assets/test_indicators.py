"""The indicator model: every indicator file is declared and stacked, the
scorecard and benchmarks read it, and adding an indicator is one file (shown
on a temporary copy of warehouse/indicators/ over the bundled warehouse)."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from pipelines.defs.performance.indicators import indicator_frame
from pipelines.lib.indicators import INDICATORS, discover_indicators, parse_indicator, value_model
from pipelines.lib.sql_models import build
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
    model = value_model(discover_indicators(root), root)
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
