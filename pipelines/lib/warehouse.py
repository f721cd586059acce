"""The DuckDB warehouse: a private build workspace and an atomically published file.

Runs write only to the workspace (``<dir>/.build/<name>``), under an exclusive
file lock so two runs never write at once. Publishing checkpoints the workspace,
copies it beside the published file and renames the copy over it
(``os.replace``, atomic on POSIX). Readers open the published file read-only;
a reader's open connection keeps its snapshot, a new connection sees the new
file. A run killed at any point leaves the published file as it was: at worst a
stale ``*.publishing`` copy remains, removed by the next publish.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import polars as pl
from filelock import FileLock, Timeout

from pipelines.lib.faults import fault_point
from pipelines.lib.paths import PROJECT_ROOT

WAREHOUSE_SQL = PROJECT_ROOT / "warehouse"
SCHEMAS = ("raw", "staging", "marts", "audit", "analytics")
# Files must stay readable by DuckDB 1.0+ clients embedded in BI drivers.
STORAGE_VERSION = "v1.0.0"
_IDENT = re.compile(r"^[a-z_][a-z0-9_]*$")
DUCKDB_MEMORY_LIMIT = "1GB"


class WarehouseBusy(RuntimeError):
    """Another run holds the workspace lock."""


def ident(name: str) -> str:
    """Quote-free identifier check: table and schema names come from file names
    in this repository, never from data; refuse anything else."""
    if not _IDENT.match(name):
        raise ValueError(f"not a plain identifier: {name!r}")
    return name


def connect_config() -> dict:
    return {
        "storage_compatibility_version": STORAGE_VERSION,
        # No network here: fail fast instead of trying to download extensions.
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
        # DuckDB takes 80 per cent of RAM by default: with the 10M-row benchmark
        # a run peaked at 5 GB. Bounded, large operators spill to disk instead.
        "memory_limit": DUCKDB_MEMORY_LIMIT,
    }


class Warehouse:
    def __init__(self, published: str | os.PathLike, lock_timeout_s: float = 60.0):
        self.published = Path(published).resolve()
        self.workspace = self.published.parent / ".build" / self.published.name
        self.lock_path = self.workspace.with_name(self.workspace.name + ".lock")
        self.lock_timeout_s = lock_timeout_s

    @contextlib.contextmanager
    def writer_lock(self) -> Iterator[None]:
        self.workspace.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(self.lock_path, timeout=self.lock_timeout_s)
        try:
            lock.acquire()
        except Timeout as exc:
            raise WarehouseBusy(
                f"another run is writing the warehouse (lock {self.lock_path} held for more than "
                f"{self.lock_timeout_s:g} s); this run was refused and changed nothing. Wait for the other "
                f"run to finish, or set UNPOL_LOCK_TIMEOUT_S to wait longer"
            ) from exc
        try:
            yield
        finally:
            lock.release()

    @contextlib.contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Read-write connection to the workspace (callers hold the writer lock)."""
        self.workspace.parent.mkdir(parents=True, exist_ok=True)
        con = self._open_workspace()
        try:
            for schema in SCHEMAS:
                con.execute(f"create schema if not exists {schema}")
            yield con
        finally:
            con.close()

    def _open_workspace(self) -> duckdb.DuckDBPyConnection:
        try:
            return duckdb.connect(str(self.workspace), config=connect_config())
        except duckdb.Error as exc:
            # Someone else has the workspace open (we hold the writer lock, so a
            # reader): not ours to delete. DuckDB raises IOException both for this
            # and for a corrupt file ("not a valid DuckDB database file", "Could
            # not read enough bytes"), so tell them apart by the message.
            if "lock" in str(exc).lower():
                raise
            # The workspace is derived data: if a killed run or a bad disk left
            # it unreadable, start it again from the published file (or empty).
            for p in (self.workspace, Path(str(self.workspace) + ".wal")):
                p.unlink(missing_ok=True)
            if self.published.exists():
                shutil.copyfile(self.published, self.workspace)
            return duckdb.connect(str(self.workspace), config=connect_config())

    def publish(self) -> Path:
        """Atomically replace the published file with the workspace's contents."""
        con = duckdb.connect(str(self.workspace), config=connect_config())
        try:
            con.execute("checkpoint")
        finally:
            con.close()
        wal = Path(str(self.workspace) + ".wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise RuntimeError(f"{wal} still holds changes after CHECKPOINT; not publishing")
        self.published.parent.mkdir(parents=True, exist_ok=True)
        for stale in self.published.parent.glob(f".{self.published.name}.*.publishing"):
            stale.unlink(missing_ok=True)
        tmp = self.published.with_name(f".{self.published.name}.{os.getpid()}.publishing")
        shutil.copyfile(self.workspace, tmp)
        fault_point("publish_copy")
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, self.published)
        dir_fd = os.open(self.published.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
        return self.published


def read_only(path: str | os.PathLike) -> duckdb.DuckDBPyConnection:
    """How every reader opens the published warehouse."""
    cfg = connect_config()
    cfg.pop("storage_compatibility_version")
    return duckdb.connect(str(path), read_only=True, config=cfg)


def replace_table(con: duckdb.DuckDBPyConnection, schema: str, table: str, frame: pl.DataFrame) -> int:
    """Full replace of ``schema.table`` with ``frame`` in one transaction."""
    name = f"{ident(schema)}.{ident(table)}"
    con.execute("begin")
    try:
        con.register("_frame", frame)
        con.execute(f"create or replace table {name} as select * from _frame")
        con.unregister("_frame")
        fault_point(f"write:{name}")
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return frame.height


def append_rows(
    con: duckdb.DuckDBPyConnection, schema: str, table: str, frame: pl.DataFrame, where: str, params: list
) -> None:
    """Replace the rows matching ``where`` (bound ``params``) with ``frame``, in one
    transaction: re-running a step for the same run never duplicates rows."""
    name = f"{ident(schema)}.{ident(table)}"
    con.execute("begin")
    try:
        con.register("_frame", frame)
        con.execute(f"create table if not exists {name} as select * from _frame limit 0")
        con.execute(f"delete from {name} where {where}", params)
        con.execute(f"insert into {name} by name select * from _frame")
        con.unregister("_frame")
        fault_point(f"write:{name}")
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise



def table_exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return bool(
        con.execute(
            "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
            [schema, table],
        ).fetchone()[0]
    )
