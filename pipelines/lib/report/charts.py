"""The report's charts, one function each: a mission's (deployment against
the ceiling, women's share against the targets, training and incident figures
by year, places with UN police) or all missions' (the overview, women against
every target, missions side by side, contributing countries and their trends).
Each returns a ``Chart`` (inline SVG and its legend) or None when it has
nothing to show."""

from __future__ import annotations

import re
from datetime import date

import numpy as np
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
    bar_chart,
    complete_months,
    figure,
    make_chart,
    monthly_series,
    new_figure,
    styled,
    ticker,
    time_axes,
    x_months,
    y_values,
)
from pipelines.lib.report.formatting import short_citation

DEPLOYMENT = (
    # IPI's published total, every month since 1990; drawn under the detail where both exist.
    ("police_published", "Police, IPI's published mission total (IPOs + FPUs)", dict(color=PURPLE, lw=1.5, marker="o", ms=2)),
    ("police_deployed", "Police deployed (IPOs + FPUs)", dict(color=BLUE, lw=2.4, marker="o", ms=3)),
    ("ipo_deployed", "Individual police officers (IPOs)", dict(color=SKY, lw=1.3, marker="o", ms=2)),
    ("fpu_deployed", "Formed police units (FPUs)", dict(color=ORANGE, lw=1.3, marker="o", ms=2)),
    ("authorized_police", "Authorized police ceiling", dict(color=BLACK, lw=1.6, ls="--", drawstyle="steps-post")),
    ("authorized_ipo", "Authorized IPO ceiling", dict(color=SKY, lw=1.4, ls="--", drawstyle="steps-post")),
    ("authorized_fpu", "Authorized FPU ceiling", dict(color=ORANGE, lw=1.4, ls="--", drawstyle="steps-post")),
)
SHARES = (
    ("female_share_ipo", "Women among IPOs", dict(color=BLUE, lw=2.2, marker="o", ms=3)),
    ("female_share_fpu", "Women among FPUs", dict(color=VERMILION, lw=2.2, marker="o", ms=3)),
    ("female_share_police", "Women among all police", dict(color=GREY, lw=1.2, ls=":", marker="o", ms=2)),
)
TARGET_COLOURS = {"female_share_ipo": BLUE, "female_share_fpu": VERMILION, "female_share_police": GREEN}


def _labels(ax) -> list[str]:
    return ax.get_legend_handles_labels()[1]


@styled
def chart_deployment(mission: str, frame: pl.DataFrame) -> Chart | None:
    """Police deployed (all, IPOs, FPUs; IPI's published total where it exists)
    and the authorized ceiling, by month."""
    cols = [c for c, _, _ in DEPLOYMENT if c in frame.columns]  # a frame without published totals draws without them
    data = frame.filter(pl.any_horizontal(pl.col(c).is_not_null() for c in cols))
    if data.is_empty():
        return None
    data = complete_months(frame.filter(pl.col("month").is_between(data["month"].min(), data["month"].max())))
    fig, ax = new_figure(reuse="deployment")
    monthly_series(ax, data, DEPLOYMENT, f"{mission}-deployment")
    time_axes(fig, ax, "Police officers")
    labels = _labels(ax)
    if all(text.startswith("Authorized") for text in labels):
        label = f"{mission}: authorized police ceiling by month"
    else:
        against = ", against the authorized ceiling" if any(t.startswith("Authorized") for t in labels) else ""
        label = f"{mission}: police deployed by month{against}"
    return make_chart(fig, ax, f"chart-{mission}-deployment", label)


