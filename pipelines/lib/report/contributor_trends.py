"""The report's section on contributing countries since 1990: countries ranked
by police and by women police at the latest month, each with its trend (small
multiples: one panel a country), read from ``marts.contributor_police_profile``
(IPI's per-country totals from 1990, the staffing detail from 2009)."""

from __future__ import annotations

from datetime import date

import polars as pl
from markupsafe import Markup

from pipelines.lib.report.drawing import (
    BLUE,
    GREEN,
    GREY,
    PURPLE,
    Chart,
    complete_months,
    make_chart,
    styled,
    y_values,
)
from pipelines.lib.report.formatting import fmt_date, fmt_month, month_end

TOP = 10  # countries drawn; the table lists TABLE_ROWS
TABLE_ROWS = 20
SOURCE = ("marts.contributor_police_profile: IPI's per-country totals (ipi_contributor_police_monthly/countries/, "
          "IPI Peacekeeping Database from the UN DPKO monthly reports) where the staffing detail does not reach, "
          "the staffing detail (marts.fct_police_deployment, IPI and UN data by mission, type and sex) where it does")


def load_profile(con) -> pl.DataFrame:
    return con.sql("""
        select country_iso3, coalesce(country_name, country_iso3) as country, month, police_total,
               police_deployed_source, female_police, female_share_police, female_share_ipo, female_share_fpu,
               ipo_rating, fpu_rating, police_rank, female_police_rank
        from marts.contributor_police_profile
        order by country_iso3, month""").pl()


def load_targets(con) -> list[dict]:
    """Sourced targets for all UN police (marts.benchmark_targets), by year."""
    return con.sql("""
        select year, target_share, target_set, citation from marts.benchmark_targets
        where status = 'sourced' and category = 'POL' order by year""").pl().to_dicts()


def _ago(frame: pl.DataFrame, col: str, month: date, months: int):
    """The value of ``col`` ``months`` months before ``month`` (None without a row)."""
    year, index = divmod(month.year * 12 + month.month - 1 - months, 12)
    row = frame.filter(pl.col("month") == date(year, index + 1, 1))
    return row[col][0] if row.height else None


def _change(now, before) -> str:
    if now is None or before is None:
        return "—"
    diff = now - before
    return "±0" if diff == 0 else f"{diff:+,}"


def _police_rows(profile: pl.DataFrame, latest: date) -> list[dict]:
    at_latest = profile.filter(pl.col("month") == latest).sort("police_rank", "country_iso3").head(TABLE_ROWS)
    rows = []
    for r in at_latest.iter_rows(named=True):
        own = profile.filter(pl.col("country_iso3") == r["country_iso3"])
        before = _ago(own, "police_total", latest, 12)
        peak = own.sort("police_total", "month", descending=[True, False]).row(0, named=True)
        first = own.filter(pl.col("police_total") > 0)["month"].min()
        rows.append({
            "rank": r["police_rank"], "country": r["country"], "iso3": r["country_iso3"],
            "police": f"{r['police_total']:,}", "year_before": "—" if before is None else f"{before:,}",
            "change": _change(r["police_total"], before),
            "peak": f"{peak['police_total']:,} ({fmt_month(peak['month'])})", "since": fmt_month(first),
            "source": {"detail": "staffing detail", "published_total": "IPI per-country total"}[r["police_deployed_source"]],
        })
    return rows


def _women_rows(profile: pl.DataFrame, latest: date) -> list[dict]:
    at_latest = profile.filter((pl.col("month") == latest) & pl.col("female_police").is_not_null()).sort(
        "female_police_rank", "country_iso3").head(TABLE_ROWS)
    rows = []
    for r in at_latest.iter_rows(named=True):
        own = profile.filter(pl.col("country_iso3") == r["country_iso3"])
        before = _ago(own, "female_police", latest, 12)
        share_before = _ago(own, "female_share_police", latest, 12)
        first = own.filter(pl.col("female_police").is_not_null())["month"].min()
        rows.append({
            "rank": r["female_police_rank"], "country": r["country"], "iso3": r["country_iso3"],
            "women": f"{r['female_police']:,}", "police": f"{r['police_total']:,}",
            "share": "—" if r["female_share_police"] is None else f"{r['female_share_police']:.1%}",
            "share_before": "—" if share_before is None else f"{share_before:.1%}",
            "change": _change(r["female_police"], before), "since": fmt_month(first),
            "ipo_rating": r["ipo_rating"] or "not rated", "fpu_rating": r["fpu_rating"] or "not rated",
        })
    return rows


