"""Operations: what runs the graph without anyone at the keyboard (the monthly
schedule, the inbox sensor). The per-run summary (assets.py) is written by the
release step and the staffing warnings (monitoring.py) are checks of the SQL
step. Assembled by ``pipelines/definitions.py``."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from pipelines.defs.operations.assets import RUN_SUMMARY
from pipelines.defs.operations.schedules import build_monthly_schedule
from pipelines.defs.operations.sensors import build_inbox_sensor


def definitions_for(settings, job_name: str) -> dg.Definitions:
    return dg.Definitions(
        schedules=[build_monthly_schedule(job_name, settings.schedule_cron, settings.automation_running)],
        sensors=[
            build_inbox_sensor(
                Path(settings.inbox).resolve(),
                # The folder resolved, not the file: it is a link into the current release.
                Path(settings.warehouse).absolute().parent.resolve() / Path(settings.warehouse).name, job_name,
                settings.sensor_interval_s, settings.automation_running,
            )
        ],
    )


__all__ = ["RUN_SUMMARY", "definitions_for"]