@styled
def chart_female_share(mission: str, frame: pl.DataFrame, targets: pl.DataFrame, cited: pl.DataFrame) -> Chart | None:
    """Female share of IPOs, FPUs and all police by month, with the benchmark
    target lines and any share cited in a UN document as a marker."""
    data = frame.filter(pl.any_horizontal(pl.col(c).is_not_null() for c, _, _ in SHARES))
    if data.is_empty() and cited.is_empty():
        return None
    months = pl.concat([data["month"], cited["period"].alias("month")]) if not cited.is_empty() else data["month"]
    data = complete_months(frame.filter(pl.col("month").is_between(months.min(), months.max())), months.min(), months.max())
    fig, ax = new_figure(reuse="female-share")
    top = max(0.3, monthly_series(ax, data, SHARES, f"{mission}-share") * 1.15)
    lines = {}  # one line per target and citation, however many benchmarks share it
    for value, source in targets.select("target_value", "benchmark_source").iter_rows():
        lines.setdefault((round(value, 6), short_citation(source)), value)
    for i, ((_, citation), value) in enumerate(lines.items(), 1):
        top = max(top, value * 1.15)
        line = ax.axhline(value, color=GREEN, lw=1.6, ls=(0, (6, 3)), label=f"Target {value:.0%} ({citation})")
        line.set_gid(f"{mission}-target-{i}")
    if not cited.is_empty():
        ax.plot(x_months(cited["period"]), y_values(cited["measured_value"]), ls="none", marker="D", ms=6,
                color=BLACK, zorder=5, label="Share cited in a UN document")
        top = max(top, float(cited["measured_value"].max()) * 1.15)
    time_axes(fig, ax, "Share of women", top)
    against = ", against the targets" if any(t.startswith("Target") for t in _labels(ax)) else ""
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
    bottom = np.zeros(len(years))
    edges = np.arange(years[0] - 0.5, years[-1] + 1.0)  # one step per calendar year
    colours = [BLUE, VERMILION, ORANGE, GREEN, PURPLE, SKY, GREY]
    # Fatality records list every death, so a year without one is zero; a
    # year without training returns is unknown and stays empty (NaN).
    missing = 0.0 if kind == "incidents" else np.nan
    for i, what in enumerate(sorted(pivot["what"].unique().to_list())[:7]):
        by_year = dict(pivot.filter(pl.col("what") == what).select("year", "value").iter_rows())
        top = bottom + np.array([missing if by_year.get(y) is None else float(by_year[y]) for y in years])
        # One stepped area per kind, stacked: a bar per year would be one
        # shape each (decades of fatality records: most of the drawing time).
        area = ax.stairs(top, edges, baseline=bottom, fill=True, color=colours[i], label=what.replace("_", " "))
        area.set_gid(f"{mission}-{kind}-{re.sub(r'[^A-Za-z0-9_-]+', '_', what)}")
        bottom = top
    # Thin white rules between years, so adjacent years read as separate bars.
    tops = np.nan_to_num(bottom)
    ax.vlines(edges[1:-1], 0, np.maximum(tops[:-1], tops[1:]), colors="white", linewidths=0.8)
    ax.set_xlim(edges[0], edges[-1])
    ax.set_ylim(bottom=0)
    ax.set_ylabel(unit)
    # A label every few years, not one per bar (decades of fatality records: 80 labels).
    ax.xaxis.set_major_locator(ticker().MaxNLocator(nbins=8, integer=True))
    ax.yaxis.set_major_locator(ticker().MaxNLocator(nbins=5, integer=True))
    ax.xaxis.set_major_formatter(ticker().StrMethodFormatter("{x:.0f}"))
    fig.subplots_adjust(left=0.09, right=0.98, top=0.95, bottom=0.12)
    return make_chart(fig, ax, f"chart-{mission}-{kind}", f"{mission}: {kind} by year")


@styled
def chart_overview(latest: pl.DataFrame) -> Chart | None:
    """Police deployed at each mission's latest month, with the ceiling in force."""
    data = latest.filter(pl.col("police_deployed").is_not_null()).sort("police_deployed")
    if data.is_empty():
        return None
    deployed, caps = data["police_deployed"], data["authorized_police"]
    against = ", against the authorized ceiling" if caps.is_not_null().any() else ""
    return bar_chart(
        [f"{m} ({d:%b %Y})" for m, d in zip(data["mission"], data["month"])], 0.36, 1.1,
        [(0.0, y_values(deployed), dict(color=BLUE, height=0.6, label="Police deployed"), None)],
        "chart-overview", f"Police deployed in each mission at its latest month{against}", "Police officers",
        max(float(deployed.max()), float(caps.max() or 0)) * 1.3, "{x:,.0f}", ceilings=caps, pad=8,
        notes=([max(d, c or 0) for d, c in zip(deployed, caps)],
               [f"{d:,}" + (f" of {c:,} ({d / c:.0%})" if c else "") for d, c in zip(deployed, caps)]))


