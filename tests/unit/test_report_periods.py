"""The report writes a yearly average as its year, never as a month: RADPKO's
figures are dated 1 January of their year (marts.fct_police_mission_year), so
'January 2019' would read as a month-end count (issue 26)."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from pipelines.lib.report.formatting import fmt_period
from pipelines.lib.report.page import _benchmark_rows


@pytest.mark.parametrize("period, source, text", [
    (date(2019, 1, 1), "radpko_yearly_average", "2019 (yearly average, RADPKO)"),
    (date(2014, 8, 1), "staffing_detail", "August 2014"),
    (date(2020, 3, 1), "reported_figure", "March 2020"),
    (None, "radpko_yearly_average", ""),
])
def test_period_reads_as_month_or_year(period, source, text):
    assert fmt_period(period, source) == text


def test_a_later_radpko_year_beside_the_deadlines_status():
    # MINUSMA's 2014 goal for women among police, as the real warehouse scores it.
    status = pl.DataFrame([{
        "benchmark_id": "female_share_police_20pct_by_2014", "benchmark_title": "t", "metric": "female_share_police",
        "scope": "mission", "mission": "MINUSMA", "period": date(2014, 8, 1), "measured_value": 0.052,
        "value_source": "staffing_detail", "value_citation": None, "comparison": ">=", "target_value": 0.2,
        "target_year": None, "deadline": date(2014, 12, 31), "status": "not met by deadline",
        "later_period": date(2019, 1, 1), "later_value": 0.1198, "later_value_source": "radpko_yearly_average",
        "later_status": "not met later", "benchmark_source": "s", "is_un_target": True,
    }])
    row = _benchmark_rows(status)[0]
    assert row["later_text"] == "not met later, 2019 (yearly average, RADPKO): 12.0%"
    assert row["period_text"] == "August 2014"
