"""RADPKO's base x year table (radpko_bases_yearly/, issue 26), end to end:
loaded as the source police_bases, summed per mission and year in
marts.fct_police_mission_year and reconciled against IPI's month-end police.
Figures from the folder's PROVENANCE.md, or computed here from the CSV by
hand (each test names the rows)."""

from __future__ import annotations

import csv
from datetime import date

import pytest

from pipelines.defs.police_bases import parser as bases
from pipelines.lib.files import sha256_of
from pipelines.lib.formats import detect
from pipelines.lib.ingest.spec import InboxFile
from pipelines.lib.reference import known_missions
from pipelines.lib.warehouse import read_only
from pipelines.settings import PROJECT_ROOT
from tests.conftest import SHARED_REAL, ingest, q

REL = "radpko_bases_yearly/radpko_bases_cc_y.csv"
RADPKO = SHARED_REAL / REL
BASIS = "yearly average of monthly base reports (RADPKO)"

slow = pytest.mark.slow


def _csv_sum(mission: str, year: str) -> tuple[float, float, list[int]]:
    """unpol and f_unpol summed over a mission-year's rows, and their data row numbers."""
    with open(RADPKO, newline="", encoding="utf-8") as fh:
        rows = [(i, r) for i, r in enumerate(csv.DictReader(fh), start=1)
                if r["mission"] == mission and r["year"] == year]
    return (sum(float(r["unpol"]) for _, r in rows), sum(float(r["f_unpol"]) for _, r in rows), [i for i, _ in rows])


@pytest.fixture(scope="module")
def radpko_ingest():
    f = InboxFile(REL, RADPKO, detect(RADPKO).format, sha256_of(RADPKO))
    return ingest(bases.spec(known_missions([])), [f], "test")


def test_radpko_is_recognised_as_the_police_bases_source():
    fmt = detect(RADPKO).format
    assert (fmt.name, fmt.domain) == ("radpko_bases_yearly", "police_bases")


def test_every_row_loads_but_the_three_without_a_base(radpko_ingest):
    """PROVENANCE.md: 2,652 data rows, 3 with an empty base (ONUB 2005 and
    2006, UNMISS 2014): kept as rejects naming file, row, column and rule."""
    ledger = radpko_ingest.ledger.row(0, named=True)
    assert (ledger["rows_read"], ledger["rows_loaded"], ledger["rows_rejected"], ledger["rows_duplicate"]) == (
        2652, 2649, 3, 0)
    assert sorted(radpko_ingest.rejects.select("source_file", "source_row", "column_name", "rule").rows()) == [
        (REL, 415, "base", "base_present"), (REL, 610, "base", "base_present"), (REL, 1966, "base", "base_present")]


def test_nan_coordinates_load_without_coordinates(radpko_ingest):
    """Rows 824, 825 and 984 (UNMIS's Addis Ababa liaison, 2007-2008) publish
    NaN coordinates; their police still count."""
    rec = radpko_ingest.records.filter(radpko_ingest.records["source_row"].is_in([824, 825, 984]))
    assert rec.select("base", "year", "latitude", "longitude").sort("year", "base").rows() == [
        ("addis ababa", 2007, None, None), ("adis abeba", 2007, None, None), ("adis abeba", 2008, None, None)]


@slow
def test_radpko_is_loaded_in_the_real_warehouse(real_warehouse):
    assert q(real_warehouse, """
        select rows_read, rows_loaded, rows_rejected from audit.ingest_ledger
        where source_file = ?""", [REL]) == [(2652, 2649, 3)]
    assert q(real_warehouse, "select count(*), count(distinct mission) from raw.police_bases") == [(2649, 13)]
    assert q(real_warehouse, """
        select count(*) from analytics.rejects where source_file = ? and rule = 'base_present'""", [REL]) == [(3,)]


@slow
def test_minusma_2019_police_and_women_as_summed_by_hand(real_warehouse):
    """MINUSMA 2019 is data rows 2566-2578 (13 bases, Aguelhok to Tombouctou):
    unpol sums to 1,690.24 and f_unpol to 202.44 (a share of 11.98 per cent)."""
    police, women, rows = _csv_sum("MINUSMA", "2019")
    assert rows == list(range(2566, 2579))
    assert (round(police, 2), round(women, 2)) == (1690.24, 202.44)
    got = q(real_warehouse, """
        select police, women_police, female_share_police, bases, basis, women_police_withheld_because, citation
        from marts.fct_police_mission_year where mission = 'MINUSMA' and year = 2019""")
    assert len(got) == 1
    p, w, share, n, basis, withheld, citation = got[0]
    assert (round(p, 2), round(w, 2), round(share, 4), n, basis, withheld) == (
        1690.24, 202.44, 0.1198, 13, BASIS, None)
    assert citation.endswith(f"{REL} rows " + ", ".join(map(str, rows)))


