"""Render the police scorecard: one self-contained HTML file for readers who do
not write SQL (heads of police components, Council members' experts).

Charts are drawn with matplotlib into inline SVG (text kept as text), so the
file needs no network, no JavaScript and no image files beside it. Every chart
and table states its source and as-of date. Monthly series are laid on a
complete month calendar first, so a missing month is a NaN and breaks the line
(never interpolated).

    render_report(con)                      -> Report (html + what it holds)
    write_report(con, path)                 -> Report, written atomically
    report_path(warehouse_file)             -> <dir of the warehouse>/reports/police_scorecard.html
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl

REPORT_DIR = "reports"
REPORT_FILE = "police_scorecard.html"

SHARE_METRICS = ("female_share_ipo", "female_share_fpu", "female_share_police")
PERCENT_METRICS = (*SHARE_METRICS, "ceiling_fill_rate")

# Okabe-Ito palette: distinguishable with the common colour-vision deficiencies.
BLUE, SKY, ORANGE, VERMILION, GREEN, PURPLE, GREY, BLACK = (
    "#0072B2", "#56B4E9", "#E69F00", "#D55E00", "#009E73", "#CC79A7", "#767676", "#222222")

_ROW_SUFFIX = r"\s+row\s+\d+$"  # per-row citations end in "row N"; the report cites the file


def report_path(warehouse_file: str | os.PathLike) -> Path:
    """Where the report of a warehouse is written: beside the published file."""
    return Path(warehouse_file).resolve().parent / REPORT_DIR / REPORT_FILE


@dataclass
class Report:
    html: str
    missions: list[str]
    charts: int
    as_of: date | None
    overview_markdown: str
    seconds: float = 0.0
    path: Path | None = None
    sections: dict[str, int] = field(default_factory=dict)


# --- data ------------------------------------------------------------------------

def _frame(con, sql: str, **params) -> pl.DataFrame:
    """A query's result as a polars frame; values go in as bound parameters."""
    return con.execute(sql, params).pl() if params else con.sql(sql).pl()


def load_data(con) -> dict[str, pl.DataFrame]:
    """Read what the report shows, from the marts only."""
    return {
        "scorecard": _frame(con, """
            select mission, month, ipo_deployed, fpu_deployed, police_deployed,
                   authorized_police, authorized_ipo, authorized_fpu, ceiling_set_by, ceiling_fill_rate,
                   female_share_ipo, female_share_fpu, female_share_police, female_police, has_deployment_data
            from marts.mission_police_scorecard order by mission, month"""),
        "deployment_sources": _frame(con, """
            select mission,
                   string_agg(distinct regexp_replace(coalesce(citation, source_file), $row_suffix, ''), '; '
                              order by regexp_replace(coalesce(citation, source_file), $row_suffix, '')) as sources
            from marts.fct_police_deployment group by mission""", row_suffix=_ROW_SUFFIX),
        "missions": _frame(con, """
            select m.mission, m.mission_name, m.start_date, m.end_date, c.country_name as host_country
            from marts.dim_mission m left join marts.dim_country c on c.country_iso3 = m.host_country_iso3"""),
        "status": _frame(con, """
            select benchmark_id, benchmark_title, metric, scope, mission, period, measured_value, value_source,
                   value_citation, comparison, target_value, deadline, status, benchmark_source, is_un_target
            from marts.benchmark_status order by mission, benchmark_id"""),
        "targets": _frame(con, """
            select distinct mission, benchmark_id, benchmark_title, metric, target_value, deadline, benchmark_source
            from marts.benchmark_results
            where list_contains($metrics, metric) and threshold_kind = 'absolute' and target_value is not null
            order by mission, benchmark_id""", metrics=list(SHARE_METRICS)),
        "cited_shares": _frame(con, """
            select distinct mission, metric, period, measured_value, value_citation
            from marts.benchmark_results
            where value_source = 'reported_figure' and list_contains($metrics, metric) and measured_value is not null
            order by mission, period""", metrics=list(SHARE_METRICS)),
        "training": _frame(con, """
            select mission, period_start, period_end, topic as what, trainees as value, source_kind,
                   regexp_replace(coalesce(citation, source_file), $row_suffix, '') as source
            from marts.fct_training order by mission, period_end, topic""", row_suffix=_ROW_SUFFIX),
        "incidents": _frame(con, """
            select mission, period_start, period_end, incident_kind as what, incident_count as value, source_kind,
                   regexp_replace(coalesce(citation, source_file), $row_suffix, '') as source
            from marts.fct_incident order by mission, period_end, incident_kind""", row_suffix=_ROW_SUFFIX),
        "contributors": _frame(con, """
            with latest as (select max(month) as month from marts.fct_police_deployment)
            select d.contributing_country_iso3 as iso3,
                   coalesce(c.country_name, d.contributing_country_iso3) as country,
                   any_value(latest.month) as month,
                   sum(d.female) as female,
                   sum(d.total) as total,
                   sum(d.total) filter (where d.female is not null) as total_with_sex,
                   count(distinct d.mission) as missions,
                   string_agg(distinct d.mission, ', ' order by d.mission) as mission_list
            from marts.fct_police_deployment d
            join latest on d.month = latest.month
            left join marts.dim_country c on c.country_iso3 = d.contributing_country_iso3
            group by d.contributing_country_iso3, c.country_name
            order by female desc nulls last, total desc, iso3"""),
    }


