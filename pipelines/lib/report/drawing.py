"""The report's drawing kit: matplotlib imported lazily with a headless
backend, one style, inline SVG output with unique ids, legends drawn in HTML,
monthly series laid on a complete month calendar (a missing month is a NaN and
breaks the line, never interpolated), and the layouts the charts share."""

from __future__ import annotations

import contextlib
import functools
import io
import re
from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl
from markupsafe import Markup

# Okabe-Ito palette: distinguishable with the common colour-vision deficiencies.
BLUE, SKY, ORANGE, VERMILION, GREEN, PURPLE, GREY, BLACK = (
    "#0072B2", "#56B4E9", "#E69F00", "#D55E00", "#009E73", "#CC79A7", "#767676", "#222222")


def complete_months(frame: pl.DataFrame, start: date | None = None, end: date | None = None) -> pl.DataFrame:
    """The frame on every month from start to end (default: its own first and
    last month); months without a row get nulls, which plot as gaps."""
    if frame.is_empty() and (start is None or end is None):
        return frame
    calendar = pl.DataFrame({"month": pl.date_range(start or frame["month"].min(), end or frame["month"].max(),
                                                    "1mo", eager=True)})
    return calendar.join(frame, on="month", how="left")


@functools.cache
def mpl_module():
    """Import matplotlib lazily (about 1 s) with a headless backend."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    return matplotlib


def ticker():
    return mpl_module().ticker


STYLE = {
    "svg.fonttype": "none",  # text stays text: smaller, selectable, styled by the page's fonts
    "font.family": "DejaVu Sans", "font.size": 10,
    "axes.spines.top": False, "axes.spines.right": False,
    "axes.grid": True, "axes.grid.axis": "y", "grid.color": "#dddddd", "grid.linewidth": 0.8,
    "axes.edgecolor": "#888888", "axes.labelcolor": "#333333", "xtick.color": "#333333", "ytick.color": "#333333",
    "legend.frameon": False, "legend.fontsize": 9,
}

_in_style = False
_reused: dict[str, tuple] = {}  # kind -> (figure, axes), for the report being drawn


@contextlib.contextmanager
def chart_style():
    """The report's matplotlib style, entered once per report (copying the
    settings costs about as much as drawing a small chart); the process-wide
    settings are restored on the way out, and the figures reused within the
    report (``figure``) are let go."""
    global _in_style
    if _in_style:
        yield
        return
    with mpl_module().rc_context(STYLE):
        _in_style = True
        try:
            yield
        finally:
            _in_style = False
            _reused.clear()


def styled(chart):
    """Run a chart function under the report's style (charts can be drawn alone, as the tests do)."""

    @functools.wraps(chart)
    def wrapper(*args, **kwargs):
        with chart_style():
            return chart(*args, **kwargs)

    return wrapper


def reused_figure(kind: str, width: float, height: float):
    """The figure and axes of this report's previous chart of ``kind`` and
    size, emptied, or None (the first of its kind, or outside ``chart_style``).

    A new axes, and the ticks matplotlib makes anew for each, cost about a
    third of the report's drawing time on the real data (cProfile). Only for a
    chart function that sets every property it changes on every call
    (locators, formatters, labels, tick and grid settings, visibility,
    layout), so that what the previous chart left is overwritten; the limits
    come back from the new chart's own data (``relim`` and autoscale).
    tests/unit/test_report_reuse.py draws each kind after another and alone
    and compares the SVG."""
    kept = _reused.get(kind)
    if kept is None or tuple(kept[0].get_size_inches()) != (width, height):
        return None
    for ax in kept[1]:
        for container in list(ax.containers):
            container.remove()
        for artist in [*ax.lines, *ax.collections, *ax.patches, *ax.texts, *ax.images]:
            artist.remove()
        ax.relim()  # the data limits of no artist: the next chart's alone
        ax.autoscale(enable=True)
        ax.set_prop_cycle(None)
    return kept


def figure(kind: str | None, width: float, height: float, make):
    """This report's emptied figure of ``kind`` (``reused_figure``), or a new
    one from ``make(fig)`` -> its axes, kept for the next chart of ``kind``."""
    from matplotlib.figure import Figure

    if kind is not None and (kept := reused_figure(kind, width, height)):
        return kept
    fig = Figure(figsize=(width, height))
    axes = make(fig)
    if kind is not None and _in_style:  # let go when the report's chart_style exits
        _reused[kind] = (fig, axes)
    return fig, axes


