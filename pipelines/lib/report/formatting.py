"""How the report writes dates, values and citations in text."""

from __future__ import annotations

import re
from datetime import date

from pipelines.lib.report.queries import SHARE_METRICS

PERCENT_METRICS = (*SHARE_METRICS, "ceiling_fill_rate")


def month_end(d: date) -> date:
    nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return date.fromordinal(nxt.toordinal() - 1)


def fmt_date(d: date | None) -> str:
    return "" if d is None else f"{d.day} {d:%B %Y}"


# Value sources whose figure is a year's, not a month-end's: RADPKO's yearly
# averages (marts.fct_police_mission_year), dated 1 January of their year.
YEARLY_SOURCES = {"radpko_yearly_average": "yearly average, RADPKO"}


def fmt_period(d: date | None, value_source: str | None) -> str:
    """A value's period as it should read: its month, or the year of a yearly average."""
    if d is None:
        return ""
    if value_source in YEARLY_SOURCES:
        return f"{d.year} ({YEARLY_SOURCES[value_source]})"
    return fmt_month(d)


def fmt_month(d: date | None) -> str:
    return "" if d is None else f"{d:%B %Y}"


def fmt_value(metric: str | None, v) -> str:
    if v is None:
        return "no data"
    if metric in PERCENT_METRICS:
        return f"{v:.1%}"
    return f"{v:,.0f}"


def short_citation(source: str) -> str:
    """'S/RES/2382 (2017) para 12(d), recalling ...' -> 'S/RES/2382 (2017) para 12(d)'."""
    return re.split(r"[,:;]", source or "", maxsplit=1)[0].strip()