def complete_months(frame: pl.DataFrame, start: date | None = None, end: date | None = None) -> pl.DataFrame:
    """The frame on every month from start to end (default: its own first and
    last month); months without a row get nulls, which plot as gaps."""
    if frame.is_empty() and (start is None or end is None):
        return frame
    start = start or frame["month"].min()
    end = end or frame["month"].max()
    calendar = pl.DataFrame({"month": pl.date_range(start, end, "1mo", eager=True)})
    return calendar.join(frame, on="month", how="left")


# --- formatting ------------------------------------------------------------------

def month_end(d: date) -> date:
    nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return date.fromordinal(nxt.toordinal() - 1)


def fmt_date(d: date | None) -> str:
    return "" if d is None else f"{d.day} {d:%B %Y}"


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


def md_table(headers: list[str], rows: list[list[str]]) -> str:
    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(str(c).replace("|", "/") for c in r) + " |" for r in rows]
    return "\n".join(out)


# --- charts ----------------------------------------------------------------------

_mpl_ready = False


def _mpl():
    """Import matplotlib lazily (about 1 s) with a headless backend."""
    global _mpl_ready
    import matplotlib

    if not _mpl_ready:
        matplotlib.use("Agg", force=False)
        _mpl_ready = True
    return matplotlib


STYLE = {
    "svg.fonttype": "none",  # text stays text: smaller, selectable, styled by the page's fonts
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.color": "#dddddd",
    "grid.linewidth": 0.8,
    "axes.edgecolor": "#888888",
    "axes.labelcolor": "#333333",
    "xtick.color": "#333333",
    "ytick.color": "#333333",
    "legend.frameon": False,
    "legend.fontsize": 9,
}


_style_depth = 0


@contextlib.contextmanager
def chart_style():
    """The report's matplotlib style, entered once per report (copying the
    settings costs about as much as drawing a small chart); the process-wide
    settings are restored on the way out."""
    global _style_depth
    if _style_depth:
        _style_depth += 1
        try:
            yield
        finally:
            _style_depth -= 1
        return
    with _mpl().rc_context(STYLE):
        _style_depth = 1
        try:
            yield
        finally:
            _style_depth = 0


def styled(chart):
    """Run a chart function under the report's style (charts can be drawn alone, as the tests do)."""

    @functools.wraps(chart)
    def wrapper(*args, **kwargs):
        with chart_style():
            return chart(*args, **kwargs)

    return wrapper


def new_figure(width: float = 7.6, height: float = 2.7):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height))
    ax = fig.add_subplot()
    ax.set_axisbelow(True)
    return fig, ax


def svg_of(fig, chart_id: str, label: str) -> str:
    """The figure as an inline <svg> element: no XML prologue, scalable, ids
    unique in the page (the hash salt is the chart id, so clip paths of two
    charts never collide), deterministic for the same data."""
    mpl = _mpl()
    buf = io.StringIO()
    salt = mpl.rcParams["svg.hashsalt"]
    mpl.rcParams["svg.hashsalt"] = chart_id  # cheaper than an rc_context per chart
    try:
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    finally:
        mpl.rcParams["svg.hashsalt"] = salt
    text = buf.getvalue()
    text = text[text.index("<svg"):]
    head_end = text.index(">")
    head = re.sub(r'\s(width|height)="[^"]*"', "", text[:head_end])
    aria = label.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    head += f' role="img" aria-label="{aria}" class="chart" id="{chart_id}"'
    return head + text[head_end:]


