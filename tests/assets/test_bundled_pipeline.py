"""Layer 4: materialize every asset from the bundled files into a temporary
DuckDB file and check the figures that come out against their sources."""

from datetime import date

import pytest


def test_run_publishes_every_mart(bundled_warehouse, query):
    tables = {r[0] for r in query(bundled_warehouse, "select schema_name || '.' || table_name from duckdb_tables()")}
    for t in ("marts.mission_police_scorecard", "marts.benchmark_results", "marts.reported_figures",
              "marts.fct_police_deployment", "marts.dim_mission", "marts.dim_country", "audit.ingest_ledger"):
        assert t in tables


def test_minujusth_ceiling_295_with_citation(bundled_warehouse, query):
    rows = query(bundled_warehouse,
                 "select value, citation from marts.reported_figures where mission = 'MINUJUSTH' and indicator = 'police_ceiling'")
    assert rows == [(295.0, "SC/13056 (S/PV.8086), Georges-Pierre Monchotte, MINUJUSTH Police Commissioner")]
    rows = query(bundled_warehouse,
                 "select distinct authorized_ipo, ceiling_set_by from marts.mission_police_scorecard where mission = 'MINUJUSTH'")
    assert rows == [(295, "S/RES/2350 (2017)")]


def test_minusma_training_figures(bundled_warehouse, query):
    rows = query(bundled_warehouse,
                 "select trainees, citation from marts.fct_training where mission = 'MINUSMA' order by trainees desc")
    assert [r[0] for r in rows] == [24000, 1385]
    assert all("SC/13056" in r[1] and "Issoufou Yacouba" in r[1] for r in rows)


def test_unamid_twenty_per_cent_scored_against_the_global_goal(bundled_warehouse, query):
    rows = query(bundled_warehouse, """
        select measured_value, status, value_citation, benchmark_source from marts.benchmark_results
        where benchmark_id = 'female_share_ipo_20pct_by_2014' and mission = 'UNAMID' and value_source = 'reported_figure'""")
    assert len(rows) == 1
    value, status, citation, source = rows[0]
    # November 2017 is after the 2014 deadline: reported as met later, never as met.
    assert value == pytest.approx(0.20) and status == "met later"
    assert "SC/13056" in citation and "para 12(d)" in source


def test_scorecard_sums_the_cited_staffing_rows(bundled_warehouse, query):
    # 2014-03: IPI full_gender_data_2014-10-29.csv gives MINUSMA 986, MINUSTAH 2,410,
    # UNAMID 3,506 police (IPO + FPU), the same as IPI's mission totals for that month.
    rows = dict(query(bundled_warehouse, """
        select mission, police_deployed from marts.mission_police_scorecard where month = date '2014-03-01'
        and mission in ('MINUSMA', 'MINUSTAH', 'UNAMID')"""))
    assert rows == {"MINUSMA": 986, "MINUSTAH": 2410, "UNAMID": 3506}
    fill = query(bundled_warehouse, """
        select ceiling_fill_rate from marts.mission_police_scorecard where mission = 'MINUSTAH' and month = date '2014-03-01'""")
    assert fill[0][0] == pytest.approx(2410 / 2601)


def test_benchmarks_cover_met_not_met_and_no_data(bundled_warehouse, query):
    statuses = {r[0] for r in query(bundled_warehouse, "select distinct status from marts.benchmark_results")}
    assert statuses == {"met", "not met", "no data", "met later", "no target for the year"}
    n = query(bundled_warehouse, "select count(*) from marts.benchmark_results where benchmark_source is null")
    assert n == [(0,)]


def test_every_fact_row_traces_to_a_source(bundled_warehouse, query):
    for table in ("marts.fct_police_deployment", "marts.fct_authorized_strength", "marts.fct_training", "marts.reported_figures"):
        n = query(bundled_warehouse, f"select count(*) from {table} where source_file is null or source_row is null")
        assert n == [(0,)], table
    n = query(bundled_warehouse, "select count(*) from marts.fct_police_deployment where citation not like '%row%'")
    assert n == [(0,)]


def test_ledger_balances_for_every_file(bundled_warehouse, query):
    rows = query(bundled_warehouse, """
        select source_file, rows_read, rows_loaded + rows_rejected + rows_duplicate + rows_total
        from audit.ingest_ledger""")
    assert rows and all(read == accounted for _, read, accounted in rows)


def test_a_ceiling_is_in_force_between_two_dates(bundled_warehouse, query):
    # S/RES/2100 (2013) set MINUSMA's 1,440 police until S/RES/2295 (2016) raised it from 29 June 2016.
    types = query(bundled_warehouse, """select distinct typeof(effective_from), typeof(effective_to)
                                        from marts.fct_authorized_strength""")
    assert types == [("DATE", "DATE")]
    rows = query(bundled_warehouse, """select authorized_strength, effective_from, effective_to
                                       from marts.fct_authorized_strength where mission = 'MINUSMA' order by 2""")
    assert rows == [(1440, date(2013, 4, 25), date(2016, 6, 28)), (1920, date(2016, 6, 29), None)]