@styled
def chart_contributors(top: pl.DataFrame) -> Chart | None:
    data = top.filter(pl.col("female").is_not_null() & (pl.col("female") > 0)).head(15).reverse()
    if data.is_empty():
        return None
    return bar_chart(
        data["country"].to_list(), 0.3, 0.8,
        [(0.0, y_values(data["female"]), dict(color=PURPLE, height=0.65, label="Women police deployed"), None)],
        "chart-contributors", "Contributing countries ranked by women police deployed",
        "Women police deployed, all missions", float(data["female"].max()) * 1.35,
        notes=(data["female"], [f"{f:,}  ({f / t:.0%} of its police)" if t else f"{f:,}  ()"
                                for f, t in zip(data["female"], data["total_with_sex"])]))


@styled
def chart_gender_parity(shares: pl.DataFrame, targets: pl.DataFrame) -> Chart | None:
    """Women among IPOs and FPUs, all missions, by month; each sourced target
    across its own year, a derived line between two sourced cells dotted."""
    if shares.is_empty():
        return None
    sourced = targets.filter(pl.col("status") == "sourced")
    end = max(shares["month"].max(), date(int(targets["year"].max()), 12, 1)) if targets.height else shares["month"].max()
    start = shares["month"].min()
    if sourced.height:
        start = min(start, date(int(sourced["year"].min()), 1, 1))
    fig, ax = new_figure(height=3.0)
    wide = shares.pivot("indicator_id", index="month", values="value")
    series = [(col, f"{label}, all missions", dict(color=colour, lw=2.0, marker="o", ms=2))
              for col, label, colour in (("female_share_ipo", "Women among IPOs", BLUE),
                                         ("female_share_fpu", "Women among FPUs", VERMILION))]
    top = max(0.3, monthly_series(ax, complete_months(wide, start, end), series, "ALL-share") * 1.15)
    for row in sourced.iter_rows(named=True):
        x = np.array([f"{row['year']}-01-01", f"{row['year']}-12-31"], dtype="datetime64[D]")
        (line,) = ax.plot(x, [row["target_share"]] * 2, color=TARGET_COLOURS.get(row["metric"], BLACK), lw=3.2,
                          solid_capstyle="butt",
                          label=f"Target: {row['category_label']} {row['target_share']:.0%} in {row['year']}")
        line.set_gid(f"target-{row['category']}-{row['year']}")
        top = max(top, row["target_share"] * 1.15)
    for (category,), part in targets.filter(pl.col("status") == "derived").group_by(["category"], maintain_order=True):
        x = np.array([f"{y}-07-01" for y in part["year"].to_list()], dtype="datetime64[D]")
        (line,) = ax.plot(x, part["target_share"].to_list(), color=TARGET_COLOURS.get(part["metric"][0], GREY), lw=1.0,
                          ls=":", label=f"{part['category_label'][0]}: line between targets (derived, not sourced)")
        line.set_gid(f"derived-{category}")
    time_axes(fig, ax, "Share of women", top)
    against = ", against the police targets in force" if any(t.startswith("Target") for t in _labels(ax)) else ""
    return make_chart(fig, ax, "chart-gender-parity", f"Share of women among IPOs and FPUs, all missions, by month{against}")


