"""Dagster's SQLite event log for ``unpol run``: the same files, tables and
format as Dagster's own ``SqliteEventLogStorage``, with its database engines
kept open for the run instead of made anew for every read and write.

Dagster's SQLite storage creates an SQLAlchemy engine, opens a connection,
commits and disposes of the engine for each of its reads and writes: 2,025
of them in a run of the bundled data (counted; each event is stored in the
run's file and, for asset and check events, in the index; each asset step
first reads the index). In ``bench/dagster_floor.py``'s 135 no-op steps,
1,471 of them took 3.2 s of a 6.8 s run (cProfile): about 2 ms each, most of
Dagster's share of a run. This class keeps one engine, with its pooled
connection, per file: the run's file and the index.

Only ``unpol run`` uses it (``pipelines/cli/instance.py``), and only when the
instance's ``dagster.yaml`` leaves the storage at Dagster's SQLite default;
``unpol serve``, the daemon and the runs it launches use Dagster's class on
the same files. Both read what the other wrote: nothing on disk differs.
"""

from __future__ import annotations

import contextlib
import threading
from collections import OrderedDict
from collections.abc import Iterator

from dagster._core.storage.event_log.sqlite.sqlite_event_log import (
    SqliteEventLogStorage as DagsterSqliteEventLogStorage,
)
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection, Engine

# The index and the run being written are the files a run uses; a few more
# are kept for the reads of other runs' files (their run ids are shards too).
MAX_OPEN_FILES = 4


class SqliteEventLogStorage(DagsterSqliteEventLogStorage):
    """Dagster's run-sharded SQLite event log, one open engine per file."""

    def __init__(self, base_dir: str, inst_data=None):
        self._engines: OrderedDict[str, Engine] = OrderedDict()
        self._engines_lock = threading.Lock()
        super().__init__(base_dir, inst_data)

    @classmethod
    def from_config_value(cls, inst_data, config_value) -> SqliteEventLogStorage:
        return cls(inst_data=inst_data, **config_value)

    @contextlib.contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        # As Dagster's: one statement sequence at a time in this process
        # (``_db_lock``), each in a transaction committed on exit.
        with self._db_lock:
            engine = self._engine(shard)
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
                # A new file is put in WAL mode by _initdb: connections opened
                # before then were set up for the old mode (sync_normal_under).
                engine.dispose()
            with engine.connect() as conn, conn.begin():
                yield conn

    def _engine(self, shard: str) -> Engine:
        with self._engines_lock:
            engine = self._engines.pop(shard, None)
            if engine is None:
                engine = create_engine(
                    self.conn_string_for_shard(shard),
                    pool_size=1,  # one kept open; _db_lock lets one use it at a time
                    max_overflow=4,  # Dagster nests a few while it creates a file
                    connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
                )
            self._engines[shard] = engine  # most recently used last
            while len(self._engines) > MAX_OPEN_FILES:
                self._engines.popitem(last=False)[1].dispose()
            return engine

    def _close_engines(self) -> None:
        with self._engines_lock:
            while self._engines:
                self._engines.popitem()[1].dispose()

    def wipe(self) -> None:
        self._close_engines()  # the run files are deleted: no connection may outlive them
        super().wipe()

    def dispose(self) -> None:
        self._close_engines()
        super().dispose()
