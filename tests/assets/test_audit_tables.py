"""The audit tables other steps append to are assets: outputs of the SQL step
keyed after every asset that writes them, read by the analytics views through
their keys, and checked against their contracts in that step."""

import dagster as dg

from pipelines.definitions import defs
from pipelines.defs.audit.tables import FILE_MONTHS, INGEST_LEDGER, MODELS, REJECTS
from pipelines.defs.factories.raw import INBOX_FILES
from pipelines.defs.factories.sql import sql_check, sql_step
from pipelines.defs.resources import MonitoringResource, WarehouseResource
from pipelines.lib.sql_models import discover_checks


def _parents(key: dg.AssetKey) -> set[dg.AssetKey]:
    return set(defs.resolve_asset_graph().get(key).parent_keys)


def test_audit_tables_wait_for_every_asset_that_appends_to_them():
    graph = defs.resolve_asset_graph()
    # Every asset that reads inbox files goes through the ingest, which
    # appends to the ledger and the rejects.
    readers = {k for k in graph.get_all_asset_keys()
               if k.path[0] == "raw" and INBOX_FILES in graph.get(k).parent_keys}
    assert len(readers) >= 7
    assert readers <= _parents(INGEST_LEDGER.key)
    assert readers | {INBOX_FILES} <= _parents(REJECTS.key)
    assert _parents(FILE_MONTHS.key) == {dg.AssetKey(["raw", "staffing_contributions"])}


def test_analytics_views_read_audit_tables_through_their_keys():
    assert _parents(dg.AssetKey(["analytics", "ingest_ledger"])) == {INGEST_LEDGER.key}
    assert _parents(dg.AssetKey(["analytics", "rejects"])) == {REJECTS.key}


def test_audit_tables_are_outputs_of_the_steps_before_the_publish():
    graph = defs.resolve_asset_graph()

    def step(*path: str) -> str:
        return graph.get(dg.AssetKey(list(path))).assets_def.node_def.name

    for name in ("rejects", "ingest_ledger", "file_months", "model_builds"):
        assert step("audit", name) == "warehouse_models", name
    # The run summary writes it in the release step, before that step publishes.
    assert step("audit", "processed_files") == step("published_warehouse") == "release"


PLANTED = """
    create schema if not exists audit;
    create or replace table audit.inbox_files as select 'r1' as run_id, 's.csv' as relpath;
    create or replace table audit.ingest_ledger as select 'r1' as run_id, 'staffing' as domain, 's.csv' as source_file,
        3::bigint as rows_read, 2::bigint as rows_loaded, 1::bigint as rows_rejected, 0::bigint as rows_duplicate,
        0::bigint as rows_total, 2::bigint as records_loaded, 1::bigint as records_rejected,
        0::bigint as records_duplicate, 0::bigint as records_superseded, 0::bigint as blank_lines,
        false as file_refused;
    create or replace table audit.rejects as select 'r1' as run_id, 'staffing' as domain, 's.csv' as source_file,
        2::bigint as source_row, 'female' as column_name, 'female_is_whole_number' as rule, 'x' as value,
        'm' as message;
"""
BROKEN = "insert into audit.rejects values ('r1', 'staffing', 's.csv', 3, 'x', 'isin([1])', 'v', 'm')"


def _materialize(path, sql: str) -> dg.ExecuteInProcessResult:
    """The audit tables' step and their contracts in one run, after a stand-in for the
    staffing ingest that writes ``sql`` into the run's workspace (a run starts
    its workspace afresh, so the rows must be written inside the run)."""

    @dg.asset(key=["raw", "staffing_contributions"])
    def stand_in_ingest(warehouse: WarehouseResource) -> None:
        with warehouse.get().connect() as con:
            con.execute(sql)

    keys = {m.key for m in MODELS}
    step = sql_step(MODELS, [sql_check(c) for c in discover_checks() if dg.AssetKey(list(c.asset)) in keys])
    return dg.materialize([stand_in_ingest, step],
                          resources={"warehouse": WarehouseResource(path=str(path)), "monitoring": MonitoringResource()},
                          raise_on_error=False)


def test_audit_assets_report_rows_and_block_on_a_broken_contract(tmp_path):
    path = tmp_path / "w.duckdb"
    result = _materialize(path, PLANTED)
    assert result.success
    mats = {e.materialization.asset_key.path[-1]: e.materialization.metadata
            for e in result.get_asset_materialization_events()}
    assert mats["rejects"]["dagster/row_count"].value == 1
    assert mats["ingest_ledger"]["dagster/row_count"].value == 1
    assert mats["ingest_ledger"]["dagster/column_schema"].value.columns[0].name == "run_id"
    assert mats["file_months"]["dagster/row_count"].value == 0  # not written: the stand-in writes no months
    evaluations = result.get_asset_check_evaluations()
    assert evaluations and all(e.passed for e in evaluations)

    broken = _materialize(path, PLANTED + ";\n" + BROKEN)
    failed = {e.check_name for e in broken.get_asset_check_evaluations() if not e.passed}
    assert failed == {"assert_rejects_name_file_and_rule"}
    # A blocking check failing fails the step, so nothing after it (the publish) runs.
    assert not broken.success


def test_a_published_total_one_off_its_detail_is_a_mismatch(tmp_path, bundled_warehouse):
    """IPI's 'all' rows are sums of the same monthly reports as the contributor
    rows, so the tolerance is 0: one person off is a mismatch (real case:
    Egypt's troops in November 2009, 4,589 published, 4,590 in the rows;
    tests/integration/test_real_data.py). Built here from the bundled IPO
    rows of August 2014 with an 'all' total one above their sum and an exact
    female count."""
    import shutil

    import duckdb

    from pipelines.lib.sql_models import WAREHOUSE_SQL, build, parse_sql_file

    copy = tmp_path / "wh.duckdb"
    shutil.copyfile(bundled_warehouse, copy)
    con = duckdb.connect(str(copy))
    try:
        con.execute("""
            insert into staging.stg_staffing_totals
            select month, 'ALL', 'ALL', personnel_type, sum(female), sum(male), sum(total) + 1, 'constructed.csv', 1
            from staging.stg_staffing where month = date '2014-08-01' and personnel_type = 'IPO'
            group by month, personnel_type""")
        for name in ("reconciliation_staffing_total_vs_detail", "reconciliation"):
            build(con, parse_sql_file(WAREHOUSE_SQL / "audit" / f"{name}.sql", "audit"))
        rows = con.execute("""
            select quantity, published_value - detail_value, tolerance, status from audit.reconciliation
            where reconciliation_kind = 'staffing_total_vs_detail' and month = date '2014-08-01'
              and contributing_country_iso3 = 'ALL' and personnel_type = 'IPO' and quantity in ('total', 'female')
            order by quantity""").fetchall()
    finally:
        con.close()
    assert rows == [("female", 0, 0, "ok"), ("total", 1, 0, "mismatch")]
