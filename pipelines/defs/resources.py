"""Resources shared by every domain: the warehouse, the inbox and the
thresholds of the operational warnings, and how they are built from
``pipelines.settings.Settings`` (configuration is read from the environment in
one place, ``pipelines/settings.py``)."""



import contextlib
from collections.abc import Iterator
from pathlib import Path

import dagster as dg

from pipelines.lib.warehouse import Warehouse
from pipelines.settings import Settings


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


class MonitoringResource(dg.ConfigurableResource):
    """How old a mission's latest month may be, and how far the number of
    contributing countries may fall from one month to the next, before a
    warning (WARN-severity asset checks: the run still publishes)."""

    max_age_months: int = 3
    max_country_drop_share: float = 0.25
    # ISO date to measure age against; empty means today (UTC).
    as_of: str = ""


def resources_for(settings: Settings) -> dict[str, dg.ConfigurableResource]:
    """The resources of a run, from one ``Settings``."""
    return {
        "inbox": InboxResource(path=str(Path(settings.inbox).resolve())),
        "warehouse": WarehouseResource(
            path=str(Path(settings.warehouse).resolve()),
            max_reject_share=settings.max_reject_share,
            lock_timeout_s=settings.lock_timeout_s,
        ),
        "monitoring": MonitoringResource(
            max_age_months=settings.freshness_max_age_months,
            max_country_drop_share=settings.max_country_drop_share,
        ),
    }
