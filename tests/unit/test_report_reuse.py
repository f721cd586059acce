"""A report reuses one figure per chart kind (drawing.reused_figure): a chart
drawn on the emptied figure of another must be the chart drawn alone, byte
for byte (limits, ticks and their labels, series, colours, legend), whichever
of two very different charts comes first."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from pipelines.lib.report import drawing
from pipelines.lib.report.charts import (
    chart_country_trends,
    chart_deployment,
    chart_female_share,
    chart_period_figures,
    chart_police_locations,
)


def _months(first: date, n: int) -> list[date]:
    return [date(first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1, 1) for i in range(n)]


def _scorecard(first: date, n: int, scale: int) -> pl.DataFrame:
    return pl.DataFrame({
        "month": _months(first, n),
        "police_deployed": [scale * (3 + i % 5) for i in range(n)], "ipo_deployed": [scale * 2] * n,
        "fpu_deployed": [scale] * n, "authorized_police": [scale * 9] * n, "authorized_ipo": [None] * n,
        "authorized_fpu": [None] * n, "police_published": [None] * n,
        "female_share_ipo": [0.02 * scale ** 0.1 + i / 1000 for i in range(n)], "female_share_fpu": [0.05] * n,
        "female_share_police": [None] * n,
    }, schema_overrides={"authorized_ipo": pl.Int64, "authorized_fpu": pl.Int64, "police_published": pl.Int64,
                         "female_share_police": pl.Float64})


def _targets(values: list[float]) -> pl.DataFrame:
    return pl.DataFrame({"target_value": values, "benchmark_source": ["S/RES/2538 (2020)"] * len(values)},
                        schema={"target_value": pl.Float64, "benchmark_source": pl.Utf8})


def _cited(periods: list[date], values: list[float]) -> pl.DataFrame:
    return pl.DataFrame({"period": periods, "measured_value": values},
                        schema={"period": pl.Date, "measured_value": pl.Float64})


def _yearly(years: list[int], whats: list[str], scale: float) -> pl.DataFrame:
    rows = [(date(y, 3, 1), date(y, 3, 31), w, scale * (1 + (y + k) % 4)) for y in years for k, w in enumerate(whats)]
    return pl.DataFrame({"period_start": [r[0] for r in rows], "period_end": [r[1] for r in rows],
                         "what": [r[2] for r in rows], "value": [r[3] for r in rows],
                         "source_kind": ["records"] * len(rows), "source": ["test"] * len(rows)})


def _places(years: list[int], spread: float) -> pl.DataFrame:
    rows = [(y, f"P{k}", spread * k, -spread * k / 2, k % 3 != 2) for y in years for k in range(6)]
    return pl.DataFrame({"year": [r[0] for r in rows], "location": [r[1] for r in rows],
                         "latitude": [r[2] for r in rows], "longitude": [r[3] for r in rows],
                         "unpol_present": [r[4] for r in rows], "hq_level": [None] * len(rows)},
                        schema_overrides={"hq_level": pl.Utf8})


def _profile(first: date, n: int, scale: float) -> pl.DataFrame:
    countries = ["BGD", "SEN", "RWA", "EGY", "JOR", "NPL", "TGO"]
    return pl.DataFrame([{"country_iso3": c, "month": m, "police_total": scale * (k + 2 + i % 3),
                          "female_share_police": min(0.9, 0.01 * scale ** 0.5 * (k + 1))}
                         for k, c in enumerate(countries) for i, m in enumerate(_months(first, n))])


# Two charts of each kind, far apart: long and short spans, large and small
# values, with and without targets, so anything the first leaves behind
# (limits, ticks, labels, artists, hidden panels) shows in the second.
PAIRS = {
    "deployment": (lambda: chart_deployment("BIG", _scorecard(date(1995, 1, 1), 300, 1000)),
                   lambda: chart_deployment("SMALL", _scorecard(date(2019, 6, 1), 7, 3))),
    "female-share": (
        lambda: chart_female_share("BIG", _scorecard(date(2000, 1, 1), 200, 1000), _targets([0.2, 0.1]),
                                   _cited([date(2001, 1, 1)], [0.5])),
        lambda: chart_female_share("SMALL", _scorecard(date(2021, 1, 1), 5, 1), _targets([]), _cited([], []))),
    "period-figures": (
        lambda: chart_period_figures("BIG", "incidents", _yearly(list(range(1950, 2020)), ["a", "b", "c"], 40.0),
                                     "Number"),
        lambda: chart_period_figures("SMALL", "training", _yearly([2018, 2020], ["police trained"], 2.0),
                                     "People trained")),
    "police-locations": (lambda: chart_police_locations("BIG", _places(list(range(1990, 2015)), 3.0)),
                         lambda: chart_police_locations("SMALL", _places([2012, 2013], 0.2))),
    "country-trends": (
        lambda: chart_country_trends(_profile(date(1990, 1, 1), 300, 500.0),
                                     [("BGD", "Bangladesh"), ("SEN", "Senegal"), ("RWA", "Rwanda"), ("EGY", "Egypt"),
                                      ("JOR", "Jordan"), ("NPL", "Nepal"), ("TGO", "Togo")],
                                     "police_total", "chart-a", "Police", drawing.BLUE),
        lambda: chart_country_trends(_profile(date(2015, 1, 1), 40, 1.0),
                                     [("BGD", "Bangladesh"), ("SEN", "Senegal"), ("RWA", "Rwanda"), ("EGY", "Egypt"),
                                      ("JOR", "Jordan"), ("NPL", "Nepal")],
                                     "female_share_police", "chart-b", "Share", drawing.PURPLE,
                                     targets=[(0.15, "Target 15%")])),
}


@pytest.mark.parametrize("kind", sorted(PAIRS))
@pytest.mark.parametrize("order", ["big first", "small first"])
def test_a_chart_on_a_reused_figure_is_the_chart_drawn_alone(kind, order):
    first, second = PAIRS[kind] if order == "big first" else PAIRS[kind][::-1]
    alone = second()  # its own style context: a new figure
    with drawing.chart_style():
        drawn_first = first()
        kept = drawing._reused[kind]
        reused = second()
        assert drawing._reused[kind] is kept, "the second chart did not reuse the first one's figure"
    assert drawn_first.svg != alone.svg  # the pair differs, so a leftover would show
    assert reused.svg == alone.svg
    assert reused.legend == alone.legend
    assert not drawing._reused, "the report's figures outlive its chart_style"


def test_figures_are_reused_only_inside_a_report():
    fig_a, _ = drawing.new_figure(reuse="deployment")
    fig_b, _ = drawing.new_figure(reuse="deployment")
    assert fig_a is not fig_b and not drawing._reused
    with drawing.chart_style():
        fig_c, _ = drawing.new_figure(reuse="deployment")
        assert drawing.new_figure(reuse="deployment")[0] is fig_c
        assert drawing.new_figure(height=2.8, reuse="deployment")[0] is not fig_c  # another size: a new figure
