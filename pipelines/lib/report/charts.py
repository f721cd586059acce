"""The report's charts, one function each: a chart of a mission (deployment
against the ceiling, women's share against the targets, training and incident
figures by year) or of all missions (the overview, contributing countries).
Each returns a ``Chart`` (inline SVG and its legend) or None when it has
nothing to show."""

from __future__ import annotations

import re

import polars as pl

from pipelines.lib.report.drawing import (
    BLACK,
    BLUE,
    GREEN,
    GREY,
    ORANGE,
    PURPLE,
    SKY,
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
from pipelines.lib.report.formatting import short_citation


@styled
def chart_deployment(mission: str, frame: pl.DataFrame) -> Chart | None:
    """Police deployed (all, IPOs, FPUs; IPI's published total where it exists)
    and the authorized ceiling, by month."""
    cols = ["police_deployed", "ipo_deployed", "fpu_deployed", "authorized_police", "authorized_ipo", "authorized_fpu",
            "police_published"]
    cols = [c for c in cols if c in frame.columns]  # a frame without published totals draws without them
    data = frame.filter(pl.any_horizontal(pl.col(c).is_not_null() for c in cols))
    if data.is_empty():
        return None
    data = complete_months(frame.filter(pl.col("month").is_between(data["month"].min(), data["month"].max())))
    x = x_months(data["month"])
    fig, ax = new_figure(reuse="deployment")
    series = [
        # IPI's published total, every month since 1990; drawn under the detail where both exist.
        ("police_published", "Police, IPI's published mission total (IPOs + FPUs)",
         dict(color=PURPLE, lw=1.5, marker="o", ms=2)),
        ("police_deployed", "Police deployed (IPOs + FPUs)", dict(color=BLUE, lw=2.4, marker="o", ms=3)),
        ("ipo_deployed", "Individual police officers (IPOs)", dict(color=SKY, lw=1.3, marker="o", ms=2)),
        ("fpu_deployed", "Formed police units (FPUs)", dict(color=ORANGE, lw=1.3, marker="o", ms=2)),
        ("authorized_police", "Authorized police ceiling", dict(color=BLACK, lw=1.6, ls="--", drawstyle="steps-post")),
        ("authorized_ipo", "Authorized IPO ceiling", dict(color=SKY, lw=1.4, ls="--", drawstyle="steps-post")),
        ("authorized_fpu", "Authorized FPU ceiling", dict(color=ORANGE, lw=1.4, ls="--", drawstyle="steps-post")),
    ]
    for col, label, style in series:
        if col in data.columns and data[col].is_not_null().any():
            plot_series(ax, x, y_values(data[col]), f"{mission}-deployment-{col}", label=label, **style)
    ax.set_ylim(bottom=0)
    ax.set_ylabel("Police officers")
    ax.yaxis.set_major_formatter(mpl_module().ticker.StrMethodFormatter("{x:,.0f}"))
    date_axis(ax)
    time_layout(fig)
    labels = ax.get_legend_handles_labels()[1]
    if not any(not text.startswith("Authorized") for text in labels):
        label = f"{mission}: authorized police ceiling by month"
    else:
        label = f"{mission}: police deployed by month" + (", against the authorized ceiling" if draws(ax, "Authorized") else "")
    return make_chart(fig, ax, f"chart-{mission}-deployment", label)


@styled
def chart_female_share(mission: str, frame: pl.DataFrame, targets: pl.DataFrame, cited: pl.DataFrame) -> Chart | None:
    """Female share of IPOs, FPUs and all police by month, with the benchmark
    target lines and any share cited in a UN document as a marker."""
    cols = ["female_share_ipo", "female_share_fpu", "female_share_police"]
    data = frame.filter(pl.any_horizontal(pl.col(c).is_not_null() for c in cols))
    if data.is_empty() and cited.is_empty():
        return None
    months = pl.concat([data["month"], cited["period"].alias("month")]) if not cited.is_empty() else data["month"]
    data = complete_months(frame.filter(pl.col("month").is_between(months.min(), months.max())), months.min(), months.max())
    x = x_months(data["month"])
    fig, ax = new_figure(reuse="female-share")
    top = 0.3
    for col, label, style in [
        ("female_share_ipo", "Women among IPOs", dict(color=BLUE, lw=2.2, marker="o", ms=3)),
        ("female_share_fpu", "Women among FPUs", dict(color=VERMILION, lw=2.2, marker="o", ms=3)),
        ("female_share_police", "Women among all police", dict(color=GREY, lw=1.2, ls=":", marker="o", ms=2)),
    ]:
        if data[col].is_not_null().any():
            values = y_values(data[col])
            top = max(top, float(data[col].max()) * 1.15)
            plot_series(ax, x, values, f"{mission}-share-{col}", label=label, **style)
    seen = set()
    for row in targets.iter_rows(named=True):
        key = (round(row["target_value"], 6), short_citation(row["benchmark_source"]))
        if key in seen:
            continue
        seen.add(key)
        top = max(top, row["target_value"] * 1.15)
        line = ax.axhline(row["target_value"], color=GREEN, lw=1.6, ls=(0, (6, 3)),
                          label=f"Target {row['target_value']:.0%} ({key[1]})")
        line.set_gid(f"{mission}-target-{len(seen)}")
    if not cited.is_empty():
        cx = x_months(cited["period"])
        ax.plot(cx, y_values(cited["measured_value"]), ls="none", marker="D", ms=6, color=BLACK, zorder=5,
                label="Share cited in a UN document")
        top = max(top, float(cited["measured_value"].max()) * 1.15)
    ax.set_ylim(0, min(1.0, top))
    ax.set_ylabel("Share of women")
    ax.yaxis.set_major_formatter(mpl_module().ticker.PercentFormatter(1.0, decimals=0))
    date_axis(ax)
    time_layout(fig)
    against = ", against the targets" if draws(ax, "Target") else ""
    return make_chart(fig, ax, f"chart-{mission}-female-share", f"{mission}: share of women among UN police, by month{against}")


@styled
def chart_period_figures(mission: str, kind: str, frame: pl.DataFrame, unit: str) -> Chart | None:
    """Yearly totals of training ("training") or incident ("incidents") figures
    when figures of a year or less span at least two years; figures cited in
    documents (often totals over years) stay in the table."""
    short = frame.filter(
        (pl.col("source_kind") != "reported_figure")  # cited totals are not a series
        & pl.col("period_end").is_not_null()
        & ((pl.col("period_end") - pl.coalesce("period_start", "period_end")).dt.total_days() <= 366)
        & pl.col("value").is_not_null()
    ).with_columns(year=pl.col("period_end").dt.year())
    if short["year"].n_unique() < 2:
        return None
    pivot = short.group_by("year", "what").agg(pl.col("value").sum()).sort("year", "what")
    years = list(range(pivot["year"].min(), pivot["year"].max() + 1))
    fig, ax = new_figure(height=2.8, reuse="period-figures")
    import numpy as np

    bottom = np.zeros(len(years))
    edges = np.arange(years[0] - 0.5, years[-1] + 1.0)  # one step per calendar year
    colours = [BLUE, VERMILION, ORANGE, GREEN, PURPLE, SKY, GREY]
    for i, what in enumerate(sorted(pivot["what"].unique().to_list())[:7]):
        by_year = dict(pivot.filter(pl.col("what") == what).select("year", "value").iter_rows())
        # Fatality records list every death, so a year without one is zero; a
        # year without training returns is unknown and stays empty (NaN).
        missing = 0.0 if kind == "incidents" else np.nan
        top = bottom + np.array([missing if by_year.get(y) is None else float(by_year[y]) for y in years])
        # One stepped area per kind, stacked: a bar per year would be one
        # shape each (decades of fatality records: most of the drawing time).
        area = ax.stairs(top, edges, baseline=bottom, fill=True, color=colours[i % len(colours)],
                         label=what.replace("_", " "))
        area.set_gid(f"{mission}-{kind}-{re.sub(r'[^A-Za-z0-9_-]+', '_', what)}")
        bottom = top
    # Thin white rules between years, so adjacent years read as separate bars.
    tops = np.nan_to_num(bottom)
    ax.vlines(edges[1:-1], 0, np.maximum(tops[:-1], tops[1:]), colors="white", linewidths=0.8)
    ax.set_xlim(edges[0], edges[-1])
    ax.set_ylim(bottom=0)
    ax.set_ylabel(unit)
    # A label every few years, not one per bar (decades of fatality records
    # would mean 80 labels, most of the drawing time).
    ticker = mpl_module().ticker
    ax.xaxis.set_major_locator(ticker.MaxNLocator(nbins=8, integer=True))
    ax.yaxis.set_major_locator(ticker.MaxNLocator(nbins=5, integer=True))
    ax.xaxis.set_major_formatter(ticker.StrMethodFormatter("{x:.0f}"))
    fig.subplots_adjust(left=0.09, right=0.98, top=0.95, bottom=0.12)
    return make_chart(fig, ax, f"chart-{mission}-{kind}", f"{mission}: {kind} by year")


@styled
def chart_overview(latest: pl.DataFrame) -> Chart | None:
    """Police deployed at each mission's latest month, with the ceiling in force."""
    data = latest.filter(pl.col("police_deployed").is_not_null()).sort("police_deployed")
    if data.is_empty():
        return None
    height = 1.1 + 0.36 * data.height
    fig, ax = new_figure(height=height)
    ys = list(range(data.height))
    ax.barh(ys, y_values(data["police_deployed"]), color=BLUE, height=0.6, label="Police deployed")
    if data["authorized_police"].is_not_null().any():
        ax.plot(y_values(data["authorized_police"]), ys, ls="none", marker="|", ms=17, mew=3, color=BLACK, zorder=4,
                label="Authorized police ceiling")
    right = max(float(data["police_deployed"].max()), float(data["authorized_police"].max() or 0))
    for y, dep, cap in zip(ys, data["police_deployed"], data["authorized_police"]):
        text = f"{dep:,}" + (f" of {cap:,} ({dep / cap:.0%})" if cap else "")
        ax.annotate(text, (max(dep, cap or 0), y), xytext=(8, 0), textcoords="offset points",
                    va="center", fontsize=8.5, color="#333333")
    ax.set_xlim(0, right * 1.3)
    ax.set_yticks(ys, [f"{m} ({d:%b %Y})" for m, d in zip(data["mission"], data["month"])])
    ax.grid(axis="x", color="#dddddd")
    ax.grid(axis="y", visible=False)
    ax.xaxis.set_major_formatter(mpl_module().ticker.StrMethodFormatter("{x:,.0f}"))
    ax.set_xlabel("Police officers")
    longest = max(len(t.get_text()) for t in ax.get_yticklabels())
    fig.subplots_adjust(left=min(0.4, 0.03 + 0.0115 * longest), right=0.98, top=1 - 0.1 / height, bottom=0.55 / height)
    against = ", against the authorized ceiling" if draws(ax, "Authorized") else ""
    return make_chart(fig, ax, "chart-overview", f"Police deployed in each mission at its latest month{against}")


@styled
def chart_contributors(top: pl.DataFrame) -> Chart | None:
    data = top.filter(pl.col("female").is_not_null() & (pl.col("female") > 0)).head(15).reverse()
    if data.is_empty():
        return None
    fig, ax = new_figure(height=0.8 + 0.3 * data.height)
    ys = list(range(data.height))
    ax.barh(ys, y_values(data["female"]), color=PURPLE, height=0.65, label="Women police deployed")
    for y, f, t in zip(ys, data["female"], data["total_with_sex"]):
        share = f"{f / t:.0%} of its police" if t else ""
        ax.annotate(f"{f:,}  ({share})", (f, y), xytext=(5, 0), textcoords="offset points", va="center",
                    fontsize=8.5, color="#333333")
    ax.set_yticks(ys, data["country"].to_list())
    ax.grid(axis="x", color="#dddddd")
    ax.grid(axis="y", visible=False)
    ax.set_xlim(0, float(data["female"].max()) * 1.35)
    ax.set_xlabel("Women police deployed, all missions")
    longest = max(len(c) for c in data["country"].to_list())
    fig.subplots_adjust(left=min(0.4, 0.03 + 0.0115 * longest), right=0.97, top=0.97,
                        bottom=max(0.08, 0.55 / (0.8 + 0.3 * data.height)))
    return make_chart(fig, ax, "chart-contributors", "Contributing countries ranked by women police deployed")