def new_figure(width: float = 7.6, height: float = 2.7, reuse: str | None = None):
    """A figure with one axes (``reuse``: a chart kind, see ``figure``)."""

    def make(fig):
        ax = fig.add_subplot()
        ax.set_axisbelow(True)
        return [ax]

    fig, axes = figure(reuse, width, height, make)
    return fig, axes[0]


def svg_of(fig, chart_id: str, label: str) -> Markup:
    """The figure as an inline <svg> element: no XML prologue, scalable, ids
    unique in the page (the hash salt is the chart id, so clip paths of two
    charts never collide), deterministic for the same data."""
    mpl = mpl_module()
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
    # Drawn from numbers and escaped labels (matplotlib escapes its text): safe in the page.
    return Markup(f'{head} role="img" aria-label="{Markup.escape(label)}" class="chart" id="{chart_id}"'
                  + text[head_end:])


def x_months(months: pl.Series):
    return np.array(months.to_list(), dtype="datetime64[D]")


def y_values(series: pl.Series):
    return np.array([np.nan if v is None else float(v) for v in series.to_list()], dtype=float)


def monthly_series(ax, data: pl.DataFrame, series, gid: str) -> float:
    """Each (column, label, style) of ``series`` with any value in ``data`` (on
    a complete month calendar) as a line, NaN months breaking it; the largest
    value drawn. Markers show each month on short series; on long ones only
    months standing alone between gaps get one (a line cannot show them, and
    markers are most of the drawing time)."""
    x, top = x_months(data["month"]), 0.0
    for col, label, style in series:
        if col not in data.columns or not data[col].is_not_null().any():
            continue
        values, kw = y_values(data[col]), dict(style)
        finite = ~np.isnan(values)
        if "marker" in kw and finite.sum() > 24:
            alone = finite & ~np.r_[False, finite[:-1]] & ~np.r_[finite[1:], False]
            if alone.any():
                kw["markevery"] = alone.tolist()
            else:
                kw.pop("marker")
                kw.pop("ms", None)
        (line,) = ax.plot(x, values, label=label, **kw)
        line.set_gid(f"{gid}-{col}")  # the SVG group id tests (and readers of the file) can find
        top = max(top, float(data[col].max()))
    return top


def time_axes(fig, ax, ylabel: str, top: float | None = None) -> None:
    """A monthly chart's axes: from zero (to ``top`` for a share, as a
    percentage), dates along the bottom."""
    import matplotlib.dates as mdates

    if top is None:
        ax.set_ylim(bottom=0)
        ax.yaxis.set_major_formatter(ticker().StrMethodFormatter("{x:,.0f}"))
    else:
        ax.set_ylim(0, min(1.0, top))
        ax.yaxis.set_major_formatter(ticker().PercentFormatter(1.0, decimals=0))
    ax.set_ylabel(ylabel)
    ax.yaxis.set_major_locator(ticker().MaxNLocator(nbins=5))
    locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, show_offset=False))
    fig.subplots_adjust(left=0.09, right=0.98, top=0.95, bottom=0.12)


def bar_chart(labels: list[str], row: float, base: float, bars, chart_id: str, label: str, xlabel: str,
              xmax: float, xformat: str | None = None, notes=None, pad: int = 5,
              ceilings: pl.Series | None = None, lines=()) -> Chart:
    """A horizontal bar chart, one row a label (bottom up). ``bars``: (rows or
    an offset from each row, values, style, gid for each bar or None);
    ``ceilings``: each row's authorized ceiling as a black mark, where one is
    recorded; ``notes``: (xs, texts) written at the bars' ends; ``lines``:
    (x, style, gid) vertical lines; ``xformat``: the ticks' format, "%" for a share."""
    height = base + row * len(labels)
    fig, ax = new_figure(height=height)
    ys = list(range(len(labels)))
    ax.set_yticks(ys, labels)
    ax.grid(axis="x", color="#dddddd")
    ax.grid(axis="y", visible=False)
    longest = max(len(t) for t in labels)
    fig.subplots_adjust(left=min(0.4, 0.03 + 0.0115 * longest), right=0.97, top=1 - 0.1 / height,
                        bottom=0.55 / height)
    for at, values, style, gid in bars:
        drawn = ax.barh([y + at for y in ys] if isinstance(at, float) else at, values, **style)
        for bar in drawn if gid else ():
            bar.set_gid(gid)
    if ceilings is not None and ceilings.is_not_null().any():
        ax.plot(y_values(ceilings), ys, ls="none", marker="|", ms=15, mew=3, color=BLACK, zorder=4,
                label="Authorized police ceiling")
    for y, x, text in zip(ys, *notes or ((), ())):
        ax.annotate(text, (x, y), xytext=(pad, 0), textcoords="offset points", va="center", fontsize=8.5,
                    color="#333333")
    for x, style, gid in lines:
        ax.axvline(x, **style).set_gid(gid)
    ax.set_xlim(0, xmax)
    if xformat:
        ax.xaxis.set_major_formatter(ticker().PercentFormatter(1.0, decimals=0) if xformat == "%"
                                     else ticker().StrMethodFormatter(xformat))
    ax.set_xlabel(xlabel)
    return make_chart(fig, ax, chart_id, label)