@styled
def chart_country_trends(profile: pl.DataFrame, countries: list[tuple[str, str]], col: str, chart_id: str,
                         label: str, colour: str, start: date | None = None,
                         targets: list[tuple[float, str]] = ()) -> Chart | None:
    """One small panel per country (the order given), the monthly series of
    ``col`` on a complete month calendar (a missing month breaks the line);
    ``targets`` (share, label) are drawn as a dashed line in every panel."""
    if not countries:
        return None
    import numpy as np
    from matplotlib.figure import Figure

    from pipelines.lib.report.drawing import keep_figure, mpl_module, reused_figure, x_months

    cols = 5
    rows = (len(countries) + cols - 1) // cols
    size = (7.6, 1.55 * rows + 0.35)
    if kept := reused_figure("country-trends", *size):  # the same grid: every panel property is set below
        fig, axes = kept[0], np.array(kept[1], dtype=object).reshape(rows, cols)
    else:
        fig = Figure(figsize=size)
        axes = fig.subplots(rows, cols, sharex=True, squeeze=False)
        keep_figure("country-trends", fig, axes.flat)
    first = start or profile["month"].min()
    last = profile["month"].max()
    handle, target_handles = None, []
    for i, ax in enumerate(axes.flat):
        ax.set_visible(i < len(countries))
        if i >= len(countries):
            continue
        iso3, name = countries[i]
        own = profile.filter(pl.col("country_iso3") == iso3).select("month", col)
        data = complete_months(own.filter(pl.col("month") >= first), first, last)
        (handle,) = ax.plot(x_months(data["month"]), y_values(data[col]), color=colour, lw=1.4, label=label)
        handle.set_gid(f"{chart_id}-{iso3}")
        target_handles = [ax.axhline(value, color=GREEN, lw=1.2, ls=(0, (5, 3)), label=text) for value, text in targets]
        if targets:
            ax.set_ylim(0, max(1e-9, *(v for v, _ in targets), float(data[col].max() or 0)) * 1.15)
            ax.yaxis.set_major_formatter(mpl_module().ticker.PercentFormatter(1.0, decimals=0))
        # y given: where matplotlib's automatic placement puts it (no axis or
        # offset text above the panel), without measuring every tick label of
        # the panel's row first (a fifth of the bundled report's drawing time).
        ax.set_title(f"{i + 1}. {name}", fontsize=8.5, loc="left", y=1.0)
        ax.set_ylim(bottom=0)
        ax.tick_params(labelsize=7)
        if not targets:
            ax.yaxis.set_major_locator(mpl_module().ticker.MaxNLocator(nbins=3, integer=True))
            ax.yaxis.set_major_formatter(mpl_module().ticker.StrMethodFormatter("{x:,.0f}"))
        else:
            ax.yaxis.set_major_locator(mpl_module().ticker.MaxNLocator(nbins=3))
        ax.set_axisbelow(True)
    import matplotlib.dates as mdates

    # About three year labels a panel (five panels a row leave room for no more).
    locator = mdates.YearLocator(base=max(2, -(-(last.year - first.year) // 3)))
    for ax in axes[-1]:
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    fig.subplots_adjust(left=0.06, right=0.99, top=0.93 - 0.02 * (2 - rows), bottom=0.1 + 0.03 * (2 - rows),
                        hspace=0.55, wspace=0.35)
    return make_chart(fig, axes.flat[0], chart_id, f"{label}: the top {len(countries)} contributing countries, by month",
                      legend_artists=([handle, *target_handles], [label, *(t for _, t in targets)]))


def contributors_since_1990(con) -> dict:
    """The section's context: ranked tables and their trend charts, or
    ``available: False`` when the warehouse has no per-country series."""
    profile = load_profile(con)
    if profile.is_empty():
        return {"available": False}
    latest = profile["month"].max()
    women_latest = profile.filter(pl.col("female_police").is_not_null())["month"].max()
    police_rows = _police_rows(profile, latest)
    women_rows = _women_rows(profile, women_latest) if women_latest else []
    police_chart = chart_country_trends(
        profile, [(r["iso3"], r["country"]) for r in police_rows[:TOP]], "police_total", "chart-contributors-police",
        "Police deployed (IPOs + FPUs), all missions", BLUE)
    women_chart = chart_country_trends(
        profile, [(r["iso3"], r["country"]) for r in women_rows[:TOP]], "female_police", "chart-contributors-women",
        "Women police deployed, all missions", PURPLE, start=profile.filter(
            pl.col("female_police").is_not_null())["month"].min()) if women_rows else None
    share_chart, targets = None, []
    if women_rows:
        detail = profile.filter(pl.col("female_police").is_not_null())
        years = (detail["month"].min().year, detail["month"].max().year)
        targets = [r for r in load_targets(con) if years[0] <= r["year"] <= years[1]]
        share_chart = chart_country_trends(
            profile, [(r["iso3"], r["country"]) for r in women_rows[:TOP]], "female_share_police",
            "chart-contributors-women-share", "Share of women among the country's police", PURPLE,
            start=detail["month"].min(),
            targets=[(t["target_share"], f"Target {t['target_share']:.0%} for {t['year']}") for t in targets])
    for chart in (police_chart, women_chart, share_chart):
        if chart is not None:
            chart.svg = Markup(chart.svg)
            for item in chart.legend:
                item["swatch"] = Markup(item["swatch"])
    return {
        "available": True,
        "first_month": fmt_month(profile["month"].min()),
        "as_of": fmt_date(month_end(latest)),
        "women_as_of": fmt_date(month_end(women_latest)) if women_latest else None,
        "countries": profile.filter(pl.col("month") == latest).height,
        "countries_ever": profile["country_iso3"].n_unique(),
        "police_rows": police_rows, "women_rows": women_rows,
        "police_chart": police_chart, "women_chart": women_chart, "share_chart": share_chart,
        "targets": targets,
        "top": TOP, "source": SOURCE, "grey": GREY,
    }


TEMPLATE = r"""<section id="contributors-since-1990">
<h2>Contributing countries since 1990: police and women police</h2>
{% if c.available %}
<p class="lede">{{ c.countries_ever }} countries contributed police to UN peacekeeping between {{ c.first_month }} and
{{ c.as_of }}; {{ c.countries }} did in the latest month. Ranked by police deployed, all missions together, each with its
trend since {{ c.first_month }}.</p>
{% if c.police_chart %}
<figure>
  {{ legend(c.police_chart) }}
  {{ c.police_chart.svg }}
  <figcaption><b>The {{ c.top }} largest police contributors of the latest month, police deployed by month.</b>
    Each panel has its own scale; a month without figures is a gap. Source: {{ c.source }}. As of {{ c.as_of }}.</figcaption>
</figure>
{% endif %}
<table class="contributors-police">
  <thead><tr><th class="num">Rank</th><th>Country</th><th class="num">Police</th><th class="num">A year earlier</th>
    <th class="num">Change</th><th>Peak</th><th>Police since</th><th>Figure from</th></tr></thead>
  <tbody>{% for r in c.police_rows %}<tr data-country="{{ r.iso3 }}"><td class="num">{{ r.rank }}</td><td>{{ r.country }}</td>
    <td class="num">{{ r.police }}</td><td class="num">{{ r.year_before }}</td><td class="num">{{ r.change }}</td>
    <td>{{ r.peak }}</td><td>{{ r.since }}</td><td>{{ r.source }}</td></tr>{% endfor %}</tbody>
</table>
<p class="source">Source: {{ c.source }}. As of {{ c.as_of }}.</p>
{% if c.women_rows %}
<h3>Ranked by women police</h3>
{% if c.women_chart %}
<figure>
  {{ legend(c.women_chart) }}
  {{ c.women_chart.svg }}
  <figcaption><b>The {{ c.top }} countries with the most women police in the latest month with a sex split, women police by month.</b>
    Sex-disaggregated figures start in November 2009. Source: marts.contributor_police_profile from the staffing detail
    (marts.fct_police_deployment). As of {{ c.women_as_of }}.</figcaption>
</figure>
{% endif %}
{% if c.share_chart %}
<figure>
  {{ legend(c.share_chart) }}
  {{ c.share_chart.svg }}
  <figcaption><b>The same {{ c.top }} countries: the share of women among their police (IPOs and FPUs, rows reporting sex), by month{% if c.targets %}, against the target{{ "s" if c.targets|length > 1 }} for UN police.</b>{% else %}.</b> No target
    for UN police is sourced for these years, so none is drawn.{% endif %}
    {% for t in c.targets %}Target {{ "%.0f"|format(t.target_share * 100) }} per cent for {{ t.year }}, set by the {{ t.target_set }}: {{ t.citation }}. {% endfor %}
    Source: marts.contributor_police_profile (the staffing detail, marts.fct_police_deployment) and marts.benchmark_targets. As of {{ c.women_as_of }}.</figcaption>
</figure>
{% endif %}
<table class="contributors-women">
  <thead><tr><th class="num">Rank</th><th>Country</th><th class="num">Women police</th><th class="num">All police</th>
    <th class="num">Share of women</th><th class="num">A year earlier</th><th class="num">Change in women</th>
    <th>IPO rating</th><th>FPU rating</th></tr></thead>
  <tbody>{% for r in c.women_rows %}<tr data-country="{{ r.iso3 }}"><td class="num">{{ r.rank }}</td><td>{{ r.country }}</td>
    <td class="num">{{ r.women }}</td><td class="num">{{ r.police }}</td><td class="num">{{ r.share }}</td>
    <td class="num">{{ r.share_before }}</td><td class="num">{{ r.change }}</td><td>{{ r.ipo_rating }}</td>
    <td>{{ r.fpu_rating }}</td></tr>{% endfor %}</tbody>
</table>
<p class="source">Source: marts.contributor_police_profile and marts.contributor_gender_rating (DPO's rule: green meets the
year's Uniformed Gender Parity Strategy target, yellow at least 0.1 per cent women, red none; "not rated" where no target
for the year is sourced, so green and yellow cannot be told apart). As of {{ c.women_as_of }}.</p>
{% endif %}
{% else %}<p class="note">No per-country police series in the warehouse (IPI's per-country files were not in the inbox).</p>{% endif %}
</section>
"""
