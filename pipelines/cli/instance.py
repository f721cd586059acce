"""The Dagster instance of a warehouse. ``unpol run`` and ``unpol serve`` for
one warehouse use the same instance, so the UI shows that warehouse's runs and
months and no other's: ``$DAGSTER_HOME`` when set, otherwise ``.dagster/``
in the warehouse's folder (one warehouse per folder: ``unpol run`` refuses a
second). A home without a ``dagster.yaml`` gets a copy of the project's
(SQLite storage under the home, one run at a time)."""

from __future__ import annotations

import os
import shutil
import sqlite3
from contextlib import contextmanager
from pathlib import Path

from pipelines.lib.paths import PROJECT_ROOT

PROJECT_YAML = PROJECT_ROOT / "dagster.yaml"
HOME_DIR = ".dagster"


def dagster_home(warehouse: Path) -> Path:
    """The instance folder of ``warehouse``, created with its ``dagster.yaml``
    if new. Absolute, never resolved: the folder as the user named it."""
    named = os.environ.get("DAGSTER_HOME")
    home = Path(named).absolute() if named else Path(warehouse).absolute().parent / HOME_DIR
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "dagster.yaml").exists():
        shutil.copyfile(PROJECT_YAML, home / "dagster.yaml")
    return home


def get_instance(home: Path):
    """The instance in ``home`` (``dagster_home``) for ``unpol run``; close it
    when done (a context manager)."""
    import dagster as dg

    return dg.DagsterInstance.from_config(str(home))


@contextmanager
def sqlite_syncs_at_checkpoints(home: Path):
    """While open, every SQLite connection this process opens on a file of the
    instance in ``home`` commits without a disk sync each: ``synchronous=NORMAL``
    (SQLAlchemy's documented ``connect`` event; Dagster's storage is
    SQLAlchemy's), which in WAL mode syncs the WAL at each checkpoint instead
    of at every commit. A file still empty (Dagster about to create its tables,
    in a new instance) is put in WAL mode first, which Dagster sets itself right
    after creating them: created in the default rollback journal, a new
    instance's three files took about 300 syncs. The files stay consistent
    after any crash; a power loss may drop the last events of the run's
    history, never the warehouse, whose release is synced by
    pipelines/lib/releases.py. Only files under ``home`` (Dagster's default
    SQLite layout); any other storage (PostgreSQL) is left alone."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    home = Path(home).absolute()

    def sync_at_checkpoints(dbapi_con, _record) -> None:
        if isinstance(dbapi_con, sqlite3.Connection) and any(
                file and Path(file).is_relative_to(home) for _, _, file in dbapi_con.execute("pragma database_list")):
            if not dbapi_con.execute("pragma page_count").fetchone()[0]:
                dbapi_con.execute("pragma journal_mode=wal")
            dbapi_con.execute("pragma synchronous=normal")

    event.listen(Engine, "connect", sync_at_checkpoints)
    try:
        yield
    finally:
        event.remove(Engine, "connect", sync_at_checkpoints)


@contextmanager
def event_log_held_open(instance, run_id: str):
    """Hold the run's SQLite event-log files open while the run writes them.

    Dagster's SQLite event log opens and closes each file for every event it
    stores, hundreds per run, each in a transaction of its own. A file in WAL
    mode closed by its last connection is checkpointed and its WAL removed,
    with their syncs. An idle connection of ours keeps that close from being
    the last one, so the WAL is checkpointed as SQLite does for any open
    database (every 1,000 pages) and once at the end. Between its two reads of
    the schema it holds no lock. (``sqlite_syncs_at_checkpoints`` spares the
    sync at each commit.)

    The files, their tables and what Dagster writes are unchanged. Only for
    Dagster's default layout (``history/runs/index.db`` and ``<run id>.db``
    under the instance, documented with the instance); any other storage
    (PostgreSQL) is left alone."""
    runs = Path(instance.root_directory) / "history" / "runs"
    if not (runs / "index.db").is_file():
        yield
        return
    held = [sqlite3.connect(runs / name) for name in ("index.db", f"{run_id}.db")]
    for con in held:
        # WAL, as Dagster makes its files (the run's file is new: Dagster adds its
        # tables to it); a read opens the WAL index, which is what keeps the file open.
        con.execute("pragma journal_mode=wal")
        con.execute("select count(*) from sqlite_master").fetchone()
    try:
        yield
    finally:
        # A run that stopped before Dagster made its file leaves none.
        unused = not held[1].execute("select count(*) from sqlite_master").fetchone()[0]
        for con in held:
            con.close()
        if unused:
            for suffix in ("", "-wal", "-shm"):
                (runs / f"{run_id}.db{suffix}").unlink(missing_ok=True)
