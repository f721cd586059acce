"""What the Dagster UI shows after ``unpol run``: the run, its materializations,
the staffing months loaded as materialized partitions, column descriptions in
the catalog and the warnings as non-blocking WARN checks, read through the
instance API from the same DAGSTER_HOME the UI would use."""

import shutil

import dagster as dg
import pytest

from pipelines.defs.operations.monitoring import (
    CONTRIBUTING_COUNTRIES_STABLE,
    MISSION_STAFFING_FRESH,
)

RAW_STAFFING = dg.AssetKey(["raw", "staffing_contributions"])


@pytest.fixture(scope="module")
def recorded(command_run, tmp_path_factory):
    """The instance of the session's ``unpol run`` (a copy: opening one may
    write to it) and what the command printed."""
    assert "BetaWarning" not in command_run.output and "Traceback" not in command_run.output
    home = tmp_path_factory.mktemp("ui") / "dagster_home"
    shutil.copytree(command_run.home, home)
    instance = dg.DagsterInstance.from_config(str(home))
    try:
        yield instance, command_run.output
    finally:
        instance.dispose()


def test_the_run_and_its_materializations_are_recorded(recorded):
    instance, output = recorded
    [run] = instance.get_runs()
    assert run.status == dg.DagsterRunStatus.SUCCESS and run.run_id in output
    for key in (["marts", "fct_police_deployment"], ["published_warehouse"], ["analytics", "police_deployment"]):
        event = instance.get_latest_materialization_event(dg.AssetKey(key))
        assert event is not None and event.run_id == run.run_id, key


def test_loaded_months_are_materialized_partitions(recorded):
    instance, _ = recorded
    months = instance.get_materialized_partitions(RAW_STAFFING)
    # The bundled staffing holds 2013-08 .. 2014-08 (13 months, audit.run_summary.partitions_touched).
    assert sorted(months) == [f"{y}-{m:02d}-01" for y, m in [(2013, 8), *((2013, m) for m in range(9, 13)),
                                                             *((2014, m) for m in range(1, 9))]]


def test_analytics_columns_carry_their_descriptions(recorded):
    instance, _ = recorded
    event = instance.get_latest_materialization_event(dg.AssetKey(["analytics", "police_deployment"]))
    schema = event.asset_materialization.metadata["dagster/column_schema"].value
    by_name = {c.name: c for c in schema.columns}
    assert "total" in by_name and by_name["total"].type
    assert all(c.description for c in schema.columns), [c.name for c in schema.columns if not c.description]


def test_warnings_are_warn_and_not_blocking(recorded):
    instance, _ = recorded
    [run] = instance.get_runs()
    records = instance.get_records_for_run(run.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION).records
    evaluations = {r.event_log_entry.dagster_event.event_specific_data.check_name:
                   r.event_log_entry.dagster_event.event_specific_data for r in records}
    for name in (MISSION_STAFFING_FRESH, CONTRIBUTING_COUNTRIES_STABLE):
        # Both fire on the bundled data (docs/operations.md says why) and the run still published.
        assert not evaluations[name].passed and evaluations[name].severity == dg.AssetCheckSeverity.WARN
    assert all(e.passed for n, e in evaluations.items() if e.severity == dg.AssetCheckSeverity.ERROR)


def test_operator_tables_are_described(recorded):
    import duckdb

    _, output = recorded
    [line] = [x for x in output.splitlines() if x.startswith("published ")]
    published = line.split()[1]
    con = duckdb.connect(published, read_only=True)
    try:
        rows = con.execute("select table_name, comment from duckdb_tables() where schema_name = 'audit' "
                           "and table_name in ('run_summary', 'processed_files')").fetchall()
        undescribed = con.execute("select table_name, column_name from duckdb_columns() where schema_name = 'audit' "
                                  "and table_name in ('run_summary', 'processed_files') and comment is null").fetchall()
    finally:
        con.close()
    assert len(rows) == 2 and all(c for _, c in rows) and undescribed == []
