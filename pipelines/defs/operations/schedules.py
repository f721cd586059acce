"""The monthly schedule: fetch the publishers' current files, then run.

Each tick first brings the registry's live sources (``data/sources.toml``,
``live = true``) into the inbox with the fetch ``unpol fetch --live-only``
uses (``pipelines/lib/sources.py``): a file reaches the inbox only whole and
checked, and a live file whose bytes did not change is not touched. Then the
tick looks at the inbox as the inbox sensor does, against the content the
published warehouse has processed (``audit.processed_files``): a new or
changed file asks for one run (its months, or a full run); nothing new asks
for nothing, so an unchanged source starts no run and makes no release. A
source that fails (a timeout, a 404, a truncated body, a checksum mismatch,
an HTML page) leaves the inbox as it was, is named with its cause in one line
of the tick, and does not stop the run the other files need.

With ``UNPOL_SCHEDULE_FETCH=off``, or on the bundled inbox (the repository's
sample, never a place for downloads), the tick asks for a run of the month
just closed, as it always did.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import dagster as dg

from pipelines.defs.operations.sensors import (
    already_requested,
    context_instance,
    decide,
    load_cursor,
    run_key_for,
    run_request_for,
    short_tag,
)
from pipelines.lib.sources import REGISTRY, RegistryError, failure_line, fetch_live

MONTHLY_SCHEDULE = "monthly_schedule"
FETCH_TAG = "unpol/fetch"  # what the tick's fetch did: placed, unchanged, failed
FETCH_FAILED_TAG = "unpol/fetch_failed"  # each failed source and its cause, one line each


def month_just_closed(when: datetime) -> str:
    """Partition key of the calendar month before ``when`` (a tick on 1 May
    2026, or any day of May, gives 2026-04-01)."""
    first = date(when.year, when.month, 1)
    return date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1).isoformat()


@dataclass(frozen=True)
class ScheduledFetch:
    """Where the tick fetches to and what it compares with."""

    inbox: Path
    published: Path  # the published warehouse: its audit.processed_files is what is not new
    cache: Path
    base_url: str | None = None
    timeout_s: float = 60.0
    retries: int = 2
    registry: Path = REGISTRY


def fetch_then_decide(fetch: ScheduledFetch, instance: dg.DagsterInstance | None,
                      log=None) -> dg.RunRequest | dg.SkipReason:
    """One tick: the live sources into the inbox, then a run for what is new in
    it, or the reason for none. Every failed source is one line of the tick
    (a warning in its log, and in the skip reason or the run's tags)."""
    try:
        outcomes = fetch_live(fetch.inbox, fetch.cache, registry=fetch.registry, base_url=fetch.base_url,
                              timeout=fetch.timeout_s, retries=fetch.retries)
        failed = [failure_line(o) for o in outcomes if o.status == "failed"]
        summary = (f"fetched {len(outcomes)} live sources: "
                   + ", ".join(f"{sum(o.status == k for o in outcomes)} {k}" for k in ("placed", "unchanged", "failed")))
    except RegistryError as exc:  # the registry itself is wrong: no source fetched, the inbox as it was
        failed, summary = [f"registry: FAILED: {' '.join(str(exc).split())}"], "fetched nothing"
    for line in failed:
        if log is not None:
            log.warning(line)
    decision = decide(fetch.inbox, load_cursor(None, fetch.published))
    if not decision.new:
        return dg.SkipReason("\n".join([f"{summary}; no new or changed file in {fetch.inbox}: no run", *failed]))
    if already_requested(instance, run_key_for(decision)):
        return dg.SkipReason("\n".join([f"{summary}; a run for the new files in {fetch.inbox} was already "
                                        "requested", *failed]))
    tags = {FETCH_TAG: summary}
    if failed:
        tags[FETCH_FAILED_TAG] = short_tag("\n".join(failed))
    return run_request_for(decision, tags)


def build_monthly_schedule(job_name: str, cron: str, running: bool,
                           fetch: ScheduledFetch | None = None) -> dg.ScheduleDefinition:
    what = ("Fetches the publishers' current files (data/sources.toml, live) into the inbox, then runs what "
            "is new in it (nothing new: no run)" if fetch else "Runs the whole graph for the staffing month just closed")

    @dg.schedule(
        name=MONTHLY_SCHEDULE,
        job_name=job_name,
        cron_schedule=cron,
        execution_timezone="UTC",
        default_status=dg.DefaultScheduleStatus.RUNNING if running else dg.DefaultScheduleStatus.STOPPED,
        description=f"{what} (cron `{cron}`, UTC; UNPOL_SCHEDULE_CRON, UNPOL_SCHEDULE_FETCH).",
    )
    def monthly_schedule(context: dg.ScheduleEvaluationContext):
        if fetch is not None:
            return fetch_then_decide(fetch, context_instance(context), context.log)
        month = month_just_closed(context.scheduled_execution_time)
        # One run per month even if the tick is retried.
        return dg.RunRequest(run_key=f"month-{month}", partition_key=month)

    return monthly_schedule
