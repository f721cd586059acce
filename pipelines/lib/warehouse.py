"""The DuckDB warehouse: a private build workspace, published as part of a release.

Runs write only to the workspace (``<dir>/.build/<name>``), under an exclusive
file lock so two runs never write at once. At the start of every run the
workspace is checked against the current release's warehouse (sha256 from the
release manifest) and copied again from it when they differ, so nothing a
failed run or anyone else left in it is ever published. Publishing
checkpoints the workspace and copies it into the release being staged
(``pipelines/lib/releases.py`` makes the release current in one step).
Readers open the published path (a link into the current release) read-only;
a reader's open connection keeps its snapshot, a new connection sees the new
file. A run killed at any point leaves the current release as it was.
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
from pipelines.lib.release_guard import refuse_inside_release

WAREHOUSE_SQL = PROJECT_ROOT / "warehouse"
SCHEMAS = ("raw", "staging", "marts", "audit", "analytics")
# Files must stay readable by DuckDB 1.0+ clients embedded in BI drivers.
STORAGE_VERSION = "v1.0.0"
_IDENT = re.compile(r"^[a-z_][a-z0-9_]*$")
DUCKDB_MEMORY_LIMIT = "1GB"


class WarehouseBusy(RuntimeError):
    """Another run holds the workspace lock."""


# Workspaces a run keeps open (``Warehouse.held``): the path and the run's open
# database (None until the first step connects, and after a release).
_HELD: dict[Path, duckdb.DuckDBPyConnection | None] = {}


def ident(name: str) -> str:
    """Quote-free identifier check: table and schema names come from file names
    in this repository, never from data; refuse anything else."""
    if not _IDENT.match(name):
        raise ValueError(f"not a plain identifier: {name!r}")
    return name


def quote_ident(name: str) -> str:
    """Any name as a quoted SQL identifier (for names read from a catalog)."""
    return '"' + name.replace('"', '""') + '"'


def qualified(schema: str, name: str) -> str:
    return f"{quote_ident(schema)}.{quote_ident(name)}"


def rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back without hiding the error that got us here: when the disk is
    full DuckDB may already have aborted the transaction, and a second error
    ("cannot rollback - no transaction is active") would replace the real one."""
    with contextlib.suppress(duckdb.Error):
        con.execute("rollback")


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """The block as one transaction: committed when it ends, rolled back when it raises."""
    con.execute("begin")
    try:
        yield con
        con.execute("commit")
    except Exception:
        rollback(con)
        raise


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
        # Every run (command line, daemon, schedule, sensor, UI) builds one:
        # a path inside a published release is refused before anything is written.
        refuse_inside_release(published, own_link=True)
        published = Path(published)
        # The published path is a link into the current release: resolve the
        # folder, never the file.
        self.published = published.parent.resolve() / published.name
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
    def held(self) -> Iterator[None]:
        """Keep the workspace's database open for the length of a run (the
        caller holds the writer lock). Starting DuckDB on the file costs tens
        of milliseconds and closing it a checkpoint, and a run connects in
        each of its 130-odd steps: while held, ``connect`` gives each step a
        connection of its own to the one open database. It is closed (and so
        checkpointed) when the run ends, and before the workspace is opened
        read-only (``read_workspace``) or checkpointed for publishing; a later
        step opens it again."""
        _HELD[self.workspace] = None
        try:
            yield
        finally:
            self._release()
            _HELD.pop(self.workspace, None)

    def _release(self) -> None:
        """Close the database a run holds open (a no-op when none is)."""
        con = _HELD.get(self.workspace)
        if con is not None:
            _HELD[self.workspace] = None
            con.close()

    @contextlib.contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Read-write connection to the workspace (callers hold the writer lock)."""
        self.workspace.parent.mkdir(parents=True, exist_ok=True)
        if self.workspace in _HELD:
            if _HELD[self.workspace] is None:
                _HELD[self.workspace] = self._open_workspace()
            con = _HELD[self.workspace].cursor()  # a connection of its own to the held database
        else:
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

    def read_workspace(self) -> duckdb.DuckDBPyConnection:
        """A read-only connection to the workspace (the report, the exports and
        the shrink guard read it so); a database the run holds open is closed
        first, as DuckDB opens a file with one configuration per process."""
        self._release()
        return read_only(self.workspace)

    def checkpoint(self) -> int:
        """Write everything into the workspace file (no WAL left); its size."""
        self._release()
        con = duckdb.connect(str(self.workspace), config=connect_config())
        try:
            con.execute("checkpoint")
        finally:
            con.close()
        wal = Path(str(self.workspace) + ".wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise RuntimeError(f"{wal} still holds changes after CHECKPOINT; not publishing")
        return self.workspace.stat().st_size

    def reset_workspace(self, source: Path | None, source_sha256: str | None) -> str:
        """Start the run's workspace from ``source`` (the current release's
        warehouse): kept when it is byte-identical to it, copied again
        otherwise; removed when there is no source. Call with the lock held."""
        from pipelines.lib.files import sha256_of

        wal = Path(str(self.workspace) + ".wal")
        self.workspace.parent.mkdir(parents=True, exist_ok=True)
        for stale in self.workspace.parent.glob(f".{self.workspace.name}.*.copy"):
            stale.unlink(missing_ok=True)
        if source is None:
            for p in (self.workspace, wal):
                p.unlink(missing_ok=True)
            return "empty"
        if (source_sha256 and self.workspace.is_file() and not wal.exists()
                and self.workspace.stat().st_size == source.stat().st_size
                and sha256_of(self.workspace) == source_sha256):
            return "verified"
        tmp = self.workspace.with_name(f".{self.workspace.name}.{os.getpid()}.copy")
        shutil.copyfile(source, tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        wal.unlink(missing_ok=True)
        os.replace(tmp, self.workspace)
        return "copied"


def read_only(path: str | os.PathLike) -> duckdb.DuckDBPyConnection:
    """How every reader opens the published warehouse."""
    cfg = connect_config()
    cfg.pop("storage_compatibility_version")
    return duckdb.connect(str(path), read_only=True, config=cfg)


def write_frame(con: duckdb.DuckDBPyConnection, schema: str, table: str, frame: pl.DataFrame) -> int:
    """Full replace of ``schema.table`` with a polars frame, inside the caller's
    transaction (``transaction``; the SQL step holds one for its loaders: seeds,
    countries, indicators)."""
    con.register("_frame", frame)
    try:
        con.execute(f"create or replace table {ident(schema)}.{ident(table)} as select * from _frame")
    finally:
        con.unregister("_frame")
    fault_point(f"write:{schema}.{table}")
    return frame.height


def append_rows(
    con: duckdb.DuckDBPyConnection, schema: str, table: str, frame: pl.DataFrame, where: str, params: list
) -> None:
    """Replace the rows matching ``where`` (bound ``params``) with ``frame``, in one
    transaction: re-running a step for the same run never duplicates rows."""
    name = f"{ident(schema)}.{ident(table)}"
    with transaction(con):
        con.register("_frame", frame)
        con.execute(f"create table if not exists {name} as select * from _frame limit 0")
        con.execute(f"delete from {name} where {where}", params)
        con.execute(f"insert into {name} by name select * from _frame")
        con.unregister("_frame")
        fault_point(f"write:{name}")


def table_exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return bool(
        con.execute(
            "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
            [schema, table],
        ).fetchone()[0]
    )
