"""Thresholds of the operational warnings (freshness and completeness), from
``pipelines/settings.py`` like every other setting."""

import dagster as dg


class MonitoringResource(dg.ConfigurableResource):
    """How old a mission's latest month may be, and how far the number of
    contributing countries may fall from one month to the next, before a
    warning (WARN-severity asset checks: the run still publishes)."""

    max_age_months: int = 3
    max_country_drop_share: float = 0.25
    # ISO date to measure age against; empty means today (UTC).
    as_of: str = ""