@styled
def chart_police_latest(latest: pl.DataFrame) -> Chart | None:
    """Police in each mission on the latest month, coloured by where the figure comes from."""
    if latest.is_empty():
        return None
    bars = []
    for source, colour, name in (("detail", BLUE, "staffing detail"), ("published_total", PURPLE, "IPI published total")):
        part = [(y, float(v)) for y, (v, s) in enumerate(zip(latest["police_total"], latest["police_deployed_source"]))
                if s == source]
        if part:
            bars.append(([y for y, _ in part], [v for _, v in part],
                         dict(color=colour, height=0.6, label=f"Police ({name})"), f"latest-police-{source}"))
    return bar_chart(latest["mission"].to_list(), 0.3, 1.1, bars, "chart-missions-latest-police",
                     "Police in each mission on the latest month", "Police officers",
                     float(latest["police_total"].max()) * 1.2, "{x:,.0f}", ceilings=latest["authorized_police"],
                     notes=(latest["police_total"], [f"{v:,}" for v in latest["police_total"]]))


@styled
def chart_shares_latest(shares: pl.DataFrame, targets: pl.DataFrame) -> Chart | None:
    """Women among IPOs and FPUs in each mission on one month, against that year's targets."""
    if shares.is_empty():
        return None
    bars = [(offset, y_values(shares[col]), dict(height=0.38, color=colour, label=label), f"latest-{col}")
            for offset, col, label, colour in ((0.2, "female_share_ipo", "Women among IPOs", BLUE),
                                               (-0.2, "female_share_fpu", "Women among FPUs", VERMILION))]
    lines = [(row["target_share"], dict(color={"female_share_ipo": BLUE, "female_share_fpu": VERMILION}.get(row["metric"], BLACK), lw=1.4, ls="--",
                                        label=f"Target {row['year']}: {row['category_label']} {row['target_share']:.0%}"),
              f"latest-target-{row['metric']}") for row in targets.iter_rows(named=True)]
    top = max([0.25, *(np.nanmax(v, initial=0) * 1.15 for _, v, _, _ in bars), *(x * 1.15 for x, _, _ in lines)])
    return bar_chart(shares["mission"].to_list(), 0.42, 1.2, bars, "chart-missions-latest-women",
                     "Women among IPOs and FPUs in each mission on the latest month", "Share of women",
                     min(1.0, top), "%", lines=lines)


