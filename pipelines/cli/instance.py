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


def get_instance():
    import dagster as dg

    home = dagster_home()
    sync_normal_under(home)
    return dg.DagsterInstance.from_config(str(home))


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

    @event.listens_for(Engine, "connect")
    def _normal_sync(dbapi_connection, _record) -> None:
        if not isinstance(dbapi_connection, sqlite3.Connection):
            return
        files = [row[2] for row in dbapi_connection.execute("pragma database_list") if row[1] == "main"]
        if not files or not files[0].startswith(root + os.sep):
            return
        if files[0] not in wal:
            if dbapi_connection.execute("pragma journal_mode").fetchone()[0].lower() != "wal":
                return
            wal.add(files[0])
        dbapi_connection.execute("pragma synchronous = normal")