def _x(months: pl.Series):
    import numpy as np

    return np.array(months.to_list(), dtype="datetime64[D]")


def _y(series: pl.Series):
    import numpy as np

    return np.array([np.nan if v is None else float(v) for v in series.to_list()], dtype=float)


def _plot_series(ax, x, values, gid: str, **kw):
    """One monthly series; NaN months break the line. Markers show each month
    on short series; on long ones only months standing alone between gaps get
    one (a line cannot show them, and markers are most of the drawing time)."""
    import numpy as np

    if "marker" in kw:
        finite = ~np.isnan(values)
        if finite.sum() > 24:
            alone = finite & ~np.r_[False, finite[:-1]] & ~np.r_[finite[1:], False]
            if alone.any():
                kw["markevery"] = alone.tolist()
            else:
                kw.pop("marker")
                kw.pop("ms", None)
    (line,) = ax.plot(x, values, **kw)
    line.set_gid(gid)  # the SVG group id tests (and readers of the file) can find
    return line


def _date_axis(ax):
    import matplotlib.dates as mdates

    ax.yaxis.set_major_locator(_mpl().ticker.MaxNLocator(nbins=5))

    locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, show_offset=False))


@dataclass
class Chart:
    """An inline SVG chart and its legend, drawn in HTML (larger, selectable
    text, and about a third of matplotlib's drawing time saved)."""

    svg: str
    legend: list[dict]


def _swatch(artist) -> str:
    """A small inline SVG that looks like the artist's line, marker or bar."""
    from matplotlib.collections import PathCollection
    from matplotlib.colors import to_hex
    from matplotlib.lines import Line2D

    if isinstance(artist, Line2D) and artist.get_linestyle() in ("None", "none", " ", ""):
        colour = to_hex(artist.get_color())
        shape = {"|": f'<line x1="17" y1="1" x2="17" y2="13" stroke="{colour}" stroke-width="3"/>',
                 "D": f'<path d="M17 1 L23 7 L17 13 L11 7 Z" fill="{colour}"/>'}.get(
            artist.get_marker(), f'<circle cx="17" cy="7" r="4" fill="{colour}"/>')
        return f'<svg class="swatch" width="34" height="14" aria-hidden="true">{shape}</svg>'
    if isinstance(artist, Line2D):
        colour = to_hex(artist.get_color())
        dash = {"--": "7 3", ":": "1.5 2.5", "-.": "6 2 1.5 2"}.get(artist.get_linestyle(), "")
        if not dash and isinstance(artist.get_linestyle(), tuple):
            dash = "6 3"
        width = max(1.5, artist.get_linewidth())
        marker = (f'<circle cx="17" cy="7" r="2.6" fill="{colour}"/>'
                  if artist.get_marker() not in (None, "None", "", " ") else "")
        return (f'<svg class="swatch" width="34" height="14" aria-hidden="true"><line x1="1" y1="7" x2="33" y2="7" '
                f'stroke="{colour}" stroke-width="{width:.1f}" stroke-dasharray="{dash}"/>{marker}</svg>')
    if isinstance(artist, PathCollection):
        colour = to_hex(artist.get_facecolor()[0])
        return (f'<svg class="swatch" width="34" height="14" aria-hidden="true">'
                f'<path d="M17 1 L23 7 L17 13 L11 7 Z" fill="{colour}"/></svg>')
    patches = getattr(artist, "patches", None) or [artist]
    colour = to_hex(patches[0].get_facecolor())
    return f'<svg class="swatch" width="34" height="14" aria-hidden="true"><rect x="5" y="1" width="24" height="12" fill="{colour}"/></svg>'


def _chart(fig, ax, chart_id: str, label: str, legend_artists=None) -> Chart:
    handles, labels = legend_artists or ax.get_legend_handles_labels()
    legend = [{"label": text, "swatch": _swatch(h)} for h, text in zip(handles, labels)]
    return Chart(svg=svg_of(fig, chart_id, label), legend=legend)


def _time_layout(fig):
    fig.subplots_adjust(left=0.09, right=0.98, top=0.95, bottom=0.12)


