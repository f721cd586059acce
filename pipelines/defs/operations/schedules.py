"""The monthly schedule: the whole graph for the month just closed."""


from datetime import date, datetime

import dagster as dg

MONTHLY_SCHEDULE = "monthly_schedule"


def month_just_closed(when: datetime) -> str:
    """Partition key of the calendar month before ``when`` (a tick on 1 May
    2026, or any day of May, gives 2026-04-01)."""
    first = date(when.year, when.month, 1)
    return date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1).isoformat()


def build_monthly_schedule(job_name: str, cron: str, running: bool) -> dg.ScheduleDefinition:
    @dg.schedule(
        name=MONTHLY_SCHEDULE,
        job_name=job_name,
        cron_schedule=cron,
        execution_timezone="UTC",
        default_status=dg.DefaultScheduleStatus.RUNNING if running else dg.DefaultScheduleStatus.STOPPED,
        description=f"Runs the whole graph for the staffing month just closed (cron `{cron}`, UTC; "
        "UNPOL_SCHEDULE_CRON).",
    )
    def monthly_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
        month = month_just_closed(context.scheduled_execution_time)
        # One run per month even if the tick is retried.
        return dg.RunRequest(run_key=f"month-{month}", partition_key=month)

    return monthly_schedule
