"""The report's system-wide section on women in UN police: the share of women
among individual police officers (IPOs) and formed police units (FPUs), all
missions together, by month, against every police target in force (the 2014
Global Goal and the cells of the Uniformed Gender Parity Strategy 2018-2028),
read from ``marts.fct_indicator_value`` and ``marts.benchmark_targets``.

A sourced target is drawn across its own year; a derived line between two
sourced cells (a year the document gives no cell for, scored and marked
derived) is drawn thin and dotted and labelled derived."""

from __future__ import annotations

from datetime import date

import polars as pl

from pipelines.lib.report.drawing import (
    BLACK,
    BLUE,
    GREEN,
    GREY,
    VERMILION,
    Chart,
    complete_months,
    date_axis,
    draws,
    make_chart,
    mpl_module,
    new_figure,
    plot_series,
    styled,
    time_layout,
    x_months,
    y_values,
)
from pipelines.lib.report.formatting import fmt_date, month_end

SERIES = (("female_share_ipo", "Women among IPOs, all missions", BLUE),
          ("female_share_fpu", "Women among FPUs, all missions", VERMILION))
TARGET_COLOURS = {"female_share_ipo": BLUE, "female_share_fpu": VERMILION, "female_share_police": GREEN}

TEMPLATE = r"""<section id="gender-parity">
<h2>Women in UN police, all missions{% if g.chart and g.chart.draws("Target") %}, against the targets{% endif %}</h2>
{% if g.chart %}
<figure>
  {{ legend(g.chart) }}
  {{ g.chart.svg }}
  <figcaption><b>Share of women among individual police officers (IPOs) and formed police units (FPUs), all missions
    together, by month{% if g.chart.draws("Target") %}, against every police target in force.</b> A target is drawn across the year it is set for;
    a dotted line between two targets is derived, not sourced: a year on it is scored against it, marked derived.{% else %}.</b> No police target is
    sourced, so none is drawn.{% endif %} A gap in a line is a month with no data.
    Source: marts.fct_indicator_value (indicators female_share_ipo and female_share_fpu, subject ALL: the IPI
    contributor rows reporting sex, summed over missions); targets: marts.benchmark_targets ({{ g.target_sources }}).
    As of {{ g.as_of }}.</figcaption>
</figure>
{% else %}<p class="note">No share of women for all missions in the warehouse.</p>{% endif %}
<table class="targets">
  <thead><tr><th>Category</th><th class="num">Year</th><th class="num">Share of women</th><th>Status</th><th>Source</th></tr></thead>
  <tbody>{% for t in g.targets %}<tr data-category="{{ t.category }}" data-year="{{ t.year }}"><td>{{ t.category_label }}</td>
    <td class="num">{{ t.year }}</td><td class="num">{{ t.share_text }}</td><td>{{ t.status }}</td><td>{{ t.citation }}</td></tr>{% endfor %}</tbody>
</table>
<p class="source">Source: marts.benchmark_targets (sourced cells as the documents give them; the strategy's year-by-year
annex was not found, so other years have no target; derived rows are lines between two sourced cells).</p>
</section>
"""


def load(con) -> dict[str, pl.DataFrame]:
    return {
        "shares": con.execute("""
            select indicator_id, period as month, value
            from marts.fct_indicator_value
            where subject_id = 'ALL' and value_source = 'staffing_detail' and list_contains($ids, indicator_id)
            order by indicator_id, period""", {"ids": [s for s, _, _ in SERIES]}).pl(),
        "targets": con.sql("""
            select category, category_label, metric, target_set, year, target_share, status, citation
            from marts.benchmark_targets
            where metric like 'female_share_%'
            order by metric, year""").pl(),
    }


@styled
def chart_gender_parity(shares: pl.DataFrame, targets: pl.DataFrame) -> Chart | None:
    if shares.is_empty():
        return None
    sourced = targets.filter(pl.col("status") == "sourced")
    end = max(shares["month"].max(), date(int(targets["year"].max()), 12, 1)) if targets.height else shares["month"].max()
    start = shares["month"].min()
    if sourced.height:
        start = min(start, date(int(sourced["year"].min()), 1, 1))
    fig, ax = new_figure(height=3.0)
    top = 0.3
    for indicator, label, colour in SERIES:
        series = shares.filter(pl.col("indicator_id") == indicator).select("month", "value")
        if series.is_empty():
            continue
        data = complete_months(series, start, end)
        plot_series(ax, x_months(data["month"]), y_values(data["value"]), f"ALL-share-{indicator}",
                    label=label, color=colour, lw=2.0, marker="o", ms=2)
        top = max(top, float(series["value"].max()) * 1.15)
    import numpy as np

    for row in sourced.iter_rows(named=True):
        colour = TARGET_COLOURS.get(row["metric"], BLACK)
        x = np.array([f"{row['year']}-01-01", f"{row['year']}-12-31"], dtype="datetime64[D]")
        (line,) = ax.plot(x, [row["target_share"]] * 2, color=colour, lw=3.2, solid_capstyle="butt",
                          label=f"Target: {row['category_label']} {row['target_share']:.0%} in {row['year']}")
        line.set_gid(f"target-{row['category']}-{row['year']}")
        top = max(top, row["target_share"] * 1.15)
    derived = targets.filter(pl.col("status") == "derived")
    for (category,), part in derived.group_by(["category"], maintain_order=True):
        colour = TARGET_COLOURS.get(part["metric"][0], GREY)
        x = np.array([f"{y}-07-01" for y in part["year"].to_list()], dtype="datetime64[D]")
        (line,) = ax.plot(x, part["target_share"].to_list(), color=colour, lw=1.0, ls=":",
                          label=f"{part['category_label'][0]}: line between targets (derived, not sourced)")
        line.set_gid(f"derived-{category}")
    ax.set_ylim(0, min(1.0, top))
    ax.set_ylabel("Share of women")
    ax.yaxis.set_major_formatter(mpl_module().ticker.PercentFormatter(1.0, decimals=0))
    date_axis(ax)
    time_layout(fig)
    against = ", against the police targets in force" if draws(ax, "Target") else ""
    return make_chart(fig, ax, "chart-gender-parity",
                      f"Share of women among IPOs and FPUs, all missions, by month{against}")


def gender_parity(con) -> dict:
    """The section's context: chart, target rows, as-of dates."""
    d = load(con)
    shares, targets = d["shares"], d["targets"]
    chart = chart_gender_parity(shares, targets)
    last = shares["month"].max() if shares.height else None
    sourced = targets.filter(pl.col("status") == "sourced")
    return {
        "chart": chart,
        "as_of": fmt_date(month_end(last)) if last else "no data",
        "target_sources": "; ".join(sorted(set(sourced["citation"].to_list()))) or "none",
        "targets": [{**r, "share_text": f"{r['target_share']:.1%}"}
                    for r in targets.sort("category", "year").iter_rows(named=True)],
    }
