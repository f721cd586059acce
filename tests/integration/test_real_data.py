"""The real published files in ../shared/data/real, end to end.

Over 400 lines on purpose: one short test per documented quirk of the real
files, all sharing one session-built warehouse; the new sources of issue 14
have their own file (test_real_contributors_and_locations.py).

The figures asserted are the ones a UN analyst would check, each from the
folder's PROVENANCE.md or README.md; every quirk those files list has a test
showing what the pipeline does with it. Tests marked ``slow`` read the
warehouse built once from every loaded real file through ``unpol run --inbox``
(fixture ``real_warehouse``); the others ingest one or two files through the
same domain specs, without Dagster.
"""

from __future__ import annotations

import csv
from datetime import date

import polars as pl
import pytest

from pipelines.defs.fatalities import parser as incidents
from pipelines.defs.mission_strength import parser as strength
from pipelines.defs.staffing import parser as staffing
from pipelines.lib.countries import resolve
from pipelines.lib.files import sha256_of
from pipelines.lib.formats import detect
from pipelines.lib.ingest.spec import InboxFile
from pipelines.lib.reference import known_missions
from pipelines.lib.sql_models import discover_checks, run_check
from pipelines.lib.warehouse import read_only
from tests.conftest import REAL_NOT_LOADED, SHARED_REAL, ingest, q

GENDER = "ipi_contributions_gender_monthly"
TOTALS = "ipi_mission_totals_monthly"
FATAL = "un_fatalities"
CLEAN = f"{GENDER}/full_gender_data_2014-10-29.csv"
DIRTY = f"{GENDER}/full_gender_data_2014-10-21_dirty.csv"
SCRAPER = f"{GENDER}/Gender.Full_2014-03-24.csv"
SNAPSHOT = f"{GENDER}/monthly_snapshot_2014-03-31.csv"
MISSION_FILE = f"{TOTALS}/data_mission_1990-2017.csv"
SYSTEM_FILE = f"{TOTALS}/data_monthly_system_1990-2017.csv"
ODP_FATAL = f"{FATAL}/odp_noticas_hdx_2021.csv"
PSDATA_FATAL = f"{FATAL}/DPPADPOSS-FATALITIES_psdata_2025-04.csv"
MISSION_LIST = "un_pko_missions/DPPADPOSS-PKO_psdata_2024-02.csv"

# Data rows per file, from each folder's PROVENANCE.md.
PUBLISHED_ROWS = {
    CLEAN: 35_774, DIRTY: 43_255, SCRAPER: 29_115, SNAPSHOT: 573,
    MISSION_FILE: 5_330, SYSTEM_FILE: 316,
    ODP_FATAL: 4_117, PSDATA_FATAL: 4_429,
    MISSION_LIST: 81,
}

# The three questions issue 3 asks the warehouse to answer in one query each
# (shown with their output in the README and docs/real_data.md).
FEMALE_SHARE_IPO_QUERY = """
select mission, month, ipo_female, ipo_deployed, round(female_share_ipo, 3) as female_share_ipo
from marts.mission_police_scorecard
where female_share_ipo is not null
order by mission, month
"""
POLICE_SINCE_1990_QUERY = """
select mission, month, police_total, police_deployed_source
from marts.mission_police_scorecard
where police_total is not null
order by mission, month
"""
FATALITIES_QUERY = """
select mission, year(incident_date) as year, incident_type, count(*) as fatalities
from marts.fct_fatality
group by all
order by mission, year, incident_type
"""

slow = pytest.mark.slow


def ingest_real(spec, *relpaths: str):
    """Ingest real files through a domain spec, in memory (no Dagster)."""
    files = []
    for rel in relpaths:
        p = SHARED_REAL / rel
        files.append(InboxFile(rel, p, detect(p).format, sha256_of(p)))
    return ingest(spec, files, "test")


# --- every file, its format and its ledger ----------------------------------------

def test_every_real_file_is_recognised_by_its_header(shared_real):
    expected = {
        CLEAN: "ipi_gender_wide", DIRTY: "ipi_gender_wide", SCRAPER: "ipi_gender_wide_spaced",
        SNAPSHOT: "ipi_monthly_snapshot", MISSION_FILE: "ipi_mission_totals", SYSTEM_FILE: "ipi_system_totals",
        ODP_FATAL: "un_odp_fatalities", PSDATA_FATAL: "un_psdata_fatalities", MISSION_LIST: "un_psdata_missions",
    }
    for rel, fmt in expected.items():
        assert detect(shared_real / rel).format.name == fmt, rel
    # The two folders issue 3 leaves out are recognised (the ranks file despite
    # its BOM), so dropping them in an inbox is not an error; they are not loaded.
    for folder in REAL_NOT_LOADED:
        for f in (shared_real / folder).glob("*.csv"):
            d = detect(f)
            assert d.format is not None and d.format.domain == "not_ingested", f


@slow
def test_every_loaded_real_file_balances_in_the_ledger(real_warehouse):
    files = dict(q(real_warehouse, "select relpath, status from audit.inbox_files"))
    rows = q(real_warehouse, """
        select source_file, rows_read, rows_loaded, rows_rejected, rows_duplicate, rows_total, file_refused
        from audit.ingest_ledger""")
    ledger = {r[0]: r[1:] for r in rows}
    for rel, n in PUBLISHED_ROWS.items():
        assert files[rel] == "accepted", rel
        read, loaded, rejected, duplicate, total, refused = ledger[rel]
        assert not refused and read == n, rel
        assert read == loaded + rejected + duplicate + total, rel
        # Far below the 10 per cent per file that would stop publishing.
        assert rejected / read < 0.01, rel


@slow
def test_no_real_record_names_an_unknown_mission(real_warehouse):
    # The mission seed (scripts/make_bundled_data.py) covers every acronym of
    # every real file, after stray apostrophes and the ONUCI alias.
    assert q(real_warehouse, "select count(*) from audit.rejects where rule = 'mission_is_known'") == [(0,)]


# --- figures a UN analyst checks ---------------------------------------------------

