"""IPI's per-country files and Geo-PKO locations, raw to marts, on tiny
synthetic files (invented figures, shaped like the real ones): the country
from the file name, the reconciliation against the mission totals, DPO's
gender rating against the year's target, and a year's repeated map rows
resolved to one place."""

from __future__ import annotations

import pytest

from tests.conftest import run_pipeline

COUNTRY_HEADER = '"Date","Troops","Police","Experts"\n'
MISSION_HEADER = ("Date,Mission,Country of Mission,Country of Mission ISO-3,Number of Contributors,"
                  "Troops,Police,Observers,Total\n")
STAFFING_HEADER = ("Contribution_ID,ISOCode3,M49_Code,Contributing_Country,Mission_Acronym,Personnel_Type,"
                   "Female_Personnel,Male_Personnel,Last_Reporting_Date\n")
GEOPKO_HEADER = ("mission,year,country,location,latitude,longitude,Infantry,NoTroops,Reserve,hq,UNPOL,Med,Av,"
                 "UNMO,ave.no.troops\n")


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    root = tmp_path_factory.mktemp("contributors")
    inbox = root / "inbox"
    (inbox / "countries").mkdir(parents=True)
    # The country is only in the file name; NA is "none reported".
    (inbox / "countries" / "Ghana.csv").write_text(
        COUNTRY_HEADER + "2022-01-31,100,50,NA\n2022-02-28,100,40,2\n")
    (inbox / "countries" / "Cote d Ivoire.csv").write_text(
        COUNTRY_HEADER + "2022-01-31,NA,10,NA\n2022-02-28,NA,12,1\n")
    # Mission totals: January adds up; February's troops are one more than the countries'.
    (inbox / "mission_totals.csv").write_text(
        MISSION_HEADER + "2022-01-31,MINUSMA,Mali,MLI,2,100,60,NA,160\n2022-02-28,MINUSMA,Mali,MLI,2,101,52,3,156\n")
    # The detail: Ghana's FPU 8 women of 40 (20 per cent, over the 2022 FPU
    # target of 12), its IPOs 3 of 10 (no sourced 2022 IPO target), Côte
    # d'Ivoire's FPU none of 10 in January, 1 of 12 in February (8.3 per cent).
    (inbox / "staffing.csv").write_text(
        STAFFING_HEADER
        + "1,GHA,288,Ghana,MINUSMA,Formed Police Units,8,32,31-Jan-22\n"
        + "2,GHA,288,Ghana,MINUSMA,Individual Police,3,7,31-Jan-22\n"
        + "3,CIV,384,Côte d'Ivoire,MINUSMA,Formed Police Units,0,10,31-Jan-22\n"
        + "4,GHA,288,Ghana,MINUSMA,Formed Police Units,6,34,28-Feb-22\n"
        + "5,CIV,384,Côte d'Ivoire,MINUSMA,Formed Police Units,1,11,28-Feb-22\n")
    # Gao twice in 2022 (two maps: police on one, aviation on the other, a size
    # on one only), twice in 2023 with two coordinate pairs; Kidal without police.
    (inbox / "geopko.csv").write_text(
        GEOPKO_HEADER
        + "MINUSMA,2022,Mali,Gao,16.27,-0.04,650,NA,0,2,1,1,0,1,650\n"
        + "MINUSMA,2022,Mali,Gao,16.27,-0.04,650,650,0,3,0,0,1,0,650\n"
        + "MINUSMA,2022,Mali,Kidal,18.44,1.41,0,0,0,0,0,0,0,0,0\n"
        + "MINUSMA,2023,Mali,Gao,16.28,-0.05,0,NA,0,1,1,0,0,0,0\n"
        + "MINUSMA,2023,Mali,Gao,16.27,-0.04,0,NA,0,1,1,0,0,0,0\n")
    wh = root / "wh.duckdb"
    result = run_pipeline(inbox, wh)
    assert result.success and wh.exists(), [e.message for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
    return wh


def test_country_comes_from_the_file_name(warehouse, query):
    rows = query(warehouse, """
        select country_iso3, country_name_published, country_match, strftime(month, '%Y-%m'), category, personnel
        from marts.fct_contributor_strength order by country_iso3, month, category""")
    assert rows == [
        ("CIV", "Cote d Ivoire", "fuzzy", "2022-01", "police", 10),
        ("CIV", "Cote d Ivoire", "fuzzy", "2022-02", "experts", 1),
        ("CIV", "Cote d Ivoire", "fuzzy", "2022-02", "police", 12),
        ("GHA", "Ghana", "exact", "2022-01", "police", 50),
        ("GHA", "Ghana", "exact", "2022-01", "troops", 100),
        ("GHA", "Ghana", "exact", "2022-02", "experts", 2),
        ("GHA", "Ghana", "exact", "2022-02", "police", 40),
        ("GHA", "Ghana", "exact", "2022-02", "troops", 100),
    ]
    assert query(warehouse, "select citation from marts.fct_contributor_strength "
                            "where country_iso3 = 'GHA' and category = 'experts'") == [("countries/Ghana.csv row 2",)]


def test_country_sums_are_reconciled_with_the_mission_totals(warehouse, query):
    rows = query(warehouse, """
        select strftime(month, '%Y-%m'), quantity, published_value, detail_value
        from audit.reconciliation_contributor_strength_vs_missions
        where reconciliation_kind = 'contributor_strength_vs_missions' order by month, quantity""")
    assert rows == [
        ("2022-01", "police (IPO + FPU)", 60.0, 60.0),
        ("2022-01", "troops", 100.0, 100.0),
        ("2022-02", "experts", 3.0, 3.0),
        ("2022-02", "police (IPO + FPU)", 52.0, 52.0),
        ("2022-02", "troops", 101.0, 100.0),  # the mismatch planted above
    ]
    # In audit.reconciliation, with the status rule every comparison shares.
    statuses = query(warehouse, """
        select strftime(month, '%Y-%m'), quantity, difference, status from audit.reconciliation
        where reconciliation_kind = 'contributor_strength_vs_missions' and status <> 'ok'""")
    assert statuses == [("2022-02", "troops", 1.0, "mismatch")]
    # Each country's file against its detail: police equal; troops and
    # experts have no detail rows (the detail holds police only).
    per_country = query(warehouse, """
        select contributing_country_iso3, strftime(month, '%Y-%m'), quantity, published_value, detail_value
        from audit.reconciliation_contributor_strength_vs_missions
        where reconciliation_kind = 'contributor_strength_vs_detail' and quantity like 'police%'
        order by 1, 2""")
    assert per_country == [
        ("CIV", "2022-01", "police (IPO + FPU)", 10.0, 10.0), ("CIV", "2022-02", "police (IPO + FPU)", 12.0, 12.0),
        ("GHA", "2022-01", "police (IPO + FPU)", 50.0, 50.0), ("GHA", "2022-02", "police (IPO + FPU)", 40.0, 40.0),
    ]


def test_gender_rating_follows_dpo_rule_against_the_year_target(warehouse, query):
    rows = query(warehouse, """
        select country_iso3, strftime(month, '%Y-%m'), category, female, personnel_with_sex,
               round(female_share, 3), target_share, rating
        from marts.contributor_gender_rating order by 1, 2, 3""")
    assert rows == [
        ("CIV", "2022-01", "FPU", 0, 10, 0.0, 0.12, "red"),
        ("CIV", "2022-02", "FPU", 1, 12, 0.083, 0.12, "yellow"),
        ("GHA", "2022-01", "FPU", 8, 40, 0.2, 0.12, "green"),
        ("GHA", "2022-01", "IPO", 3, 10, 0.3, None, None),
        ("GHA", "2022-02", "FPU", 6, 40, 0.15, 0.12, "green"),
    ]
    basis = query(warehouse, "select rating_basis from marts.contributor_gender_rating where category = 'IPO'")
    assert basis == [("not rated: no sourced IPO target for 2022 (30.0 per cent women: green and yellow "
                      "cannot be told apart)",)]


def test_profile_takes_the_detail_where_it_exists_and_ranks_countries(warehouse, query):
    rows = query(warehouse, """
        select country_iso3, strftime(month, '%Y-%m'), police_published, police_total, police_deployed_source,
               female_police, round(female_share_police, 3), target_fpu, fpu_rating, police_rank, female_police_rank
        from marts.contributor_police_profile order by 2, 1""")
    assert rows == [
        ("CIV", "2022-01", 10, 10, "detail", 0, 0.0, 0.12, "red", 2, 2),
        ("GHA", "2022-01", 50, 50, "detail", 11, 0.22, 0.12, "green", 1, 1),
        ("CIV", "2022-02", 12, 12, "detail", 1, 0.083, 0.12, "yellow", 2, 2),
        ("GHA", "2022-02", 40, 40, "detail", 6, 0.15, 0.12, "green", 1, 1),
    ]


def test_repeated_map_rows_of_a_year_are_one_place(warehouse, query):
    rows = query(warehouse, """
        select year, location, latitude, longitude, unpol_present, hq_level, troops, other_units, source_rows,
               coordinate_variants, resolution_rule, first_source_row
        from marts.fct_police_location_year order by year, location""")
    assert rows == [
        (2022, "Gao", 16.27, -0.04, True, 3, 650, "infantry, medical, aviation, military observers", 2, 1,
         "one_place_per_mission_year_location_name", 1),
        (2022, "Kidal", 18.44, 1.41, False, 0, 0, None, 1, 1, "one_place_per_mission_year_location_name", 3),
        (2023, "Gao", 16.28, -0.05, True, 1, None, None, 2, 2, "one_place_per_mission_year_location_name", 4),
    ]
    assert query(warehouse, "select count(*) from raw.police_locations") == [(5,)]
    (citation,) = query(warehouse, "select citation from marts.fct_police_location_year "
                                   "where year = 2022 and location = 'Gao'")[0]
    assert citation.startswith("Geo-PKO v2.3 (Cil, Fjelde, Hultman and Nilsson 2020") and citation.endswith(
        "geopko.csv rows 1, 2")


def test_new_views_are_described(warehouse, query):
    undescribed = query(warehouse, """
        select table_name, column_name from duckdb_columns()
        where schema_name = 'analytics' and table_name in
            ('contributor_strength', 'contributor_police_profile', 'contributor_gender_rating', 'police_locations')
        and (comment is null or comment = '')""")
    assert undescribed == []
    assert query(warehouse, "select count(*) from analytics.police_locations") == [(3,)]


def test_report_sections_show_contributors_and_police_locations_with_sources(warehouse):
    import re

    from pipelines.lib.report.page import render_report
    from pipelines.lib.warehouse import read_only

    con = read_only(warehouse)
    try:
        html = render_report(con).html
    finally:
        con.close()
    for chart_id in ("chart-contributors-police", "chart-contributors-women", "chart-contributors-women-share",
                     "chart-MINUSMA-police-locations"):
        assert f'id="{chart_id}"' in html, chart_id
    section = html[html.index('<section id="contributors-since-1990">'):html.index('<section id="sources">')]
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", section, re.S)
    assert len(captions) == 4
    assert all("Source:" in c and "As of" in c for c in captions)
    assert "marts.contributor_police_profile" in captions[0] and "31 January 2022" not in captions[0]
    assert "As of 28 February 2022" in captions[0]
    assert "Geo-PKO v2.3" in captions[3] and "As of 2023" in captions[3]
    # Ranked tables: Ghana first by police (40 of 52) and by women (6 of 7).
    assert re.search(r'contributors-police.*?data-country="GHA"', section, re.S)
    assert re.search(r'contributors-women.*?data-country="GHA"', section, re.S)