@dataclass
class Chart:
    """An inline SVG chart and its legend, drawn in HTML (larger, selectable
    text, and about a third of matplotlib's drawing time saved)."""

    svg: Markup
    legend: list[dict]

    def draws(self, prefix: str) -> bool:
        """True when the chart draws a series whose legend label starts with
        ``prefix`` (a caption says only what the chart draws)."""
        return any(item["label"].startswith(prefix) for item in self.legend)

    def draws_other_than(self, prefix: str) -> bool:
        """True when the chart draws a series whose legend label does not
        start with ``prefix`` (a ceiling alone is not police deployed)."""
        return any(not item["label"].startswith(prefix) for item in self.legend)


def _swatch(artist) -> Markup:
    """A small inline SVG that looks like the artist's line, marker or bar."""
    from matplotlib.collections import PathCollection
    from matplotlib.colors import to_hex
    from matplotlib.lines import Line2D

    diamond = '<path d="M17 1 L23 7 L17 13 L11 7 Z" fill="{}"/>'
    if isinstance(artist, Line2D) and artist.get_linestyle() in ("None", "none", " ", ""):
        colour = to_hex(artist.get_color())
        shape = {"|": f'<line x1="17" y1="1" x2="17" y2="13" stroke="{colour}" stroke-width="3"/>',
                 "D": diamond.format(colour)}.get(artist.get_marker(), f'<circle cx="17" cy="7" r="4" fill="{colour}"/>')
    elif isinstance(artist, Line2D):
        colour = to_hex(artist.get_color())
        dash = {"--": "7 3", ":": "1.5 2.5", "-.": "6 2 1.5 2"}.get(artist.get_linestyle(), "")
        if not dash and isinstance(artist.get_linestyle(), tuple):
            dash = "6 3"
        marker = (f'<circle cx="17" cy="7" r="2.6" fill="{colour}"/>'
                  if artist.get_marker() not in (None, "None", "", " ") else "")
        shape = (f'<line x1="1" y1="7" x2="33" y2="7" stroke="{colour}" '
                 f'stroke-width="{max(1.5, artist.get_linewidth()):.1f}" stroke-dasharray="{dash}"/>{marker}')
    elif isinstance(artist, PathCollection):
        shape = diamond.format(to_hex(artist.get_facecolor()[0]))
    else:
        patches = getattr(artist, "patches", None) or [artist]
        shape = f'<rect x="5" y="1" width="24" height="12" fill="{to_hex(patches[0].get_facecolor())}"/>'
    return Markup(f'<svg class="swatch" width="34" height="14" aria-hidden="true">{shape}</svg>')


def make_chart(fig, ax, chart_id: str, label: str, legend_artists=None) -> Chart:
    for a in fig.axes:
        # An axis without a label needs no place for one: matplotlib would
        # otherwise work its ticks out a second time to find it.
        if not a.get_xlabel():
            a.xaxis.set_label_coords(0.5, 0)
        if not a.get_ylabel():
            a.yaxis.set_label_coords(0, 0.5)
    handles, labels = legend_artists or ax.get_legend_handles_labels()
    legend = [{"label": text, "swatch": _swatch(h)} for h, text in zip(handles, labels)]
    return Chart(svg=svg_of(fig, chart_id, label), legend=legend)
