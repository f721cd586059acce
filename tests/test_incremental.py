"""A run for one month reads only the files holding that month (issue 7: a new
month costs that month, not a rebuild)."""

from datetime import date

import dagster as dg

from pipelines.definitions import MAIN_JOB, build_definitions
from pipelines.settings import Settings
from tests.conftest import run_pipeline

HEADER = ("Contribution_ID,ISOCode3,M49_Code,Contributing_Country,Mission_Acronym,Personnel_Type,"
          "Female_Personnel,Male_Personnel,Last_Reporting_Date\n")


def test_month_run_skips_files_without_that_month(tmp_path, inbox, query):
    (inbox / "march.csv").write_text(HEADER + "1,BGD,,Bangladesh,MINUSMA,Individual Police,1,9,31-Mar-14\n")
    wh = tmp_path / "wh.duckdb"
    assert run_pipeline(inbox, wh).success
    assert query(wh, "select distinct sha256 is not null, month from audit.file_months") == [(True, date(2014, 3, 1))]

    (inbox / "april.csv").write_text(HEADER + "1,SEN,,Senegal,MINUSMA,Individual Police,2,8,30-Apr-14\n")
    defs = build_definitions(Settings(inbox=inbox, warehouse=wh))
    result = defs.resolve_job_def(MAIN_JOB).execute_in_process(
        instance=dg.DagsterInstance.ephemeral(), partition_key="2014-04-01", raise_on_error=False)
    assert result.success
    ledger = query(wh, "select source_file from audit.ingest_ledger where run_id = ? and domain = 'staffing'",
                   [result.run_id])
    assert ledger == [("april.csv",)]  # march.csv was not read again
    rows = query(wh, "select month, contributing_country_iso3, total from marts.fct_police_deployment order by month")
    assert [(r[1], r[2]) for r in rows] == [("BGD", 10), ("SEN", 10)]
