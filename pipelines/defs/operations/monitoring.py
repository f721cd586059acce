"""Operational warnings on the monthly staffing facts: a mission gone quiet, a
month with contributing countries missing.

Both are WARN severity and not blocking: the run still publishes, the UI shows
them as warnings and ``audit.run_summary`` counts them. They are checks of the
SQL step on ``marts.mission_police_scorecard``, run once it is built (after
both tables they read, ``marts.fct_police_deployment`` and
``marts.dim_mission``), so they see this run's data before the release step
summarises the run.
"""


from datetime import UTC, date, datetime

import dagster as dg
import duckdb

from pipelines.defs.factories.sql import Check, StepRun
from pipelines.defs.resources import MonitoringResource
from pipelines.lib.readable import row_text

SCORECARD = dg.AssetKey(["marts", "mission_police_scorecard"])
MISSION_STAFFING_FRESH = "mission_staffing_fresh"
CONTRIBUTING_COUNTRIES_STABLE = "contributing_countries_stable"
# Below this many countries in the previous month a drop of one or two is
# ordinary rotation, not a missing report (a 3 -> 2 change is already 33 %).
MIN_COUNTRIES_COMPARED = 5

STALE_SQL = """
with latest as (
    select mission, max(month) as latest_month
    from marts.fct_police_deployment
    group by mission
),
final as (
    select
        latest.mission,
        latest.latest_month,
        date_diff('month', latest.latest_month, ?::date) as age_months,
        dim_mission.end_date
    from latest
    left join marts.dim_mission as dim_mission using (mission)
)
select * from final
-- a mission that ended before the reference date is expected to be quiet
where age_months > ? and (end_date is null or end_date >= ?::date)
order by age_months desc, mission
"""

DROP_SQL = """
with counts as (
    select mission, month, count(distinct contributing_country_iso3) as countries
    from marts.fct_police_deployment
    group by mission, month
),
compared as (
    select
        mission,
        month,
        countries,
        lag(month) over (partition by mission order by month) as previous_month,
        lag(countries) over (partition by mission order by month) as previous_countries
    from counts
),
final as (
    select *, 1 - countries / previous_countries as drop_share
    from compared
    where previous_month = cast(month - interval 1 month as date)
)
select mission, month, countries, previous_countries, round(drop_share, 3) as drop_share
from final
where previous_countries >= ? and drop_share > ?
order by month, mission
"""


def stale_missions(con: duckdb.DuckDBPyConnection, as_of: date, max_age_months: int) -> list[tuple]:
    """(mission, latest_month, age_months, end_date) of every mission still
    running at ``as_of`` whose latest police month is more than
    ``max_age_months`` months before it."""
    return con.execute(STALE_SQL, [as_of, max_age_months, as_of]).fetchall()


def country_drops(con: duckdb.DuckDBPyConnection, max_drop_share: float) -> list[tuple]:
    """(mission, month, countries, previous_countries, drop_share) where a
    mission's police contributors fell by more than ``max_drop_share`` from the
    calendar month before."""
    return con.execute(DROP_SQL, [MIN_COUNTRIES_COMPARED, max_drop_share]).fetchall()


def _as_of(monitoring: MonitoringResource) -> date:
    return date.fromisoformat(monitoring.as_of) if monitoring.as_of else datetime.now(UTC).date()


def _sample(rows: list[tuple], columns: tuple[str, ...]) -> str:
    return "\n".join(row_text(columns, r) for r in rows[:10]) or "none"


def mission_staffing_fresh(con: duckdb.DuckDBPyConnection, run: StepRun) -> tuple[bool, dict]:
    monitoring = run.monitoring
    as_of = _as_of(monitoring)
    rows = stale_missions(con, as_of, monitoring.max_age_months)
    return not rows, {
        "as_of": as_of.isoformat(),
        "max_age_months": monitoring.max_age_months,
        "stale_missions": len(rows),
        "sample": dg.MetadataValue.text(_sample(rows, ("mission", "latest_month", "age_months", "end_date"))),
    }


def contributing_countries_stable(con: duckdb.DuckDBPyConnection, run: StepRun) -> tuple[bool, dict]:
    rows = country_drops(con, run.monitoring.max_country_drop_share)
    return not rows, {
        "max_country_drop_share": run.monitoring.max_country_drop_share,
        "months_dropped": len(rows),
        "sample": dg.MetadataValue.text(
            _sample(rows, ("mission", "month", "countries", "previous_countries", "drop_share"))
        ),
    }


STAFFING_MONITORING_CHECKS = [
    Check(SCORECARD, MISSION_STAFFING_FRESH, False,
          "Warn when a running mission's latest police month is older than the configured age.",
          mission_staffing_fresh),
    Check(SCORECARD, CONTRIBUTING_COUNTRIES_STABLE, False,
          "Warn when a mission's contributing countries fall by more than the configured share from one month "
          "to the next.", contributing_countries_stable),
]