@styled
def chart_deployment(mission: str, frame: pl.DataFrame) -> Chart | None:
    """Police deployed (all, IPOs, FPUs) and the authorized ceiling, by month."""
    cols = ["police_deployed", "ipo_deployed", "fpu_deployed", "authorized_police", "authorized_ipo", "authorized_fpu"]
    data = frame.filter(pl.any_horizontal(pl.col(c).is_not_null() for c in cols))
    if data.is_empty():
        return None
    data = complete_months(frame.filter(pl.col("month").is_between(data["month"].min(), data["month"].max())))
    x = _x(data["month"])
    fig, ax = new_figure()
    series = [
        ("police_deployed", "Police deployed (IPOs + FPUs)", dict(color=BLUE, lw=2.4, marker="o", ms=3)),
        ("ipo_deployed", "Individual police officers (IPOs)", dict(color=SKY, lw=1.3, marker="o", ms=2)),
        ("fpu_deployed", "Formed police units (FPUs)", dict(color=ORANGE, lw=1.3, marker="o", ms=2)),
        ("authorized_police", "Authorized police ceiling", dict(color=BLACK, lw=1.6, ls="--", drawstyle="steps-post")),
        ("authorized_ipo", "Authorized IPO ceiling", dict(color=SKY, lw=1.4, ls="--", drawstyle="steps-post")),
        ("authorized_fpu", "Authorized FPU ceiling", dict(color=ORANGE, lw=1.4, ls="--", drawstyle="steps-post")),
    ]
    for col, label, style in series:
        if data[col].is_not_null().any():
            _plot_series(ax, x, _y(data[col]), f"{mission}-deployment-{col}", label=label, **style)
    ax.set_ylim(bottom=0)
    ax.set_ylabel("Police officers")
    ax.yaxis.set_major_formatter(_mpl().ticker.StrMethodFormatter("{x:,.0f}"))
    _date_axis(ax)
    _time_layout(fig)
    return _chart(fig, ax, f"chart-{mission}-deployment", f"{mission}: police deployed against the authorized ceiling, by month")


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
    x = _x(data["month"])
    fig, ax = new_figure()
    top = 0.3
    for col, label, style in [
        ("female_share_ipo", "Women among IPOs", dict(color=BLUE, lw=2.2, marker="o", ms=3)),
        ("female_share_fpu", "Women among FPUs", dict(color=VERMILION, lw=2.2, marker="o", ms=3)),
        ("female_share_police", "Women among all police", dict(color=GREY, lw=1.2, ls=":", marker="o", ms=2)),
    ]:
        if data[col].is_not_null().any():
            values = _y(data[col])
            top = max(top, float(data[col].max()) * 1.15)
            _plot_series(ax, x, values, f"{mission}-share-{col}", label=label, **style)
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
        cx = _x(cited["period"])
        ax.plot(cx, _y(cited["measured_value"]), ls="none", marker="D", ms=6, color=BLACK, zorder=5,
                label="Share cited in a UN document")
        top = max(top, float(cited["measured_value"].max()) * 1.15)
    ax.set_ylim(0, min(1.0, top))
    ax.set_ylabel("Share of women")
    ax.yaxis.set_major_formatter(_mpl().ticker.PercentFormatter(1.0, decimals=0))
    _date_axis(ax)
    _time_layout(fig)
    return _chart(fig, ax, f"chart-{mission}-female-share", f"{mission}: share of women among UN police, by month, against the targets")


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
    fig, ax = new_figure(height=2.8)
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
    ticker = _mpl().ticker
    ax.xaxis.set_major_locator(ticker.MaxNLocator(nbins=8, integer=True))
    ax.yaxis.set_major_locator(ticker.MaxNLocator(nbins=5, integer=True))
    ax.xaxis.set_major_formatter(ticker.StrMethodFormatter("{x:.0f}"))
    fig.subplots_adjust(left=0.09, right=0.98, top=0.95, bottom=0.12)
    return _chart(fig, ax, f"chart-{mission}-{kind}", f"{mission}: {kind} by year")