@slow
def test_un_police_in_march_2017_are_11963(real_warehouse):
    rows = dict(q(real_warehouse, """
        select scope, sum(personnel) from marts.fct_mission_strength
        where month = date '2017-03-01' and category = 'police' group by scope"""))
    assert rows == {"system": 11_963, "mission": 11_963}
    # README.md of the real data: "more than 11,000" in 2017 is consistent.
    series = q(real_warehouse, """
        select month, personnel from marts.fct_mission_strength
        where mission = 'ALL' and category = 'police' and year(month) = 2017 order by month""")
    assert series == [(date(2017, 1, 1), 12_803), (date(2017, 2, 1), 12_237), (date(2017, 3, 1), 11_963)]


@slow
def test_police_2014_03_published_total_equals_ipo_plus_fpu_detail(real_warehouse):
    published = q(real_warehouse, """
        select personnel from marts.fct_mission_strength
        where mission = 'ALL' and category = 'police' and month = date '2014-03-01'""")
    detail = dict(q(real_warehouse, """
        select personnel_type, sum(total) from marts.fct_police_deployment
        where month = date '2014-03-01' group by personnel_type"""))
    assert published == [(12_099,)]
    assert detail == {"IPO": 4_821, "FPU": 7_278}
    statuses = q(real_warehouse, """
        select distinct status from audit.reconciliation
        where reconciliation_kind = 'mission_strength_vs_detail' and month = date '2014-03-01'
        and quantity = 'police (IPO + FPU)'""")
    assert statuses == [("ok",)]


@slow
def test_police_per_mission_agrees_with_detail_in_every_month_both_cover(real_warehouse):
    rows = dict(q(real_warehouse, """
        select status, count(*) from audit.reconciliation
        where reconciliation_kind = 'mission_strength_vs_detail' and quantity = 'police (IPO + FPU)'
        group by status"""))
    # Every mission-month with police in 2009-11 .. 2014-08 agrees exactly.
    assert rows == {"ok": 712}


@slow
def test_minusma_military_malicious_act_deaths_2013_to_2017_are_87(real_warehouse):
    n = q(real_warehouse, """
        select count(*) from marts.fct_fatality
        where mission = 'MINUSMA' and personnel_type = 'MIL' and incident_type = 'Malicious Act'
        and incident_date between date '2013-10-23' and date '2017-11-06'""")
    assert n == [(87,)]
    # The briefing's 86 (SC/13056) is reconciled, and the difference shown.
    row = q(real_warehouse, """
        select published_value, detail_value, difference, status, detail_counted, published_source
        from audit.reconciliation where figure_id = 'minusma-peacekeepers-killed-2013-2017'""")
    assert len(row) == 1
    published, detail, difference, status, counted, source = row[0]
    assert (published, detail, difference, status) == (86, 87, -1, "mismatch")
    assert "Military 87" in counted and "2013-10-23" in counted and "SC/13056" in source


@slow
def test_briefing_figures_reconciled_against_the_datasets(real_warehouse):
    rows = {(r[0], r[1]): r[2:] for r in q(real_warehouse, """
        select figure_id, detail_source, month, detail_value, difference, status
        from audit.reconciliation where reconciliation_kind = 'reported_figure_vs_dataset'""")}
    # "more than 11,000 UN police" (Nov 2017) against IPI's latest 2017 month.
    assert rows[("all-police-deployed-2017", "marts.fct_mission_strength")] == (date(2017, 3, 1), 11_963, -963, "ok")
    # The 2009-2014 detail has nothing for 2017: shown, not hidden.
    assert rows[("all-police-deployed-2017", "marts.fct_police_deployment")][3] == "no detail"
    # June 2010: DPKO's 13,420 against IPI's month-end 13,512, in both datasets.
    for dataset in ("marts.fct_mission_strength", "marts.fct_police_deployment"):
        assert rows[("all-police-serving-2010-06", dataset)] == (date(2010, 6, 1), 13_512, -92, "mismatch")
    # A stated female share (UNAMID's 20 per cent, 2017) has no staffing detail to check it.
    month, value, _, status = rows[("unamid-female-share-police-2017", "marts.fct_police_deployment")]
    assert value is None and status == "no detail"
    # The 387 wounded cannot be checked: the files hold deaths only, so no row.
    assert not [k for k in rows if k[0] == "minusma-peacekeepers-wounded-2013-2017"]


# --- the three one-query answers ----------------------------------------------------

@slow
def test_female_share_of_ipos_per_mission_per_month(real_warehouse):
    rows = {(m, mo): (f, d, s) for m, mo, f, d, s in q(real_warehouse, FEMALE_SHARE_IPO_QUERY)}
    # README.md of the real data: UNAMID IPOs 19.5 per cent female in May 2014, 23.7 in August 2014.
    assert rows[("UNAMID", date(2014, 5, 1))][2] == pytest.approx(0.195, abs=0.0005)
    assert rows[("UNAMID", date(2014, 8, 1))][2] == pytest.approx(0.237, abs=0.0005)
    months = {mo for _, mo in rows}
    assert min(months) == date(2009, 11, 1) and max(months) == date(2014, 8, 1)
    assert len(rows) == 712  # docs/real_data.md, "The questions the data answers"


@slow
def test_police_per_mission_per_month_since_1990(real_warehouse):
    rows = {(m, mo): (n, src) for m, mo, n, src in q(real_warehouse, POLICE_SINCE_1990_QUERY)}
    assert min(mo for _, mo in rows) == date(1990, 11, 1)
    # docs/real_data.md: 3,083 mission-months of 62 missions, every one inside its mission's lifetime.
    assert (len(rows), len({m for m, _ in rows})) == (3_083, 62)
    assert rows[("UNFICYP", date(1990, 11, 1))] == (44, "published_total")
    assert rows[("MINUSTAH", date(2004, 6, 1))] == (67, "published_total")
    assert rows[("MINUSTAH", date(2014, 3, 1))] == (2_410, "detail")
    # README.md of the real data: MINUSTAH had 2,414 police in March 2017.
    assert rows[("MINUSTAH", date(2017, 3, 1))] == (2_414, "published_total")
    # The scorecard keeps its earlier columns and meaning: police_deployed is the detail only.
    assert q(real_warehouse, """
        select police_deployed, police_published, has_deployment_data from marts.mission_police_scorecard
        where mission = 'MINUSTAH' and month = date '2017-03-01'""") == [(None, 2_414, False)]