@styled
def chart_country_trends(profile: pl.DataFrame, countries: list[tuple[str, str]], col: str, chart_id: str,
                         label: str, colour: str, start: date | None = None,
                         targets: list[tuple[float, str]] = ()) -> Chart | None:
    """One small panel per country (the order given), the monthly series of
    ``col`` on a complete month calendar (a missing month breaks the line);
    ``targets`` (share, label) are drawn as a dashed line in every panel."""
    if not countries:
        return None
    import matplotlib.dates as mdates

    cols, rows = 5, (len(countries) + 4) // 5
    fig, axes = figure("country-trends", 7.6, 1.55 * rows + 0.35,
                       lambda fig: list(fig.subplots(rows, cols, sharex=True, squeeze=False).flat))
    first, last = start or profile["month"].min(), profile["month"].max()
    # About three year labels a panel (five panels a row leave room for no more).
    locator = mdates.YearLocator(base=max(2, -(-(last.year - first.year) // 3)))
    handle, target_handles = None, []
    for i, ax in enumerate(axes):
        ax.set_visible(i < len(countries))
        if i >= len(countries):
            continue
        iso3, name = countries[i]
        own = profile.filter((pl.col("country_iso3") == iso3) & (pl.col("month") >= first)).select("month", col)
        data = complete_months(own, first, last)
        (handle,) = ax.plot(x_months(data["month"]), y_values(data[col]), color=colour, lw=1.4, label=label)
        handle.set_gid(f"{chart_id}-{iso3}")
        target_handles = [ax.axhline(value, color=GREEN, lw=1.2, ls=(0, (5, 3)), label=text) for value, text in targets]
        if targets:
            ax.set_ylim(0, max(1e-9, *(v for v, _ in targets), float(data[col].max() or 0)) * 1.15)
            ax.yaxis.set_major_formatter(ticker().PercentFormatter(1.0, decimals=0))
            ax.yaxis.set_major_locator(ticker().MaxNLocator(nbins=3))
        else:
            ax.yaxis.set_major_locator(ticker().MaxNLocator(nbins=3, integer=True))
            ax.yaxis.set_major_formatter(ticker().StrMethodFormatter("{x:,.0f}"))
        # y given: where matplotlib's automatic placement puts it, without
        # measuring every tick label of the panel's row first.
        ax.set_title(f"{i + 1}. {name}", fontsize=8.5, loc="left", y=1.0)
        ax.set_ylim(bottom=0)
        ax.tick_params(labelsize=7)
        ax.set_axisbelow(True)
        if i >= len(axes) - cols:
            ax.xaxis.set_major_locator(locator)
            ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    fig.subplots_adjust(left=0.06, right=0.99, top=0.93 - 0.02 * (2 - rows), bottom=0.1 + 0.03 * (2 - rows),
                        hspace=0.55, wspace=0.35)
    return make_chart(fig, axes[0], chart_id, f"{label}: the top {len(countries)} contributing countries, by month",
                      legend_artists=([handle, *target_handles], [label, *(t for _, t in targets)]))


@styled
def chart_police_locations(mission: str, places: pl.DataFrame) -> Chart | None:
    """Left: the mission's places (longitude, latitude), those where UN police
    are shown in any year in blue, in the latest year with police in vermilion.
    Right: places with UN police by year."""
    police = places.filter(pl.col("unpol_present"))
    if police.is_empty():
        return None
    fig, (ax_map, ax_years) = figure("police-locations", 7.6, 3.0, lambda fig: list(
        fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.15, 1]})))
    last_year = police["year"].max()
    others = places.unique(["location", "latitude", "longitude"], maintain_order=True).filter(
        ~pl.col("location").is_in(police["location"].implode()))
    ever = police.unique(["location"], keep="last", maintain_order=True)
    latest = police.filter(pl.col("year") == last_year)
    handles = []
    if others.height:
        handles.append(ax_map.scatter(others["longitude"].to_list(), others["latitude"].to_list(), s=9, color=GREY,
                                      alpha=0.6, label="Other places of the mission (no UN police shown)"))
    for frame, gid, style in ((ever, "ever", dict(s=18, color=BLUE, label="UN police shown in some year")),
                              (latest, "latest", dict(s=30, color=VERMILION, marker="D",
                                                      label=f"UN police shown in {last_year}"))):
        handles.append(ax_map.scatter(frame["longitude"].to_list(), frame["latitude"].to_list(), **style))
        handles[-1].set_gid(f"{mission}-locations-{gid}")
    ax_map.set_xlabel("Longitude (°E)", fontsize=8.5)
    ax_map.set_ylabel("Latitude (°N)", fontsize=8.5)
    ax_map.set_aspect("equal", adjustable="datalim")
    ax_map.grid(axis="both", color="#eeeeee")
    ax_map.tick_params(labelsize=7.5)
    by_year = dict(police.group_by("year").len().iter_rows())
    years = list(range(places["year"].min(), places["year"].max() + 1))
    bars = ax_years.bar(years, [by_year.get(y, 0) for y in years], color=BLUE, width=0.8,
                        label="Places with UN police, by year")
    for year, patch in zip(years, bars.patches):
        patch.set_gid(f"{mission}-locations-{year}")
    ax_years.set_ylabel("Places with UN police", fontsize=8.5)
    ax_years.tick_params(labelsize=7.5)
    ax_years.xaxis.set_major_locator(ticker().MaxNLocator(nbins=6, integer=True))
    ax_years.yaxis.set_major_locator(ticker().MaxNLocator(nbins=5, integer=True))
    fig.subplots_adjust(left=0.08, right=0.98, top=0.95, bottom=0.16, wspace=0.3)
    return make_chart(fig, ax_map, f"chart-{mission}-police-locations",
                      f"{mission}: places with UN police (coordinates) and their number by year",
                      legend_artists=(handles + [bars], [h.get_label() for h in handles] + [bars.get_label()]))