@styled
def chart_overview(latest: pl.DataFrame) -> Chart | None:
    """Police deployed at each mission's latest month, with the ceiling in force."""
    data = latest.filter(pl.col("police_deployed").is_not_null()).sort("police_deployed")
    if data.is_empty():
        return None
    height = 1.1 + 0.36 * data.height
    fig, ax = new_figure(height=height)
    ys = list(range(data.height))
    ax.barh(ys, _y(data["police_deployed"]), color=BLUE, height=0.6, label="Police deployed")
    if data["authorized_police"].is_not_null().any():
        ax.plot(_y(data["authorized_police"]), ys, ls="none", marker="|", ms=17, mew=3, color=BLACK, zorder=4,
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
    ax.xaxis.set_major_formatter(_mpl().ticker.StrMethodFormatter("{x:,.0f}"))
    ax.set_xlabel("Police officers")
    longest = max(len(t.get_text()) for t in ax.get_yticklabels())
    fig.subplots_adjust(left=min(0.4, 0.03 + 0.0115 * longest), right=0.98, top=1 - 0.1 / height, bottom=0.55 / height)
    return _chart(fig, ax, "chart-overview", "Police deployed in each mission at its latest month, against the authorized ceiling")


@styled
def chart_contributors(top: pl.DataFrame) -> Chart | None:
    data = top.filter(pl.col("female").is_not_null() & (pl.col("female") > 0)).head(15).reverse()
    if data.is_empty():
        return None
    fig, ax = new_figure(height=0.8 + 0.3 * data.height)
    ys = list(range(data.height))
    ax.barh(ys, _y(data["female"]), color=PURPLE, height=0.65, label="Women police deployed")
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
    return _chart(fig, ax, "chart-contributors", "Contributing countries ranked by women police deployed")


# --- the report ------------------------------------------------------------------

COMPARISON = {">=": "≥", "<=": "≤"}
STATUS_LABEL = {"met": ("met", "✓ Met"), "not met": ("not-met", "✗ Not met"), "no data": ("no-data", "– No data")}


def _benchmark_rows(status: pl.DataFrame) -> list[dict]:
    rows = []
    for r in status.iter_rows(named=True):
        css, label = STATUS_LABEL.get(r["status"], ("no-data", r["status"]))
        source = {"staffing_detail": "monthly deployment data", "reported_figure": r["value_citation"] or "cited figure",
                  "none": "—"}.get(r["value_source"], r["value_source"])
        rows.append({
            **r,
            "status_css": css,
            "status_label": label,
            "period_text": fmt_month(r["period"]) if r["value_source"] != "none" else "—",
            "measured_text": fmt_value(r["metric"], r["measured_value"]),
            "target_text": (f"{COMPARISON.get(r['comparison'], r['comparison'])} {fmt_value(r['metric'], r['target_value'])}"
                            if r["target_value"] is not None else "—"),
            "deadline_text": f"due {fmt_date(r['deadline'])}" if r["deadline"] else "no deadline set",
            "value_from": source,
            "raw_measured": "" if r["measured_value"] is None else repr(float(r["measured_value"])),
            "raw_target": "" if r["target_value"] is None else repr(float(r["target_value"])),
        })
    return rows


def _by_mission(frame: pl.DataFrame):
    """mission -> its rows, split once (filtering per mission costs a query each)."""
    parts = frame.partition_by("mission", as_dict=True, maintain_order=True) if frame.height else {}
    empty = frame.clear()
    return lambda mission: parts.get((mission,), empty)


def _status_as_of(status: pl.DataFrame) -> str:
    """The latest period scored (rows without data carry the deadline, not a date of data)."""
    scored = status.filter(pl.col("value_source") != "none")["period"].max()
    return fmt_date(month_end(scored)) if scored else "no date: nothing measured yet"


def _figure_rows(frame: pl.DataFrame, limit: int = 15) -> tuple[list[dict], int]:
    """Figures cited in documents one per row; counts from records (e.g. the
    UN fatality records, one row per month) summed to one row per kind."""
    def period_text(start, end):
        return fmt_date(end) if (start is None or start == end) else f"{fmt_date(start)} – {fmt_date(end)}"

    cited = frame.filter(pl.col("source_kind") == "reported_figure")
    counted = (frame.filter(pl.col("source_kind") != "reported_figure")
               .with_columns(source=pl.col("source").str.split(":").list.first())
               .group_by("what", "source_kind")
               .agg(pl.col("period_start").min(), pl.col("period_end").max(), pl.col("value").sum(),
                    pl.col("source").unique().sort().str.join("; "), pl.len().alias("rows"))
               .sort("what"))
    rows = [{"period": period_text(r["period_start"], r["period_end"]),
             "what": f"{(r['what'] or '').replace('_', ' ')}, all {r['rows']:,} periods together",
             "value": f"{r['value']:,.0f}", "source": r["source"] or ""}
            for r in counted.iter_rows(named=True)]
    for r in cited.sort("period_end", "what", descending=[True, False], nulls_last=True).head(limit).iter_rows(named=True):
        rows.append({"period": period_text(r["period_start"], r["period_end"]), "what": (r["what"] or "").replace("_", " "),
                     "value": "" if r["value"] is None else f"{r['value']:,.0f}", "source": r["source"] or ""})
    return rows, max(0, cited.height - limit)


def render_report(con, warehouse_label: str = "", built_at: datetime | None = None) -> Report:
    started = time.perf_counter()
    with chart_style():
        return _render(con, warehouse_label, built_at, started)


def _render(con, warehouse_label: str, built_at: datetime | None, started: float) -> Report:
    from pipelines.lib.report.template import render_template

    d = load_data(con)
    scorecard, status = d["scorecard"], d["status"]
    names = {r["mission"]: r for r in d["missions"].iter_rows(named=True)}
    sources = dict(d["deployment_sources"].iter_rows())
    with_data = scorecard.filter(pl.col("has_deployment_data"))
    as_of = with_data["month"].max()
    charts = 0

    latest = (with_data.sort("month").group_by("mission", maintain_order=True).last()
              .sort("mission"))
    status_of, latest_of, scorecard_of = _by_mission(status), _by_mission(latest), _by_mission(scorecard)
    targets_of, cited_of = _by_mission(d["targets"]), _by_mission(d["cited_shares"])
    training_of, incidents_of = _by_mission(d["training"]), _by_mission(d["incidents"])
    # Every mission on the scorecard or scored against a benchmark.
    missions = sorted(set(scorecard["mission"].to_list()) | set(status["mission"].to_list()) - {"ALL"})
    status_counts = {
        m: {s: n for s, n in status_of(m).group_by("status").len().iter_rows()}
        for m in missions
    }
    overview_rows = []
    for m in missions:
        lr = latest_of(m)
        r = lr.row(0, named=True) if lr.height else {}
        info = names.get(m, {})
        counts = status_counts.get(m, {})
        overview_rows.append({
            "mission": m,
            "name": info.get("mission_name") or "",
            "host": info.get("host_country") or "",
            "latest": fmt_month(r.get("month")) or "no monthly data",
            "deployed": fmt_value("police_deployed", r.get("police_deployed")) if r else "no data",
            "ceiling": fmt_value("police_deployed", r.get("authorized_police")) if r.get("authorized_police") is not None else "—",
            "fill": fmt_value("ceiling_fill_rate", r.get("ceiling_fill_rate")) if r.get("ceiling_fill_rate") is not None else "—",
            "share_ipo": fmt_value("female_share_ipo", r.get("female_share_ipo")) if r.get("female_share_ipo") is not None else "—",
            "share_fpu": fmt_value("female_share_fpu", r.get("female_share_fpu")) if r.get("female_share_fpu") is not None else "—",
            "met": counts.get("met", 0), "not_met": counts.get("not met", 0), "no_data": counts.get("no data", 0),
        })
    overview_chart = chart_overview(latest)
    charts += overview_chart is not None

    sections = []
    for m in missions:
        frame = scorecard_of(m)
        data_months = frame.filter(pl.col("has_deployment_data"))["month"]
        last = data_months.max()
        dep_chart = chart_deployment(m, frame)
        share_chart = chart_female_share(
            m, frame, targets_of(m), cited_of(m))
        training = training_of(m)
        incidents = incidents_of(m)
        training_chart = chart_period_figures(m, "training", training, "People trained") if training.height else None
        incident_chart = chart_period_figures(m, "incidents", incidents, "Number") if incidents.height else None
        charts += sum(c is not None for c in (dep_chart, share_chart, training_chart, incident_chart))
        training_rows, training_more = _figure_rows(training)
        incident_rows, incident_more = _figure_rows(incidents)
        ceilings = sorted({s for v in frame["ceiling_set_by"].drop_nulls().to_list() for s in v.split("; ")})
        targets = targets_of(m).unique("benchmark_id", maintain_order=True)
        cited = cited_of(m)
        span = (frame["month"].min(), frame["month"].max())
        info = names.get(m, {})
        sections.append({
            "mission": m,
            "name": info.get("mission_name") or "",
            "host": info.get("host_country") or "",
            "dates": " – ".join(x for x in (fmt_date(info.get("start_date")), fmt_date(info.get("end_date"))) if x),
            "months_with_data": data_months.len(),
            "months_in_range": frame.height,
            "first_data": fmt_month(data_months.min()),
            "last_data": fmt_month(last),
            "as_of": fmt_date(month_end(last)) if last else None,
            "span": f"{fmt_month(span[0])} – {fmt_month(span[1])}",
            "deployment": dep_chart,
            "share": share_chart,
            "deployment_sources": sources.get(m, ""),
            "ceilings": "; ".join(ceilings),
            "last_ceiling_month": fmt_date(month_end(frame.filter(pl.col("authorized_police").is_not_null()
                                                                  | pl.col("authorized_ipo").is_not_null())["month"].max()))
            if frame.filter(pl.col("authorized_police").is_not_null() | pl.col("authorized_ipo").is_not_null()).height else None,
            "targets": list(targets.iter_rows(named=True)),
            "cited": [{**r, "value_text": fmt_value(r["metric"], r["measured_value"]), "period_text": fmt_month(r["period"]),
                       "date_text": fmt_date(month_end(r["period"]))}
                      for r in cited.iter_rows(named=True)],
            "training_chart": training_chart, "training_rows": training_rows, "training_more": training_more,
            "training_as_of": fmt_date(training["period_end"].max()) if training.height else None,
            "training_sources": sorted(set(training["source"].drop_nulls().to_list())),
            "incident_chart": incident_chart, "incident_rows": incident_rows, "incident_more": incident_more,
            "incident_as_of": fmt_date(incidents["period_end"].max()) if incidents.height else None,
            "incident_sources": sorted(set(incidents["source"].drop_nulls().to_list())),
            "benchmarks": _benchmark_rows(status_of(m)),
            "status_as_of": _status_as_of(status_of(m)),
        })

    contributors = d["contributors"]
    contributors_month = contributors["month"].max() if contributors.height else None
    contrib_chart = chart_contributors(contributors)
    charts += contrib_chart is not None
    contrib_rows = [
        {"rank": i + 1, "country": r["country"], "iso3": r["iso3"],
         "female": "no data" if r["female"] is None else f"{r['female']:,}",
         "total": f"{r['total']:,}",
         "share": f"{r['female'] / r['total_with_sex']:.1%}" if r["female"] is not None and r["total_with_sex"] else "—",
         "missions": r["mission_list"]}
        for i, r in enumerate(contributors.head(25).iter_rows(named=True))
    ]

    system = _benchmark_rows(status.filter(pl.col("mission") == "ALL"))
    targets_all = d["targets"].unique("benchmark_id", maintain_order=True)
    benchmark_sources = (status.select("benchmark_id", "benchmark_title", "benchmark_source", "is_un_target")
                         .unique("benchmark_id").sort("benchmark_id"))
    built_at = built_at or datetime.now(UTC)
    html = render_template(
        as_of=fmt_date(month_end(as_of)) if as_of else "no monthly data",
        built_at=built_at.strftime("%d %B %Y %H:%M UTC"),
        warehouse_label=warehouse_label,
        overview_rows=overview_rows,
        overview_chart=overview_chart,
        system_benchmarks=system,
        system_as_of=_status_as_of(status.filter(pl.col("mission") == "ALL")),
        sections=sections,
        contributors_chart=contrib_chart,
        contributors=contrib_rows,
        contributors_total=contributors.height,
        contributors_as_of=fmt_date(month_end(contributors_month)) if contributors_month else None,
        targets_all=list(targets_all.iter_rows(named=True)),
        benchmark_sources=list(benchmark_sources.iter_rows(named=True)),
    )
    overview_md = md_table(
        ["mission", "latest month", "police deployed", "ceiling", "fill", "women IPOs", "women FPUs", "met", "not met", "no data"],
        [[r["mission"], r["latest"], r["deployed"], r["ceiling"], r["fill"], r["share_ipo"], r["share_fpu"],
          r["met"], r["not_met"], r["no_data"]] for r in overview_rows],
    )
    return Report(html=html, missions=missions, charts=charts, as_of=as_of, overview_markdown=overview_md,
                  seconds=time.perf_counter() - started,
                  sections={s["mission"]: s["months_with_data"] for s in sections})


def write_atomic(path: Path, text: str) -> None:
    """Write beside the target and rename over it: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_report(con, path: str | os.PathLike, warehouse_label: str = "") -> Report:
    started = time.perf_counter()
    report = render_report(con, warehouse_label=warehouse_label)
    path = Path(path)
    write_atomic(path, report.html)
    report.path = path
    report.seconds = time.perf_counter() - started
    return report
