"""Resources shared by every domain: the warehouse and the inbox.

Configuration comes from the environment in one place, ``pipelines/definitions.py``.
"""


import contextlib
from collections.abc import Iterator
from pathlib import Path

import dagster as dg

from pipelines.lib.warehouse import Warehouse


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse. Runs write to its build workspace while holding the
    one-writer lock for the whole run; ``publish`` swaps it in atomically."""

    path: str
    lock_timeout_s: float = 60.0
    # A file whose share of rejected rows passes this stops the run from publishing.
    max_reject_share: float = 0.10

    def get(self) -> Warehouse:
        return Warehouse(self.path, self.lock_timeout_s)

    @contextlib.contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext) -> Iterator["WarehouseResource"]:
        # With the in-process executor this spans the whole run: one writer.
        with self.get().writer_lock():
            yield self


class InboxResource(dg.ConfigurableResource):
    """The folder whose files a run ingests."""

    path: str

    def root(self) -> Path:
        return Path(self.path).resolve()
