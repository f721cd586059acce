"""The Dagster instance of a warehouse, and what ``unpol serve`` hands its
webserver and daemon: the warehouse as the user named it (absolute, never
resolved into a release), the instance beside it, Dagster's public entry
points and configuration only."""

from __future__ import annotations

import ast
from pathlib import Path

import dagster as dg
import pytest
import yaml

from pipelines.cli.instance import (
    PROJECT_YAML,
    dagster_home,
    event_log_held_open,
    sqlite_syncs_at_checkpoints,
)
from pipelines.cli.serve import commands, service_env
from pipelines.lib.paths import PROJECT_ROOT
from pipelines.settings import Settings


def _published(tmp_path: Path) -> Path:
    """A warehouse after a run: the file is a link into the current release."""
    release = tmp_path / "wh" / "releases" / "r1"
    release.mkdir(parents=True)
    (release / "unpol.duckdb").write_bytes(b"")
    (tmp_path / "wh" / "current").symlink_to("releases/r1")
    (tmp_path / "wh" / "unpol.duckdb").symlink_to("current/unpol.duckdb")
    return tmp_path / "wh" / "unpol.duckdb"


def test_the_instance_lives_beside_the_warehouse(tmp_path, monkeypatch):
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    monkeypatch.chdir(tmp_path)
    home = dagster_home(Path("wh") / "unpol.duckdb")
    assert home == tmp_path / "wh" / ".dagster"
    assert (home / "dagster.yaml").read_text() == PROJECT_YAML.read_text()
    # Two warehouses, two instances: neither shows the other's runs or months.
    assert dagster_home(tmp_path / "real" / "unpol.duckdb") == tmp_path / "real" / ".dagster"


def test_dagster_home_wins_when_set(tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "shared"))
    assert dagster_home(tmp_path / "wh" / "unpol.duckdb") == tmp_path / "shared"


def test_serve_passes_the_warehouse_as_named_never_the_release(tmp_path, monkeypatch):
    warehouse = _published(tmp_path)
    monkeypatch.chdir(tmp_path)
    settings = Settings(inbox=Path("inbox"), warehouse=Path("wh/unpol.duckdb"))
    env = service_env(settings, dagster_home(settings.warehouse))
    assert env["UNPOL_WAREHOUSE"] == str(warehouse)
    assert env["UNPOL_INBOX"] == str(tmp_path / "inbox")
    assert "releases" not in env["UNPOL_WAREHOUSE"]


def test_serve_starts_dagsters_public_commands():
    for cmd in commands("127.0.0.1", 3000).values():
        assert Path(cmd[0]).name in ("dagster-webserver", "dagster-daemon") and Path(cmd[0]).is_file(), cmd
        assert not any(part.startswith("dagster._") for part in cmd), cmd


@pytest.mark.parametrize("path", [PROJECT_YAML, PROJECT_ROOT / "deploy" / "dagster.postgres.yaml"])
def test_instance_yaml_names_public_modules_only(path):
    def modules(node):
        if isinstance(node, dict):
            yield from ([node["module"]] if "module" in node else [])
            for v in node.values():
                yield from modules(v)

    assert all(not m.startswith("dagster._") for m in modules(yaml.safe_load(path.read_text())))


def test_the_project_instance_loads_with_one_run_at_a_time(tmp_path):
    (tmp_path / "dagster.yaml").write_text(PROJECT_YAML.read_text())
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        assert isinstance(instance.run_coordinator, dg.QueuedRunCoordinator)
        assert instance.run_coordinator.get_run_queue_config().max_concurrent_runs == 1