@slow
def test_fatalities_by_mission_year_and_incident_type(real_warehouse):
    rows = {(m, y, t): n for m, y, t, n in q(real_warehouse, FATALITIES_QUERY)}
    # PROVENANCE.md: MINUSMA 2021 malicious-act deaths are 10 in the June 2021
    # file and 20 in the 2025 release; the newer release wins.
    assert rows[("MINUSMA", 2021, "Malicious Act")] == 20
    assert sum(rows.values()) == q(real_warehouse, "select count(*) from marts.fct_fatality")[0][0] == 4_417
    assert len(rows) == 1_123  # docs/real_data.md, "The questions the data answers"
    # The same counts feed marts.fct_incident, beside the figures cited in documents.
    assert q(real_warehouse, """
        select sum(incident_count) from marts.fct_incident
        where source_kind = 'fatality_records' and mission = 'MINUSMA' and year(period_start) = 2021
        and incident_type = 'Malicious Act'""") == [(20,)]
    assert q(real_warehouse, """
        select count(*) from marts.fct_incident where source_kind = 'reported_figure'""")[0][0] >= 2


# --- IPI gender files: quirks -----------------------------------------------------------

@slow
def test_all_rows_are_not_double_counted(real_warehouse):
    # 52 system-total and 6,033 country-total rows per PPP_Loader file are kept
    # as published totals (39 of them, USA's and MDA's, are NA in every count
    # and carry no record); the detail facts hold none of them.
    ledger = dict(q(real_warehouse, "select source_file, rows_total from audit.ingest_ledger"))
    assert ledger[CLEAN] == ledger[DIRTY] == 6_085 - 39
    assert q(real_warehouse, """
        select count(*) from marts.fct_uniformed_deployment
        where mission = 'ALL' or contributing_country_iso3 = 'ALL'""") == [(0,)]
    # The 'all' rows reconcile with the detail for every IPO and FPU total.
    assert q(real_warehouse, """
        select distinct status from audit.reconciliation
        where reconciliation_kind = 'staffing_total_vs_detail' and contributing_country_iso3 = 'ALL'
        and personnel_type in ('IPO', 'FPU') and quantity = 'total'""") == [("ok",)]


@slow
def test_sex_columns_that_do_not_add_up_are_reported_not_rejected(real_warehouse):
    # 2009-11 system row: 6,316 male + 591 female IPOs of 6,964.
    row = q(real_warehouse, """
        select published_value, detail_value, difference, status from audit.reconciliation
        where reconciliation_kind = 'staffing_total_sex_split' and contributing_country_iso3 = 'ALL'
        and personnel_type = 'IPO' and month = date '2009-11-01'""")
    assert row == [(6_964, 6_907, 57, "mismatch")]
    # Total rows are exempt from the female + male = total rule: none is rejected for it.
    assert q(real_warehouse, """
        select count(*) from audit.rejects as r
        join staging.stg_staffing_totals as t using (source_file, source_row)
        where r.rule = 'female_plus_male_equals_total'""") == [(0,)]


@slow
def test_stray_apostrophes_are_removed(real_warehouse):
    for table, columns in (("staging.stg_staffing", ("mission", "country_iso3", "country_name_published")),
                           ("staging.stg_mission_strength", ("mission", "host_country_iso3",
                                                             "host_country_name_published"))):
        for c in columns:
            assert q(real_warehouse, f"select count(*) from {table} where {c} like '%''%'") == [(0,)], (table, c)
    # "2014-03-31,Bangladesh',BGD',MINURSO',...,8,0,8,17,3,20,..." (PROVENANCE example)
    assert q(real_warehouse, """
        select personnel_type, female, male, total from staging.stg_staffing
        where month = date '2014-03-01' and mission = 'MINURSO' and country_iso3 = 'BGD' order by 1""") == [
        ("EOM", 0, 8, 8), ("TRP", 3, 17, 20)]
    # Host country "South Sudan'" in the mission totals.
    assert q(real_warehouse, """
        select distinct host_country_iso3 from staging.stg_mission_strength
        where host_country_name_published like 'South Sudan%'""") == [("SSD",)]


