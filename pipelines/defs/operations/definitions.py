"""Operations: what runs the graph without anyone at the keyboard (the monthly
schedule, the inbox sensor). The per-run summary (assets.py) is written by the
release step and the staffing warnings (monitoring.py) are checks of the SQL
step. Assembled by ``pipelines/definitions.py``."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from pipelines.defs.operations.assets import RUN_SUMMARY
from pipelines.defs.operations.schedules import ScheduledFetch, build_monthly_schedule
from pipelines.defs.operations.sensors import build_inbox_sensor
from pipelines.lib.paths import BUNDLED_INBOX


def definitions_for(settings, job_name: str) -> dg.Definitions:
    inbox = Path(settings.inbox).resolve()
    # The folder resolved, not the file: it is a link into the current release.
    published = Path(settings.warehouse).absolute().parent.resolve() / Path(settings.warehouse).name
    # The schedule fetches the live sources first, but never into the bundled sample inbox.
    fetch = ScheduledFetch(inbox=inbox, published=published, cache=Path(settings.fetch_cache).absolute(),
                           base_url=settings.fetch_base_url, timeout_s=settings.fetch_timeout_s) \
        if settings.schedule_fetch and inbox != BUNDLED_INBOX.resolve() else None
    return dg.Definitions(
        schedules=[build_monthly_schedule(job_name, settings.schedule_cron, settings.automation_running, fetch)],
        sensors=[build_inbox_sensor(inbox, published, job_name, settings.sensor_interval_s,
                                    settings.automation_running)],
    )


__all__ = ["RUN_SUMMARY", "definitions_for"]