def test_no_private_dagster_import():
    found = []
    for folder in ("pipelines", "schemas", "tests", "bench", "scripts"):
        for path in (PROJECT_ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                         else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
                found += [f"{path.relative_to(PROJECT_ROOT)}: {n}" for n in names if n.startswith("dagster._")]
    assert found == []


def test_a_run_with_its_event_log_held_open_is_recorded_whole(tmp_path):
    """The run's file, made ahead of the run and held open, gets Dagster's
    tables and every event, and its WAL stays between events (no checkpoint
    and removal per event); a run that never started leaves no file."""
    home = dagster_home(tmp_path / "wh" / "unpol.duckdb")
    runs = home / "history" / "runs"

    @dg.op
    def one(context):
        assert (runs / f"{context.run_id}.db-wal").exists()  # not removed after each stored event
        return 1

    @dg.job
    def job():
        one()

    with dg.DagsterInstance.from_config(str(home)) as instance:
        with event_log_held_open(instance, "0c0ffee0-0000-4000-8000-000000000001"):
            result = job.execute_in_process(instance=instance, run_id="0c0ffee0-0000-4000-8000-000000000001")
        assert result.success
        types = [e.dagster_event_type for e in instance.all_logs(result.run_id) if e.dagster_event_type]
        assert {"STEP_START", "STEP_OUTPUT", "STEP_SUCCESS"} <= {t.value for t in types}
        assert instance.get_run_by_id(result.run_id).status == dg.DagsterRunStatus.SUCCESS
        with event_log_held_open(instance, "0c0ffee0-0000-4000-8000-000000000002"):
            pass
    assert sorted(p.name for p in runs.glob("0c0ffee0*.db")) == ["0c0ffee0-0000-4000-8000-000000000001.db"]



def _pragma(path: Path, name: str):
    import sqlalchemy as sa

    engine = sa.create_engine(f"sqlite:///{path}", poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as con:
            return con.exec_driver_sql(f"pragma {name}").scalar()
    finally:
        engine.dispose()


def test_sqlite_files_of_the_instance_commit_without_a_sync_each_only_while_tuned(tmp_path):
    """synchronous=NORMAL (1) on connections to files of the instance opened
    inside sqlite_syncs_at_checkpoints; SQLite's FULL (2) anywhere else and after."""
    home = dagster_home(tmp_path / "wh" / "unpol.duckdb")
    with dg.DagsterInstance.from_config(str(home)):
        pass
    with sqlite_syncs_at_checkpoints(home):
        assert _pragma(home / "history" / "runs" / "index.db", "synchronous") == 1
        assert _pragma(home / "schedules" / "schedules.db", "synchronous") == 1
        assert _pragma(tmp_path / "elsewhere.db", "synchronous") == 2
    assert _pragma(home / "history" / "runs" / "index.db", "synchronous") == 2


def test_a_new_instance_made_while_tuned_is_in_wal_mode_and_records_runs(tmp_path):
    """A new instance's files are created in WAL mode from the start (Dagster
    sets it after creating its tables); a file outside the instance keeps
    SQLite's default journal; the instance works as one made without."""
    home = tmp_path / "home"  # new (DAGSTER_HOME may name the tests' shared instance)
    home.mkdir()
    (home / "dagster.yaml").write_text(PROJECT_YAML.read_text())

    @dg.op
    def one():
        return 1

    @dg.job
    def job():
        one()

    with sqlite_syncs_at_checkpoints(home):
        # A new file, before any table is made in it: WAL in the instance only.
        assert _pragma(home / "new.db", "journal_mode") == "wal"
        assert _pragma(tmp_path / "elsewhere.db", "journal_mode") == "delete"
        with dg.DagsterInstance.from_config(str(home)) as instance:
            assert job.execute_in_process(instance=instance).success
    files = [home / "history" / "runs.db", home / "history" / "runs" / "index.db", home / "schedules" / "schedules.db"]
    assert [_pragma(f, "journal_mode") for f in files] == ["wal"] * 3
    assert [_pragma(f, "integrity_check") for f in files] == ["ok"] * 3
    with dg.DagsterInstance.from_config(str(home)) as instance:
        assert len(instance.get_runs()) == 1