def test_exact_duplicates_in_the_dirty_file_are_merged_and_counted():
    result = ingest_real(staffing.spec(known_missions()), DIRTY)
    # Count the repeats independently: the same row after the stray apostrophes.
    with open(SHARED_REAL / DIRTY, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    header, seen, repeats, empty_repeats = rows[0], set(), 0, 0
    counts = [i for i, c in enumerate(header) if c.rsplit("_", 1)[-1] in ("Male", "Female", "Total")
              and not c.startswith("Total_")]
    for row in rows[1:]:
        cleaned = tuple(v.rstrip("'") for v in row)
        if cleaned in seen:
            repeats += 1
            empty_repeats += all(row[i] in ("NA", "0") for i in counts)
        seen.add(cleaned)
    ledger = result.ledger.row(0, named=True)
    # 4,599 repeated rows (PROVENANCE.md says 3,455 repeated keys); the 11 that
    # carry no personnel at all make no record and count as loaded.
    assert (repeats, empty_repeats) == (4_599, 11)
    assert ledger["rows_duplicate"] == repeats - empty_repeats
    assert ledger["rows_read"] == ledger["rows_loaded"] + ledger["rows_rejected"] + ledger["rows_duplicate"] + ledger["rows_total"]
    keys = ["row_kind", "month", "mission", "country_iso3", "personnel_type"]
    assert result.records.select(keys).is_unique().all()


def test_na_and_zero_both_mean_no_personnel_of_that_type():
    # Gender.Full writes 0 where PPP_Loader writes NA: neither makes a record.
    scraper = ingest_real(staffing.spec(known_missions()), SCRAPER).records
    assert scraper.filter(pl.col("total") == 0).height == 0
    # Its example row "1177",2013-08-31,"Bangladesh","BGD","UNAMID",149,5,154,559,0,559,16,0,16,196,0,196,...
    row = scraper.filter(pl.col("source_row") == 1177).sort("personnel_type")
    assert row.select("personnel_type", "female", "male", "total").rows() == [
        ("EOM", 0, 16, 16), ("FPU", 0, 559, 559), ("IPO", 5, 149, 154), ("TRP", 0, 196, 196)]


@slow
def test_na_in_mission_totals_is_no_row_and_a_published_zero_is_a_row(real_warehouse):
    # 1990-11-30 ONUCA: Troops 423, Police NA, Observers NA; the system file
    # publishes EOM Contributions 0 that month.
    assert q(real_warehouse, """
        select category, personnel from marts.fct_mission_strength
        where mission = 'ONUCA' and month = date '1990-11-01' order by 1""") == [("total", 423), ("troops", 423)]
    assert q(real_warehouse, """
        select personnel from marts.fct_mission_strength
        where mission = 'ALL' and month = date '1990-11-01' and category = 'observers'""") == [(0,)]


SPELLINGS = {
    "CIV": ["Cote d Ivoire"], "COD": ["DR Congo"], "COG": ["Congo"], "IRN": ["Iran"],
    "TZA": ["Tanzania", "Tanzania, United Republic of"], "MDA": ["Moldova", "Moldova, Republic of"],
    "USA": ["United States", "United States of America"],
    "MKD": ["Macedonia", "The former Yugoslav Republic of Macedonia", "The former Yugoslav Republic o"],
}


def test_country_spellings_map_to_one_iso_code_each():
    # Each file on its own: together, one spelling's records supersede the other's.
    published = pl.concat([
        ingest_real(staffing.spec(known_missions()), rel).records.select("country_name", "country_iso3")
        for rel in (SCRAPER, CLEAN)
    ]).unique()
    for iso3, names in SPELLINGS.items():
        for name in names:
            # By name alone too (a file without ISO codes): the truncated
            # Macedonia needs the override table, the rest the library.
            assert resolve(name, None).iso3 == iso3, name
            got = published.filter(pl.col("country_name") == name)["country_iso3"].to_list()
            assert got in ([], [iso3]), name
    names = set(published["country_name"])
    assert {"Tanzania, United Republic of", "The former Yugoslav Republic o", "United States"} <= names


@slow
def test_mission_renames_are_successions_not_aliases(real_warehouse):
    links = dict(q(real_warehouse, """
        select mission, predecessor_mission from marts.dim_mission
        where mission in ('MONUSCO', 'BNUB', 'UNMISS', 'MINUJUSTH')"""))
    assert links == {"MONUSCO": "MONUC", "BNUB": "BINUB", "UNMISS": "UNMIS", "MINUJUSTH": "MINUSTAH"}
    spans = {m: (a, b) for m, a, b in q(real_warehouse, """
        select mission, min(month), max(month) from staging.stg_staffing
        where mission in ('MONUC', 'MONUSCO', 'UNMIS', 'UNMISS', 'UNISFA') group by mission""")}
    assert spans["MONUC"][1] == date(2010, 6, 1) and spans["MONUSCO"][0] == date(2010, 7, 1)
    assert spans["UNMIS"][1] == date(2011, 7, 1) and spans["UNMISS"][0] == spans["UNISFA"][0] == date(2011, 8, 1)


def test_snapshot_misspelt_column_is_read_as_ipos():
    # "Inidividual_Police" (sic): the 2014-03-31 drop alone gives the same
    # 4,821 IPOs and 7,278 FPU personnel as the full files.
    records = ingest_real(staffing.spec(known_missions()), SNAPSHOT).records
    totals = dict(records.group_by("personnel_type").agg(pl.col("total").sum()).rows())
    assert totals["IPO"] == 4_821 and totals["FPU"] == 7_278
    assert records["female"].is_null().all()  # no sex split in a monthly drop


@slow
def test_swapped_coordinates_and_region_labels_are_not_loaded(real_warehouse):
    # The snapshot's and the mission totals' HQ coordinates are swapped, the
    # mission list's are swapped in 6 rows and use decimal commas, and IPI
    # files Haiti under "South America": none of these columns is loaded, so
    # nothing downstream can use them. The inbox lists them as ignored.
    extra = dict(q(real_warehouse, "select relpath, extra_columns from audit.inbox_files"))
    assert "Mission_HQ_Latitude" in extra[SNAPSHOT] and "Mission Continent" in extra[MISSION_FILE]
    cols = q(real_warehouse, """
        select table_schema || '.' || table_name || '.' || column_name from information_schema.columns
        where column_name ilike '%latitude%' or column_name ilike '%longitude%'
        or column_name ilike '%continent%' or column_name ilike '%region%'""")
    # Only the coordinates of deployment places (Geo-PKO) and of bases
    # (RADPKO) are loaded, checked by the range rules of
    # schemas/police_locations.py and schemas/police_bases.py.
    assert {c.rsplit(".", 1)[0] for (c,) in cols} <= {
        "raw.police_locations", "staging.stg_police_locations", "marts.fct_police_location_year",
        "analytics.police_locations", "raw.police_bases", "staging.stg_police_bases"}


@slow
def test_gender_files_have_no_month_gaps(real_warehouse):
    months = [r[0] for r in q(real_warehouse, "select distinct month from staging.stg_staffing order by 1")]
    assert months[0] == date(2009, 11, 1) and months[-1] == date(2014, 8, 1) and len(months) == 58


# --- IPI mission totals: quirks -------------------------------------------------------------

@slow
def test_november_2016_is_missing_and_flagged(real_warehouse):
    assert q(real_warehouse, """
        select count(*) from marts.fct_mission_strength where month = date '2016-11-01'""") == [(0,)]
    # The scorecard keeps the month, with no police figure rather than a guess.
    assert q(real_warehouse, """
        select police_total, police_deployed_source from marts.mission_police_scorecard
        where mission = 'UNAMID' and month = date '2016-11-01'""") == [(None, None)]
    # The non-blocking check reports the gap (the run still publishes).
    check = next(c for c in discover_checks() if c.name == "assert_mission_strength_months_contiguous")
    con = read_only(real_warehouse)
    try:
        n, sample = run_check(con, check)
    finally:
        con.close()
    assert n == 1 and "2016-11-01" in sample


@slow
def test_onuci_and_unoci_are_one_operation(real_warehouse):
    rows = q(real_warehouse, """
        select mission_published, count(*) from marts.fct_mission_strength
        where mission = 'UNOCI' and category = 'total' group by 1 order by 1""")
    assert rows == [("ONUCI", 14), ("UNOCI", 142)]
    assert q(real_warehouse, "select count(*) from marts.fct_mission_strength where mission = 'ONUCI'") == [(0,)]
    # 2004-03 .. 2017-03 without a double month, less the November 2016 gap.
    assert q(real_warehouse, """
        select count(distinct month), min(month), max(month) from marts.fct_mission_strength
        where mission = 'UNOCI' and category = 'total'""") == [(156, date(2004, 3, 1), date(2017, 3, 1))]


@slow
def test_mission_totals_add_up_and_the_system_equals_its_missions(real_warehouse):
    # Total = Troops + Police + Observers on every mission row.
    assert q(real_warehouse, """
        select count(*) from (
            select mission, month from marts.fct_mission_strength where scope = 'mission' group by all
            having sum(personnel) filter (where category = 'total')
                <> coalesce(sum(personnel) filter (where category <> 'total'), 0))""") == [(0,)]
    assert q(real_warehouse, """
        select distinct status from audit.reconciliation
        where reconciliation_kind = 'system_strength_vs_missions'""") == [("ok",)]


@slow
def test_host_country_spellings_and_political_missions(real_warehouse):
    hosts = dict(q(real_warehouse, """
        select distinct host_country_name_published, host_country_iso3 from staging.stg_mission_strength
        where host_country_name_published in ('Cote d Ivoire', 'DR Congo', 'Iran', 'Macedonia')"""))
    assert hosts == {"Cote d Ivoire": "CIV", "DR Congo": "COD", "Iran": "IRN", "Macedonia": "MKD"}
    # Political and support missions included in the DPKO reports load too.
    kinds = dict(q(real_warehouse, """
        select d.mission, d.mission_kind from marts.dim_mission as d
        where d.mission in (select mission from marts.fct_mission_strength)
        and d.mission in ('UNAMA', 'UNAMI', 'UNSOM', 'UNSOS', 'UNTMIH')"""))
    assert kinds == {**dict.fromkeys(("UNAMA", "UNAMI", "UNSOM"), "special political mission"),
                     "UNSOS": "other", "UNTMIH": "peacekeeping operation"}
    # Every mission has a kind and where it comes from.
    assert q(real_warehouse, """
        select count(*) from marts.dim_mission where mission_kind is null or mission_kind_citation is null""") == [(0,)]


# --- mission lifetimes and system totals (issue 26) ------------------------------------------

@slow
def test_no_scorecard_month_outside_a_missions_lifetime(real_warehouse):
    assert q(real_warehouse, """
        select count(*) from marts.mission_police_scorecard as s join marts.dim_mission as d using (mission)
        where s.month > date_trunc('month', d.end_date) or s.month < date_trunc('month', d.start_date)""") == [(0,)]
    # The figures dated outside go to the audit table instead: MINUGUA's 38
    # months after the peacekeeping operation ended (1997-05), UNPF's 21 after
    # 1996-02, MONUA's 11 after 1999-02, MINUSTAH's May 2004 before its start.
    outside = {r[:2]: r[2:] for r in q(real_warehouse, """
        select mission, mission_published, count(distinct month), min(month), max(month)
        from audit.figures_outside_lifetime group by all""")}
    assert outside[("MINUGUA", "MINUGUA")] == (38, date(1999, 8, 1), date(2002, 9, 1))
    assert outside[("UNPF", "UNPF")] == (21, date(1996, 3, 1), date(1997, 11, 1))
    assert outside[("MONUA", "MONUA")] == (11, date(1999, 3, 1), date(2000, 1, 1))
    assert outside[("MINUSTAH", "MINUSTAH")] == (1, date(2004, 5, 1), date(2004, 5, 1))
    # UNTMIH's mandate ended on 30 November 1997 (S/RES/1123 (1997)); IPI lists 7 police under it to 1998-03.
    assert outside[("UNTMIH", "UNTMIH")] == (4, date(1997, 12, 1), date(1998, 3, 1))
    assert q(real_warehouse, """
        select month, police_total from marts.mission_police_scorecard where mission = 'UNTMIH' order by month""") == [
        (date(1997, 8, 1), 226), (date(1997, 9, 1), 241), (date(1997, 10, 1), 230), (date(1997, 11, 1), 156)]
    # UNPROFOR's April and May 1995, attributed to UNPF, fall before UNPF's start in the UN list.
    assert q(real_warehouse, """
        select month, value, why like 'before the start date 1995-06-12 of UNPF%S/RES/982 (1995)%'
        from audit.figures_outside_lifetime where mission_published = 'UNPROFOR' and quantity = 'police'
        order by month""") == [(date(1995, 4, 1), 726.0, True), (date(1995, 5, 1), 33.0, True)]


@slow
def test_unavem_iii_has_the_months_ipi_files_under_unavem(real_warehouse):
    rows = q(real_warehouse, """
        select count(*), min(month), max(month) from marts.mission_police_scorecard where mission = 'UNAVEM III'""")
    assert rows == [(28, date(1995, 3, 1), date(1997, 6, 1))]
    assert q(real_warehouse, """
        select max(month) from marts.mission_police_scorecard where mission in ('UNAVEM', 'UNAVEM II')""") == [
        (date(1995, 2, 1),)]
    # IPI's UNAVEM row of May 1995 (212 police) is UNAVEM III's, attributed by S/RES/976 (1995).
    assert q(real_warehouse, """
        select mission_published, personnel, attributed_by like '%S/RES/976 (1995)%' from marts.fct_mission_strength
        where mission = 'UNAVEM III' and category = 'police' and month = date '1995-05-01'""") == [
        ("UNAVEM", 212, True)]


@slow
def test_the_peacekeeping_total_leaves_out_special_political_missions(real_warehouse):
    # March 2014: IPI's system total counts UNAMA's 2 and UNAMI's 3 police;
    # the peacekeeping operations alone (11 with police) had 12,094.
    rows = q(real_warehouse, """
        select mission, personnel, missions_summed from analytics.mission_strength
        where category = 'police' and month = date '2014-03-01'
        and mission in ('ALL_PKO', 'ALL_MISSIONS', 'UNAMA', 'UNAMI') order by mission""")
    assert rows == [("ALL_MISSIONS", 12_099, None), ("ALL_PKO", 12_094, 11), ("UNAMA", 2, None), ("UNAMI", 3, None)]
    # March 2017: 11,963 in all missions, 11,944 in peacekeeping operations (UNAMA 5, UNSOM 14).
    assert dict(q(real_warehouse, """
        select mission, personnel from analytics.mission_strength
        where category = 'police' and month = date '2017-03-01' and scope = 'system'""")) == {
        "ALL_MISSIONS": 11_963, "ALL_PKO": 11_944}
    # The kind is on every strength view and the scorecard.
    for view in ("mission_strength", "police_deployment", "mission_police_scorecard"):
        assert q(real_warehouse, f"""
            select distinct mission_kind from analytics.{view} where mission = 'UNAMA'""") == [
            ("special political mission",)], view


# --- UN fatality files: quirks ------------------------------------------------------------------

@slow
def test_both_fatality_schemas_load_and_the_newer_release_wins(real_warehouse):
    ledger = {r[0]: r[1:] for r in q(real_warehouse, """
        select source_file, source_format, rows_loaded, rows_duplicate, records_duplicate, records_superseded
        from audit.ingest_ledger where domain = 'fatalities'""")}
    assert ledger[ODP_FATAL][0] == "un_odp_fatalities" and ledger[PSDATA_FATAL][0] == "un_psdata_fatalities"
    # Every casualty of the 2021 file is in the 2025 release: 4,007 unchanged
    # (duplicates) and 110 revised (superseded), none loaded from the old file.
    assert ledger[ODP_FATAL][1:] == (0, 4_117, 4_007, 110)
    as_of = set(q(real_warehouse, "select distinct source_file, source_as_of, as_of_basis from marts.fct_fatality"))
    assert as_of == {(PSDATA_FATAL, date(2025, 4, 4), "last_update")}
    # Revisions: "To Be Determined" incidents fall from 130 to 60 as they are classified.
    assert q(real_warehouse, "select count(*) from marts.fct_fatality where incident_type = 'To Be Determined'") == [(60,)]


def test_fatality_as_of_is_the_last_update_or_the_latest_incident():
    records = ingest_real(incidents.spec(known_missions()), ODP_FATAL).records
    assert set(records.select("source_as_of", "as_of_basis").unique().rows()) == {
        (date(2021, 6, 10), "latest_incident_date")}


@slow
def test_duplicate_casualty_ids_within_a_file_are_rejected_as_conflicts(real_warehouse):
    # 6 UNMIK IDs appear twice in each file, once Montenegro (MNE) and once
    # Serbia and Montenegro (SCG), all else equal. Which nationality is right
    # is not ours to guess: both rows go to audit.rejects (key_is_unique) and
    # the 6 fatalities are missing from fct_fatality until the publisher fixes
    # them. The 2021 file's copies are duplicates of the 2025 file's.
    rejected = q(real_warehouse, """
        select source_file, count(*), count(distinct value) from audit.rejects
        where rule = 'key_is_unique' and domain = 'fatalities' group by 1""")
    assert rejected == [(PSDATA_FATAL, 12, 6)]
    ids = [r[0] for r in q(real_warehouse, """
        select distinct value from audit.rejects where rule = 'key_is_unique' and domain = 'fatalities'""")]
    assert all(i.startswith("UNMIK-200") for i in ids)
    assert q(real_warehouse, "select count(*) from marts.fct_fatality where casualty_id in "
                             "(select value from audit.rejects where rule = 'key_is_unique')") == [(0,)]


@slow
def test_nationalities_that_do_not_map_keep_the_fatality(real_warehouse):
    rows = {r[0]: r[1:] for r in q(real_warehouse, """
        select coalesce(nationality_name_published, '<blank>'), nationality_iso3, nationality_match, count(*)
        from marts.fct_fatality where nationality_match <> 'published_code' group by all""")}
    assert rows["ZZ [Undetermined]"] == (None, "undetermined", 14)
    assert rows["<blank>"] == (None, "not_stated", 1)
    assert rows["Côte dIvoire"] == ("CIV", "fuzzy", 29)
    assert rows["Türkiye"] == ("TUR", "exact", 6)
    assert rows["Viet Nam"][:2] == ("VNM", "exact") and rows["Mauritius"][:2] == ("MUS", "exact")
    assert rows["Yugoslavia"][:2] == ("YUG", "override")
    # A withdrawn code still names a country in the dimension (SCG, the other
    # one published, occurs only on the rejected UNMIK conflicts).
    names = dict(q(real_warehouse, "select country_iso3, name_source from marts.dim_country "
                                   "where country_iso3 in ('SCG', 'YUG', 'TUR')"))
    assert names == {"YUG": "country_overrides.csv", "TUR": "hdx-python-country"}
    assert q(real_warehouse, "select count(*) from audit.rejects where rule = 'nationality_maps_to_iso3'") == [(0,)]


@slow
def test_local_staff_with_a_trailing_space_map_to_loc(real_warehouse):
    rows = q(real_warehouse, """
        select personnel_type_published, personnel_type, count(*) from marts.fct_fatality
        where personnel_type = 'LOC' group by all""")
    assert rows == [("Local ", "LOC", 557 - 12)]  # 12 conflicting UNMIK local staff rows rejected


@slow
def test_blank_gender_is_kept_as_unknown(real_warehouse):
    # 151 blanks in the 2025 file, 2 of them among the rejected UNMIK conflicts.
    assert q(real_warehouse, "select count(*) filter (where gender is null), count(*) from marts.fct_fatality") == [
        (149, 4_417)]


def test_m49_written_as_a_float_is_a_whole_number():
    records = ingest_real(incidents.spec(known_missions()), PSDATA_FATAL).records
    fra = records.filter(pl.col("nationality_iso3") == "FRA")["m49_code"].unique().to_list()
    assert fra == [250]


def test_bom_crlf_and_no_final_newline_lose_no_row():
    # odp_noticas: UTF-8 with BOM, CRLF, no newline after the last row.
    raw = (SHARED_REAL / ODP_FATAL).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and not raw.endswith(b"\n")
    result = ingest_real(incidents.spec(known_missions()), ODP_FATAL)
    ledger = result.ledger.row(0, named=True)
    assert ledger["rows_read"] == 4_117 and ledger["rows_rejected"] == 12  # the 6 conflicting IDs
    first = result.records.filter(pl.col("source_row") == 1)
    assert first.select("casualty_id", "incident_date", "nationality_iso3").rows() == [
        ("UNTSO-1948-07-02408", date(1948, 7, 6), "FRA")]
    last = result.records.filter(pl.col("source_row") == 4_117)
    assert last.select("mission", "nationality_iso3", "incident_type").rows() == [("MINUSMA", "BFA", "Illness")]


@slow
def test_only_fatalities_are_recorded(real_warehouse):
    assert q(real_warehouse, "select distinct casualty_type from staging.stg_fatalities") == [("Fatality",)]


# --- UN mission list: quirks ----------------------------------------------------------------------

@slow
def test_mission_list_quirks(real_warehouse):
    rows = {r[0]: r[1:] for r in q(real_warehouse, """
        select mission, is_active, start_date, end_date, mission_name from marts.dim_mission
        where mission in ('MINUSTAH', 'DOMREP', 'UNOHCI', 'UNSCOB', 'UNOSOM', 'UNOSOM I', 'UNOSOM II')""")}
    assert rows["MINUSTAH"][0] is False  # published 'NO' (elsewhere 'No')
    assert rows["DOMREP"][3].startswith('"Mission of the Representative')  # cut name kept as published
    assert rows["UNOHCI"][1:3] == (None, None) and rows["UNSCOB"][1] is None  # missing dates stay missing
    assert {"UNOSOM", "UNOSOM I", "UNOSOM II"} <= set(rows)  # parent and phases coexist
    # The list's current acronym UNOCI is where older files' ONUCI goes.
    assert q(real_warehouse, "select count(*) from marts.dim_mission where mission = 'ONUCI'") == [(0,)]


def test_strength_transform_keeps_published_host_and_acronym():
    records = ingest_real(strength.spec(known_missions()), MISSION_FILE).records
    onuci = records.filter(pl.col("mission_published") == "ONUCI")
    assert onuci["mission"].unique().to_list() == ["UNOCI"]
    assert onuci.filter(pl.col("category") == "total").height == 14
    assert onuci["host_country_iso3"].unique().to_list() == ["CIV"]


@slow
def test_every_mission_since_1990_has_scorecard_rows_and_a_report_section(real_warehouse):
    """The 42 missions without contributor rows (IPI mission totals only) are on
    the scorecard with IPI's published total, its source named, and each has a
    section of the report with its deployment chart. UNAVEM III is one of them:
    its months are the ones IPI files under UNAVEM and UNAVEM II after 1995-02."""
    without_detail = q(real_warehouse, """
        select mission, count(*) filter (where police_total is not null) as months,
               bool_and(police_deployed_source = 'published_total') filter (where police_total is not null) as published,
               count(*) filter (where police_total_citation like 'IPI mission totals, %data_mission_1990-2017.csv row %')
        from marts.mission_police_scorecard
        group by mission
        having not bool_or(has_deployment_data) and count(police_total) > 0
        order by mission""")
    assert len(without_detail) == 42
    assert dict((m, n) for m, n, _, _ in without_detail)["UNAVEM III"] == 28
    # MINUJUSTH (2017-2019) is on the scorecard by its ceiling alone (295 IPOs,
    # S/RES/2350 (2017), data/inbox/police_ceilings.xlsx): no source here has its
    # deployed police.
    assert q(real_warehouse, """
        select count(*) > 0, count(police_total)
        from marts.mission_police_scorecard where mission = 'MINUJUSTH'""") == [(True, 0)]
    assert all(months > 0 and published and cited == months for _, months, published, cited in without_detail)
    assert dict((m, n) for m, n, _, _ in without_detail)["UNAMSIL"] == 72
    # The analyst view exposes the same columns as the mart.
    view = {r[0] for r in q(real_warehouse, """select column_name from information_schema.columns
                                               where table_schema = 'analytics' and table_name = 'mission_police_scorecard'""")}
    assert {"police_total", "police_published", "police_deployed_source", "police_total_citation"} <= view
    html = (real_warehouse.parent / "reports" / "police_scorecard.html").read_text(encoding="utf-8")
    for mission, *_ in without_detail:
        section = html.split(f'<section class="mission" id="mission-{mission}"', 1)[1].split("</section>", 1)[0]
        assert f'id="chart-{mission}-deployment"' in section, mission
        assert "No deployment figures or ceilings" not in section and "IPI mission totals" in section, mission


@slow
def test_missions_with_detail_run_on_to_the_last_published_total(real_warehouse):
    last = dict(q(real_warehouse, """
        select mission, max(month) from marts.mission_police_scorecard
        where police_total is not null and mission in ('MINUSTAH', 'UNMIL', 'UNOCI') group by mission"""))
    assert last == {m: date(2017, 3, 1) for m in ("MINUSTAH", "UNMIL", "UNOCI")}
    # Detail to 2014-08, the published total after it, each month's source named.
    sources = dict((s, (first, final)) for s, first, final in q(real_warehouse, """
        select police_deployed_source, min(month), max(month) from marts.mission_police_scorecard
        where mission = 'MINUSTAH' and police_total is not null group by 1"""))
    assert sources["detail"] == (date(2009, 11, 1), date(2014, 8, 1))
    assert sources["published_total"][1] == date(2017, 3, 1)
    after = q(real_warehouse, """select distinct police_deployed_source from marts.mission_police_scorecard
                                 where mission = 'MINUSTAH' and month > date '2014-08-01' and police_total is not null""")
    assert after == [("published_total",)]


@slow
def test_the_real_recipe_loads_the_ceilings_and_captions_say_what_is_drawn(real_warehouse):
    # unpol fetch places the police ceilings cited from resolutions with the
    # real files (data/sources.toml; the real inbox of the tests is the same),
    # so the fill rate is not empty: MINUSMA's 974 police of 1,440 in August 2014.
    from pipelines.lib.sources import load_registry

    assert "documents/police_ceilings.xlsx" in {s.path for s in load_registry() if not s.live}
    assert q(real_warehouse, """
        select police_deployed, authorized_police, round(ceiling_fill_rate, 3) from analytics.mission_police_scorecard
        where mission = 'MINUSMA' and month = date '2014-08-01'""") == [(974, 1440, 0.676)]
    # The fill rate needs the staffing detail (2009-2014) and a ceiling in force the same month.
    assert dict(q(real_warehouse, """
        select mission, count(*) from analytics.mission_police_scorecard where ceiling_fill_rate is not null
        group by mission""")) == {"MINUSMA": 14, "MINUSTAH": 51, "UNAMID": 58}
    html = (real_warehouse.parent / "reports" / "police_scorecard.html").read_text(encoding="utf-8")

    def section(mission: str) -> str:
        return html.split(f'<section class="mission" id="mission-{mission}"', 1)[1].split("</section>", 1)[0]

    # A ceiling is drawn for MINUSMA, none for UNAVEM III: the captions say so.
    assert "<h3>Police deployed against the authorized ceiling</h3>" in section("MINUSMA")
    assert "Police deployed by month, against the authorized ceiling." in section("MINUSMA")
    unavem = section("UNAVEM III")
    assert "against the authorized ceiling" not in unavem and "against the targets" not in unavem
    assert "No authorized ceiling is recorded for\n    this mission, so none is drawn." in unavem
    # Each section says the mission's kind.
    assert '<p class="lede">Special political mission (analytics.missions.mission_kind).' in section("UNAMA")
    assert '<p class="lede">Peacekeeping operation (analytics.missions.mission_kind).' in unavem
    # The share chart's caption names the lines it draws.
    assert ("Share of women among individual police officers (IPOs), formed police units (FPUs) and all police "
            "(dotted), by month.") in section("MINUSMA")


# --- benchmarks scored by their deadline (issue 26) -------------------------------------

@slow
def test_the_2014_ipo_goal_was_not_met_by_minusma_or_unmiss_by_its_deadline(real_warehouse):
    # IPI's IPO rows of August 2014, the last month before the 2014-12-31 deadline:
    # MINUSMA 8.9 per cent women, UNMISS 19.1. S/2020/223 (26.5) and S/2020/890 (30.1) beside, never as met.
    rows = {r[0]: r[1:] for r in q(real_warehouse, """
        select mission, period, round(measured_value, 3), status, later_period, round(later_value, 3), later_status
        from analytics.benchmark_status where benchmark_id = 'female_share_ipo_20pct_by_2014'
          and mission in ('MINUSMA', 'UNMISS', 'UNAMID')""")}
    assert rows == {
        "MINUSMA": (date(2014, 8, 1), 0.089, "not met by deadline", date(2020, 3, 1), 0.265, "met later"),
        "UNMISS": (date(2014, 8, 1), 0.191, "not met by deadline", date(2020, 9, 1), 0.301, "met later"),
        "UNAMID": (date(2014, 8, 1), 0.237, "met by deadline", date(2017, 11, 1), 0.2, "met later"),
    }


@slow
def test_the_reported_shares_of_2017_2020_are_scored_for_their_year(real_warehouse):
    # The parity strategy publishes no target for 2017-2020 (only FPU 2022 and 2028, IPO 2028):
    # each figure is held against its own year and says it has none.
    rows = q(real_warehouse, """
        select benchmark_id, mission, target_year, round(measured_value, 3), target_value, status
        from analytics.benchmark_results
        where threshold_kind = 'target_for_year' and value_source = 'reported_figure' order by 1, 2""")
    assert rows == [
        ("female_share_fpu_parity_strategy", "MINUSMA", 2020, 0.109, None, "no target for the year"),
        ("female_share_fpu_parity_strategy", "UNMISS", 2020, 0.189, None, "no target for the year"),
        ("female_share_ipo_parity_strategy", "MINUSMA", 2020, 0.265, None, "no target for the year"),
        ("female_share_ipo_parity_strategy", "UNAMID", 2017, 0.2, None, "no target for the year"),
        ("female_share_ipo_parity_strategy", "UNMISS", 2020, 0.301, None, "no target for the year"),
    ]


@slow
def test_a_published_total_one_person_off_its_rows_is_a_mismatch(real_warehouse):
    # IPI's 'all' row for Egypt's troops in November 2009 (dirty file, row 174) gives 4,589;
    # its contributor x mission rows sum to 4,590. Tolerance 0: the same reports on both sides.
    rows = q(real_warehouse, """
        select published_value, detail_value, tolerance, status from audit.reconciliation
        where reconciliation_kind = 'staffing_total_vs_detail' and month = date '2009-11-01'
          and contributing_country_iso3 = 'EGY' and personnel_type = 'TRP' and quantity = 'total'""")
    assert rows == [(4589, 4590, 0, "mismatch")]
