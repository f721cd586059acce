"""``unpol run``'s Dagster event log (pipelines/cli/event_log.py) keeps its
SQLite engines open, and writes the same files Dagster's own class reads:
``unpol serve`` and the daemon, which use Dagster's class, see every event."""

from __future__ import annotations

import shutil

import dagster as dg
import pytest
from dagster._core.storage.event_log.sqlite.sqlite_event_log import (
    SqliteEventLogStorage as DagsterSqliteEventLogStorage,
)

from pipelines.cli import event_log
from pipelines.cli.instance import PROJECT_YAML, get_instance


@dg.asset
def first() -> dg.MaterializeResult:
    return dg.MaterializeResult(metadata={"dagster/row_count": 3})


@dg.asset(deps=[first], check_specs=[dg.AssetCheckSpec("positive", asset="second")])
def second():
    yield dg.MaterializeResult(metadata={"dagster/row_count": 5})
    yield dg.AssetCheckResult(passed=True, check_name="positive")


def _home(tmp_path, monkeypatch, yaml_text: str | None = None):
    home = tmp_path / "dagster_home"
    home.mkdir()
    if yaml_text is None:
        shutil.copyfile(PROJECT_YAML, home / "dagster.yaml")
    else:
        (home / "dagster.yaml").write_text(yaml_text)
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    return home


def test_a_run_written_with_open_engines_reads_the_same_through_dagsters_class(tmp_path, monkeypatch):
    home = _home(tmp_path, monkeypatch)
    instance = get_instance()
    assert type(instance.event_log_storage) is event_log.SqliteEventLogStorage
    job = dg.Definitions(assets=[first, second]).resolve_implicit_global_asset_job_def()
    result = job.execute_in_process(instance=instance)
    assert result.success
    written = [e.dagster_event_type for e in instance.all_logs(result.run_id)]
    # The run's file was made during the run (then put in WAL mode): its kept
    # connection commits without waiting for the disk, as the index's does.
    for shard in (result.run_id, "index"):
        with instance.event_log_storage._connect(shard) as conn:
            assert conn.exec_driver_sql("pragma journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("pragma synchronous").scalar() == 1  # NORMAL

    stock = dg.DagsterInstance.from_config(str(home))  # what unpol serve and the daemon open
    assert type(stock.event_log_storage) is DagsterSqliteEventLogStorage
    read = [e.dagster_event_type for e in stock.all_logs(result.run_id)]
    assert read == written and len(read) > 10
    latest = stock.get_latest_materialization_event(dg.AssetKey("second"))
    assert latest is not None and latest.run_id == result.run_id
    assert latest.asset_materialization.metadata["dagster/row_count"].value == 5
    check = stock.event_log_storage.get_latest_asset_check_execution_by_key(
        [dg.AssetCheckKey(dg.AssetKey("second"), "positive")]
    )
    assert check[dg.AssetCheckKey(dg.AssetKey("second"), "positive")].run_id == result.run_id

    # The other way round: a run Dagster's class wrote, read through the open engines.
    again = job.execute_in_process(instance=stock)
    assert [e.dagster_event_type for e in instance.all_logs(again.run_id)] == [
        e.dagster_event_type for e in stock.all_logs(again.run_id)
    ]
    instance.dispose()


def test_engines_are_reused_and_at_most_a_few_stay_open(tmp_path, monkeypatch):
    _home(tmp_path, monkeypatch)
    storage = get_instance().event_log_storage
    with storage.index_connection():
        pass
    index_engine = storage._engines["index"]
    with storage.index_connection():
        pass
    assert storage._engines["index"] is index_engine  # not made anew per statement
    for i in range(event_log.MAX_OPEN_FILES + 3):
        with storage.run_connection(f"run{i}"):
            pass
    assert len(storage._engines) == event_log.MAX_OPEN_FILES
    storage.wipe()  # deletes the run files: their engines go first (the wipe reopens the index)
    assert set(storage._engines) <= {"index"}
    with storage.index_connection():  # still usable after a wipe
        pass


@pytest.mark.parametrize(
    "yaml_text",
    [
        "storage:\n  sqlite:\n    base_dir: {base}\n",
        "event_log_storage:\n  module: dagster._core.storage.event_log\n  class: SqliteEventLogStorage\n"
        "  config:\n    base_dir: {base}/events\n",
    ],
)
def test_an_instance_that_names_its_storage_keeps_it(tmp_path, monkeypatch, yaml_text):
    _home(tmp_path, monkeypatch, yaml_text.format(base=tmp_path / "elsewhere"))
    instance = get_instance()
    assert type(instance.event_log_storage) is DagsterSqliteEventLogStorage
    assert str(tmp_path / "elsewhere") in instance.event_log_storage._base_dir
