"""The one Dagster instance that ``unpol run``, ``unpol serve`` and the daemon
share, so the UI shows every run: ``$DAGSTER_HOME`` when set, otherwise the
project default ``var/dagster/``. A home without a ``dagster.yaml`` gets a copy
of the project's (SQLite storage under the home, one run at a time)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from pipelines.lib.paths import PROJECT_ROOT

DEFAULT_HOME = PROJECT_ROOT / "var" / "dagster"
PROJECT_YAML = PROJECT_ROOT / "dagster.yaml"


def dagster_home() -> Path:
    """The instance folder, created with its ``dagster.yaml`` if new."""
    home = Path(os.environ.get("DAGSTER_HOME") or DEFAULT_HOME).resolve()
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "dagster.yaml").exists():
        shutil.copyfile(PROJECT_YAML, home / "dagster.yaml")
    return home


STORAGE_KEYS = ("storage", "run_storage", "event_log_storage", "schedule_storage")


def get_instance():
    """The instance for ``unpol run``. When its ``dagster.yaml`` leaves the
    storage at Dagster's SQLite default, the run's events are written by
    ``pipelines.cli.event_log`` (the same files, its engines kept open)."""
    import dagster as dg
    import yaml
    from dagster._core.instance.ref import InstanceRef

    home = dagster_home()
    sync_normal_under(home)
    config = yaml.safe_load((home / "dagster.yaml").read_text()) or {}
    if any(key in config for key in STORAGE_KEYS):
        return dg.DagsterInstance.from_config(str(home))
    # Where Dagster's default puts the event log (InstanceRef.config_defaults).
    events = {"module": "pipelines.cli.event_log", "class": "SqliteEventLogStorage",
              "config": {"base_dir": str(home / "history" / "runs")}}
    ref = InstanceRef.from_dir(str(home), overrides={"event_log_storage": events})
    return dg.DagsterInstance.from_ref(ref)


_synced: set[str] = set()


def sync_normal_under(home: Path) -> None:
    """Dagster's SQLite storage commits each event of a run on its own (about
    700 for the bundled data, most of them twice: the run's file and the
    index), and SQLite's default (synchronous=FULL) waits for the disk on each
    commit: several seconds a run, more on a busy disk. Its files are in WAL
    mode, where synchronous=NORMAL keeps every file consistent and loses, at
    most, the last events committed before a power cut or an operating-system
    crash (not a crash of the run: the events are in the file). So the
    connections this process opens to the instance's SQLite files under
    ``home`` use NORMAL; other processes (``unpol serve``, the daemon) keep
    Dagster's default."""
    import sqlite3

    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    root = str(home.resolve())
    if root in _synced:
        return
    _synced.add(root)

    wal: set[str] = set()  # files seen in WAL mode (a file stays in WAL mode once set)
    key = "unpol_sqlite_file"

    @event.listens_for(Engine, "do_connect")
    def _remember_file(dialect, connection_record, cargs, _cparams) -> None:
        # The file, known before connecting: cheaper than asking each connection for it.
        if dialect.name == "sqlite" and cargs and isinstance(cargs[0], str):
            connection_record.info[key] = cargs[0]

    @event.listens_for(Engine, "connect")
    def _normal_sync(dbapi_connection, connection_record) -> None:
        path = connection_record.info.get(key)
        if not path or not isinstance(dbapi_connection, sqlite3.Connection):
            return
        path = os.path.abspath(path)
        if not path.startswith(root + os.sep):
            return
        if path not in wal:
            if dbapi_connection.execute("pragma journal_mode").fetchone()[0].lower() != "wal":
                return
            wal.add(path)
        dbapi_connection.execute("pragma synchronous = normal")
