"""Bad rows go to audit.rejects with file, row, column and rule; good rows load."""

from pipelines.lib.warehouse import Warehouse
from tests.conftest import run_pipeline

HEADER = ("Contribution_ID,ISOCode3,M49_Code,Contributing_Country,Mission_Acronym,Personnel_Type,"
          "Female_Personnel,Male_Personnel,Last_Reporting_Date\n")
GOOD = "1,BGD,,Bangladesh,MINUSMA,Individual Police,3,20,31-Mar-14\n"


def test_bad_rows_are_quarantined_and_good_rows_load(tmp_path, inbox, query):
    (inbox / "staffing.csv").write_text(
        HEADER + GOOD
        + "2,,,Atlantis,MINUSMA,Individual Police,1,2,31-Mar-14\n"      # row 2: unknown country
        + "3,SEN,,Senegal,MINUSMA,Formed Police Units,x,140,31-Mar-14\n"  # row 3: text in a count
        + "4,NER,,Niger,MINUSMA,Individual Police,1,2,31-Feb-14\n"      # row 4: impossible date
        + "5,TGO,,Togo,MINUSMA,Individual Police,0,9,31-Mar-14\n"
    )
    wh = tmp_path / "wh.duckdb"
    # 3 of 5 rows rejected: above the default threshold, so nothing is published...
    result = run_pipeline(inbox, wh)
    assert not wh.exists()
    assert not result.success or not any(
        e.asset_key and e.asset_key.path == ["published_warehouse"]
        for e in result.all_events if e.event_type_value == "ASSET_MATERIALIZATION")
    (check,) = [e.event_specific_data for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"
                and e.event_specific_data.check_name == "staffing_reject_share_within_threshold"]
    assert not check.passed and check.metadata["files_over"].text == "staffing.csv: 3 of 5 rows rejected (60.0%)"
    ws = Warehouse(wh).workspace
    rejects = query(ws, "select source_file, source_row, column_name, rule, value from audit.rejects order by source_row")
    assert rejects == [
        ("staffing.csv", 2, "Contributing_Country", "country_maps_to_iso3", "Atlantis"),
        ("staffing.csv", 3, "Female_Personnel", "female_is_whole_number", "x"),
        ("staffing.csv", 4, "Last_Reporting_Date", "date_is_valid", "31-Feb-14"),
    ]
    # ...but the good rows are in the build workspace.
    assert query(ws, "select country_iso3, total from raw.staffing_contributions order by 1") == [("BGD", 23), ("TGO", 9)]


def test_rejects_under_threshold_publish_with_good_rows_and_a_huge_value_is_stored_cut(tmp_path, inbox, query):
    (inbox / "staffing.csv").write_text(HEADER + GOOD + "2,,,Atlantis,MINUSMA,Individual Police,1,2,31-Mar-14\n")
    togo = "5,TGO,,Togo,MINUSMA,Individual Police,0,9,31-Mar-14\n"
    (inbox / "huge.csv").write_text(HEADER + GOOD.replace("Bangladesh", "B" * 50_000).replace("BGD", "") + togo)
    wh = tmp_path / "wh.duckdb"
    result = run_pipeline(inbox, wh, max_reject_share=0.6)
    assert result.success
    assert query(wh, "select contributing_country_iso3, total from marts.fct_police_deployment order by 1") == [
        ("BGD", 23), ("TGO", 9)]
    assert query(wh, "select source_file, rows_read, rows_loaded, rows_rejected from audit.ingest_ledger order by 1") == [
        ("huge.csv", 2, 1, 1), ("staffing.csv", 2, 1, 1)]
    (value, message), = query(wh, """select value, message from audit.rejects
                                     where rule = 'country_maps_to_iso3' and source_file = 'huge.csv'""")
    assert len(value) < 1100 and value.endswith("... (cut)") and len(message) < 1300
