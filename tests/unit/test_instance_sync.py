"""unpol run writes the Dagster instance's SQLite files with synchronous=NORMAL
(pipelines/cli/instance.py), and only those, and only in WAL mode."""

import sqlite3

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from pipelines.cli.instance import sync_normal_under


def _synchronous(path) -> int:
    engine = create_engine(f"sqlite:///{path}", poolclass=NullPool)
    try:
        with engine.connect() as con:
            return con.execute(text("pragma synchronous")).scalar()
    finally:
        engine.dispose()


def test_instance_files_in_wal_mode_sync_normal_others_keep_the_default(tmp_path):
    home, other = tmp_path / "home", tmp_path / "other"
    home.mkdir()
    other.mkdir()
    for path, mode in ((home / "wal.db", "wal"), (home / "rollback.db", "delete"), (other / "wal.db", "wal")):
        con = sqlite3.connect(path)
        con.execute(f"pragma journal_mode = {mode}")
        con.execute("create table t (x)")
        con.close()
    sync_normal_under(home)
    sync_normal_under(home)  # once per folder
    assert _synchronous(home / "wal.db") == 1  # NORMAL
    assert _synchronous(home / "wal.db") == 1
    assert _synchronous(home / "rollback.db") == 2  # FULL, the default: not safe without WAL
    assert _synchronous(other / "wal.db") == 2  # not the instance's
