"""Resources shared by every domain: the warehouse, the inbox and the
thresholds of the operational warnings, and how they are built from
``pipelines.settings.Settings`` (configuration is read from the environment in
one place, ``pipelines/settings.py``)."""



import contextlib
from collections.abc import Iterator
from pathlib import Path

import dagster as dg

from pipelines.lib.releases import Releases
from pipelines.lib.warehouse import Warehouse
from pipelines.settings import Settings


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse and its releases. Runs write to the build workspace
    while holding the one-writer lock for the whole run; the release assets
    stage the warehouse, report and exports and make them current in one step."""

    path: str
    lock_timeout_s: float = 60.0
    # A file whose share of rejected rows passes this stops the run from publishing.
    max_reject_share: float = 0.10
    # Releases kept for --release / --as-of (the oldest pruned after a publish).
    keep_releases: int = 24
    # A fact table losing more than this share of its rows (outside the months
    # the run replaces) stops the publish, unless allow_shrink.
    max_shrink_share: float = 0.10
    allow_shrink: bool = False

    def get(self) -> Warehouse:
        return Warehouse(self.path, self.lock_timeout_s)

    def releases(self) -> Releases:
        return Releases(self.path, self.keep_releases)

    @contextlib.contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext) -> Iterator["WarehouseResource"]:
        # With the in-process executor this spans the whole run: one writer.
        wh = self.get()
        # A check or asset invoked directly (tests) has no run: it works on the
        # workspace as it is. A run starts it from the current release.
        run = getattr(context, "run", None)
        with wh.writer_lock():
            if run is not None:
                start_run(wh, self.releases(), context.log)
            try:
                # The run's steps share one open database (Warehouse.held).
                with wh.held() if run is not None else contextlib.nullcontext():
                    yield self
            finally:
                # A run that did not publish leaves no staged release behind
                # (a published one was renamed away from its staging name).
                if run is not None:
                    self.releases().discard_staging(run.run_id)


def start_run(wh: Warehouse, releases: Releases, log) -> None:
    """What every run does first, under the lock: remove what a failed run
    left, verify the current release against its manifest, start the
    workspace from it, and check the disk has the room the last release
    measured."""
    from pipelines.lib.releases import ReleaseError

    removed = releases.clean_leftovers()
    if removed and log:
        log.info(f"removed leftovers of an earlier run: {', '.join(p.name for p in removed)}")
    current = releases.current()
    if current is not None and current.manifest["warehouse_file"] != wh.published.name:
        raise ReleaseError(
            f"{releases.root} holds the releases of {current.manifest['warehouse_file']}; one warehouse per "
            f"folder (current, reports/ and exports/ are the folder's): put {wh.published.name} in a folder of its own")
    if current is not None:
        problems = current.verify()
        if problems:
            raise ReleaseError(
                f"the current release {current.id} no longer matches its manifest ({'; '.join(problems[:3])}); "
                f"nothing was built. Point {releases.current_link} at an intact release "
                f"(`unpol releases` lists them) or restore the file, then run again")
        wf = current.manifest["warehouse_file"]
        how = wh.reset_workspace(current.warehouse(), current.manifest["files"][wf]["sha256"])
    elif wh.published.is_file() and not wh.published.is_symlink():
        how = wh.reset_workspace(wh.published, None)  # published before releases existed
    else:
        how = wh.reset_workspace(None, None)
    if log:
        log.info(f"build workspace {how} from {'release ' + current.id if current else 'scratch'}")
    need = releases.space_needed()
    if need is not None:
        releases.check_space(*need)


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
            # The folder resolved, never the file: it is a link into the current release.
            path=str(Path(settings.warehouse).parent.resolve() / Path(settings.warehouse).name),
            max_reject_share=settings.max_reject_share,
            lock_timeout_s=settings.lock_timeout_s,
            keep_releases=settings.keep_releases,
            max_shrink_share=settings.max_shrink_share,
            allow_shrink=settings.allow_shrink,
        ),
        "monitoring": MonitoringResource(
            max_age_months=settings.freshness_max_age_months,
            max_country_drop_share=settings.max_country_drop_share,
        ),
    }