@slow
def test_unisfa_2018_from_its_18_bases(real_warehouse):
    """UNISFA 2018, rows 2520-2537: police 37.0, women 12.0 (32.4 per cent)."""
    police, women, rows = _csv_sum("UNISFA", "2018")
    assert (rows[0], rows[-1], round(police, 2), round(women, 2)) == (2520, 2537, 37.0, 12.0)
    assert q(real_warehouse, """
        select round(police, 2), round(women_police, 2), round(female_share_police, 3)
        from marts.fct_police_mission_year where mission = 'UNISFA' and year = 2018""") == [(37.0, 12.0, 0.324)]


@slow
def test_women_withheld_where_radpko_has_no_sex_split(real_warehouse):
    """Before 2010 RADPKO's women police are 0 in every mission but UNMIS (the
    UN's split by sex starts in late 2009); UNMIS's are exactly half its police
    at every base in every year (137 rows). Withheld, with the reason."""
    assert q(real_warehouse, """
        select women_police_withheld_because, count(*), count(women_police), min(year), max(year)
        from marts.fct_police_mission_year group by 1 order by 1 nulls first""") == [
        (None, 62, 62, 2010, 2019),
        ("no_sex_split_before_2010", 40, 0, 1999, 2009),
        ("women_half_of_police_at_every_base", 2, 0, 2010, 2011),
    ]
    assert q(real_warehouse, """
        select round(women_police_published, 2), round(police, 2) from marts.fct_police_mission_year
        where mission = 'UNMIS' and year = 2010""") == [(569.35, 1138.69)]
    # The reasons, from the CSV itself: f_unpol is 0 in every row before 2009
    # but UNMIS's, and UNMIS's is unpol / 2 in every row.
    with open(RADPKO, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert sum(float(r["f_unpol"]) for r in rows if int(r["year"]) < 2009 and r["mission"] != "UNMIS") == 0
    unmis = [r for r in rows if r["mission"] == "UNMIS"]
    assert len(unmis) == 137 and all(abs(float(r["f_unpol"]) - float(r["unpol"]) / 2) < 1e-9 for r in unmis)


@slow
def test_reconciliation_flags_unmis_and_passes_unamid(real_warehouse):
    """Against IPI's month-end police averaged over the year (5 per cent of it
    tolerated): UNMIS 2006's RADPKO police (1,211.33) are about twice IPI's
    (609.83, data_mission_1990-2017.csv), a mismatch; UNAMID 2014 agrees
    (3,499.59 vs 3,476.08); 2016 has no IPI total (its November is missing) and
    2018 none at all."""
    rows = {(m, y): (round(p, 2) if p is not None else None, round(d, 2), s) for m, y, p, d, s in q(real_warehouse, """
        select mission, year(month), published_value, detail_value, status from audit.reconciliation
        where reconciliation_kind = 'police_mission_year_vs_strength'""")}
    assert rows[("UNMIS", 2006)] == (609.83, 1211.33, "mismatch")
    assert rows[("UNAMID", 2014)] == (3476.08, 3499.59, "ok")
    assert rows[("UNAMID", 2016)][2] == rows[("UNAMID", 2018)][2] == "no total"
    # Either side of the 5 per cent: UNMIL 2014 differs by 4.5 per cent of
    # IPI's 1,496.0 (ok), MONUSCO 2015 by 7.6 per cent of 1,137.08 (mismatch).
    assert rows[("UNMIL", 2014)] == (1496.0, 1563.72, "ok")
    assert rows[("MONUSCO", 2015)] == (1137.08, 1223.58, "mismatch")
    assert {s for (m, _), (_, _, s) in rows.items() if m == "UNMIS"} == {"mismatch", "no total"}
    tol = q(real_warehouse, """
        select tolerance / published_value from audit.reconciliation
        where reconciliation_kind = 'police_mission_year_vs_strength' and mission = 'UNAMID' and year(month) = 2014""")
    assert round(tol[0][0], 6) == 0.05


@slow
def test_female_share_of_police_carries_radpko_years_apart_from_month_ends(real_warehouse):
    """RADPKO counts IPOs and FPUs together, so its share feeds the all-police
    indicator only, as its own value source dated 1 January. ../shared/data/real
    README.md: 'RADPKO gives 8.7 per cent for all UNAMID police in 2017'."""
    assert q(real_warehouse, """
        select round(value, 3), round(numerator, 2), round(denominator, 2) from marts.fct_indicator_value
        where indicator_id = 'female_share_police' and subject_id = 'UNAMID'
          and value_source = 'radpko_yearly_average' and period = date '2017-01-01'""") == [(0.087, 265.73, 3050.74)]
    # The three all-police indicators take it, each with the year's RADPKO figure.
    assert q(real_warehouse, """
        select indicator_id, round(value, 2) from marts.fct_indicator_value
        where value_source = 'radpko_yearly_average' and subject_id = 'MINUSMA' and period = date '2019-01-01'
        order by 1""") == [("female_police", 202.44), ("female_share_police", 0.12), ("police_deployed", 1690.24)]
    # 2015-2019 scored for the 7 RADPKO missions deployed then (UNMIL to 2017, UNISFA to 2018).
    assert q(real_warehouse, """
        select subject_id, count(*) from marts.fct_indicator_value
        where indicator_id = 'female_share_police' and value_source = 'radpko_yearly_average'
          and period >= date '2015-01-01' group by 1 order by 1""") == [
        ("MINUSCA", 5), ("MINUSMA", 5), ("MONUSCO", 5), ("UNAMID", 5), ("UNISFA", 4), ("UNMIL", 3), ("UNMISS", 5)]
    # The scorecard's months read month-end sources only: no share after IPI's
    # last sex split (2014-08), no police after its last mission totals (2017-03).
    assert q(real_warehouse, """
        select count(*) filter (where month > date '2014-08-01' and female_share_police is not null),
               max(month) filter (where police_total is not null)
        from marts.mission_police_scorecard""") == [(0, date(2017, 3, 1))]


@slow
def test_radpko_2014_share_agrees_with_ipi_month_end(real_warehouse):
    """Where both exist, RADPKO's 2014 yearly share and IPI's August 2014
    month-end share of women among police are within 1.6 points."""
    rows = q(real_warehouse, """
        select r.subject_id, r.value, m.value from marts.fct_indicator_value as r
        join marts.fct_indicator_value as m
          on m.indicator_id = r.indicator_id and m.subject_id = r.subject_id
         and m.value_source = 'staffing_detail' and m.period = date '2014-08-01'
        where r.indicator_id = 'female_share_police' and r.value_source = 'radpko_yearly_average'
          and r.period = date '2014-01-01'
        order by 1""")
    assert [m for m, _, _ in rows] == ["MINUSMA", "MONUSCO", "UNAMID", "UNISFA", "UNMIL", "UNMISS", "UNOCI"]
    assert max(abs(a - b) for _, a, b in rows) < 0.016


@slow
def test_the_2014_goal_is_scored_by_deadline_with_radpko_later(real_warehouse):
    """Women 20 per cent of a mission's police by 2014: scored on the last
    month-end figure by the deadline; RADPKO's latest year beside it, never as
    met by the deadline (MINUSMA 12.0 per cent in 2019; UNISFA 32.4 in 2018)."""
    got = {m: (str(p), s, str(lp), src, round(lv, 3), ls) for m, p, s, lp, src, lv, ls in q(real_warehouse, """
        select mission, period, status, later_period, later_value_source, later_value, later_status
        from marts.benchmark_status
        where benchmark_id = 'female_share_police_20pct_by_2014' and mission in ('MINUSMA', 'UNISFA')""")}
    assert got == {
        "MINUSMA": ("2014-08-01", "not met by deadline", "2019-01-01", "radpko_yearly_average", 0.12, "not met later"),
        "UNISFA": ("2014-08-01", "met by deadline", "2018-01-01", "radpko_yearly_average", 0.324, "met later"),
    }
    assert q(real_warehouse, """
        select count(*), count(*) filter (where status like '%later') from marts.benchmark_results
        where benchmark_id = 'female_share_police_20pct_by_2014' and value_source = 'radpko_yearly_average'
          and period >= date '2015-01-01'""") == [(32, 32)]


@slow
def test_example_query_women_police_by_year(real_warehouse):
    """docs/queries/women_police_by_year_radpko.sql: one row per mission-year
    with a usable share (62 less UNISFA 2011, no police), MINUSMA 2019 as summed above."""
    con = read_only(real_warehouse)
    try:
        rel = con.sql((PROJECT_ROOT / "docs" / "queries" / "women_police_by_year_radpko.sql").read_text())
        columns, rows = rel.columns, rel.fetchall()
    finally:
        con.close()
    assert columns == ["mission", "year", "police_yearly_average", "women_yearly_average", "female_share_police",
                       "police_vs_ipi"]
    assert len(rows) == 61
    assert ("MINUSMA", 2019, 1690.2, 202.4, 0.12, "no total") in rows
    assert ("UNAMID", 2014, 3499.6, 360.6, 0.103, "ok") in rows


@slow
def test_report_writes_radpkos_later_figure_as_a_years_average(real_warehouse):
    """The report's benchmark table: MINUSMA's 2014 goal, RADPKO's 2019 beside it, as a year, not 'January 2019'."""
    from html import unescape

    from pipelines.lib.report.output import report_path

    page = unescape(report_path(real_warehouse).read_text(encoding="utf-8"))
    assert "not met later, 2019 (yearly average, RADPKO): 12.0%" in page
    assert "later, January 2019" not in page
