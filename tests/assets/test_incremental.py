"""A run for one month reads only the files holding that month (issue 7: a new
month costs that month, not a rebuild)."""

from datetime import date

import dagster as dg

from pipelines.definitions import MAIN_JOB, build_definitions
from pipelines.settings import Settings
from tests.conftest import run_pipeline

HEADER = ("Contribution_ID,ISOCode3,M49_Code,Contributing_Country,Mission_Acronym,Personnel_Type,"
          "Female_Personnel,Male_Personnel,Last_Reporting_Date\n")


def _builds(result) -> dict[str, str]:
    out = {}
    for event in result.get_asset_materialization_events():
        mat = event.step_materialization_data.materialization
        if "build" in mat.metadata:
            out[".".join(mat.asset_key.path)] = mat.metadata["build"].value
    return out


def _month_run(inbox, wh, key: str):
    defs = build_definitions(Settings(inbox=inbox, warehouse=wh))
    return defs.resolve_job_def(MAIN_JOB).execute_in_process(
        instance=dg.DagsterInstance.ephemeral(), partition_key=key, raise_on_error=False)


FACTS = ("marts.fct_uniformed_deployment", "marts.fct_police_deployment")


def test_month_run_reads_and_rebuilds_only_that_month(tmp_path, inbox, query, monkeypatch):
    (inbox / "march.csv").write_text(HEADER + "1,BGD,,Bangladesh,MINUSMA,Individual Police,1,9,31-Mar-14\n"
                                              "2,BGD,,Bangladesh,MINUSMA,Troops,0,50,31-Mar-14\n")
    wh = tmp_path / "wh.duckdb"
    first = run_pipeline(inbox, wh)
    assert first.success and {_builds(first)[f] for f in FACTS} == {"full"}
    assert query(wh, "select distinct sha256 is not null, month from audit.file_months") == [(True, date(2014, 3, 1))]

    # April arrives: the month run reads april.csv only and rebuilds April.
    (inbox / "april.csv").write_text(HEADER + "1,SEN,,Senegal,MINUSMA,Individual Police,2,8,30-Apr-14\n"
                                              "2,SEN,,Senegal,MINUSMA,Formed Police Units,5,135,30-Apr-14\n")
    result = _month_run(inbox, wh, "2014-04-01")
    assert result.success
    ledger = query(wh, "select source_file from audit.ingest_ledger where run_id = ? and domain = 'staffing'",
                   [result.run_id])
    assert ledger == [("april.csv",)]  # march.csv was not read again
    assert {_builds(result)[f] for f in FACTS} == {"months 2014-04 .. 2014-04"}

    # The same tables as a full run over the same files.
    fresh = tmp_path / "fresh" / "wh.duckdb"  # one warehouse per folder (its releases)
    assert run_pipeline(inbox, fresh).success
    for table in FACTS:
        sql = f"select * from {table} order by all"
        assert query(wh, sql) == query(fresh, sql)
    assert [r[0] for r in query(wh, "select personnel_type from marts.fct_police_deployment "
                                    "where month = date '2014-04-01' order by 1")] == ["FPU", "IPO"]

    # Changed SQL or seed files: the month run rebuilds the facts in full.
    from pipelines.lib import sql_models

    monkeypatch.setattr(sql_models, "definitions_fingerprint", lambda root=None: "changed")
    again = _month_run(inbox, wh, "2014-04-01")
    assert again.success and {_builds(again)[f] for f in FACTS} == {"full"}
    for table in FACTS:
        sql = f"select * from {table} order by all"
        assert query(wh, sql) == query(fresh, sql)
