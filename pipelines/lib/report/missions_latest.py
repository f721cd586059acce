"""The report's side-by-side section: every mission with a police figure in the
latest month of the series, on that one month (police: the staffing detail
where it exists, else IPI's published total, the source named), and the share
of women among IPOs and FPUs of every mission on the latest month of the sex
detail, against the targets sourced for that year. Read from
``marts.mission_police_scorecard`` and ``marts.benchmark_targets``."""

from __future__ import annotations

import polars as pl

from pipelines.lib.report.drawing import (
    BLACK,
    BLUE,
    PURPLE,
    VERMILION,
    Chart,
    make_chart,
    mpl_module,
    new_figure,
    styled,
)
from pipelines.lib.report.formatting import fmt_date, fmt_month, month_end

SOURCE_LABEL = {"detail": "staffing detail", "published_total": "IPI published total"}

TEMPLATE = r"""<section id="missions-latest">
<h2>Missions side by side</h2>
{% if m.police_chart %}
<figure>
  {{ legend(m.police_chart) }}
  {{ m.police_chart.svg }}
  <figcaption><b>Police in each mission in {{ m.month_text }}, the latest month with a police figure.</b> Blue: summed
    from the contributor rows; purple: IPI's published mission total where the contributor rows stop.{% if m.police_chart.draws("Authorized") %}
    Black mark: the authorized police ceiling in force that month, where one is recorded.{% endif %}
    Source: marts.mission_police_scorecard (police_total and police_deployed_source: marts.fct_police_deployment, IPI
    mission totals in marts.fct_mission_strength). As of {{ m.as_of }}.</figcaption>
</figure>
{% endif %}
{% if m.share_chart %}
<figure>
  {{ legend(m.share_chart) }}
  {{ m.share_chart.svg }}
  <figcaption><b>Women among IPOs and FPUs in each mission in {{ m.share_month_text }}, the latest month with a sex
    split.</b>{% if m.share_targets %} Lines: the targets sourced for {{ m.share_year }} ({{ m.share_targets }}).{% else %}
    No police target is sourced for {{ m.share_year }}.{% endif %}
    Source: marts.mission_police_scorecard (women over personnel in the contributor rows reporting sex){% if m.share_targets %},
    marts.benchmark_targets{% endif %}. As of {{ m.share_as_of }}.</figcaption>
</figure>
{% endif %}
{% if m.rows %}
<table class="missions-latest">
  <thead><tr><th>Mission</th><th class="num">Police, {{ m.month_text }}</th><th>From</th><th class="num">Authorized ceiling</th>
  <th class="num">Women among IPOs, {{ m.share_month_text }}</th><th class="num">Women among FPUs, {{ m.share_month_text }}</th></tr></thead>
  <tbody>{% for r in m.rows %}<tr data-mission="{{ r.mission }}"><td>{{ r.mission }}</td><td class="num">{{ r.police }}</td>
    <td>{{ r.source }}</td><td class="num">{{ r.ceiling }}</td><td class="num">{{ r.share_ipo }}</td><td class="num">{{ r.share_fpu }}</td></tr>{% endfor %}</tbody>
</table>
<p class="source">Source: marts.mission_police_scorecard. As of {{ m.as_of }} (police) and {{ m.share_as_of }} (women).</p>
{% else %}<p class="note">No police figures in the warehouse.</p>{% endif %}
</section>
"""


def load(con) -> dict[str, pl.DataFrame]:
    return {
        "latest": con.sql("""
            with last as (select max(month) as month from marts.mission_police_scorecard where police_total is not null)
            select s.mission, s.month, s.police_total, s.police_deployed_source, s.authorized_police
            from marts.mission_police_scorecard s join last using (month)
            where s.police_total is not null
            order by s.police_total""").pl(),
        "shares": con.sql("""
            with last as (
                select max(month) as month from marts.mission_police_scorecard
                where female_share_ipo is not null or female_share_fpu is not null)
            select s.mission, s.month, s.female_share_ipo, s.female_share_fpu
            from marts.mission_police_scorecard s join last using (month)
            where s.female_share_ipo is not null or s.female_share_fpu is not null
            order by s.mission desc""").pl(),
        "targets": con.sql("""
            select metric, category_label, year, target_share, citation from marts.benchmark_targets
            where status = 'sourced' and metric like 'female_share_%'""").pl(),
    }


def _left_margin(fig, labels: list[str], height: float) -> None:
    longest = max(len(t) for t in labels)
    fig.subplots_adjust(left=min(0.4, 0.03 + 0.0115 * longest), right=0.97, top=1 - 0.1 / height,
                        bottom=0.55 / height)


@styled
def chart_police_latest(latest: pl.DataFrame) -> Chart | None:
    if latest.is_empty():
        return None
    height = 1.1 + 0.3 * latest.height
    fig, ax = new_figure(height=height)
    ys = list(range(latest.height))
    for source, colour in (("detail", BLUE), ("published_total", PURPLE)):
        part = [(y, v) for y, v, s in zip(ys, latest["police_total"], latest["police_deployed_source"]) if s == source]
        if part:
            bars = ax.barh([y for y, _ in part], [float(v) for _, v in part], color=colour, height=0.6,
                           label=f"Police ({SOURCE_LABEL[source]})")
            for bar in bars:
                bar.set_gid(f"latest-police-{source}")
    if latest["authorized_police"].is_not_null().any():
        ax.plot([float("nan") if v is None else float(v) for v in latest["authorized_police"]], ys, ls="none",
                marker="|", ms=14, mew=3, color=BLACK, label="Authorized police ceiling")
    for y, v in zip(ys, latest["police_total"]):
        ax.annotate(f"{v:,}", (float(v), y), xytext=(5, 0), textcoords="offset points", va="center", fontsize=8.5,
                    color="#333333")
    labels = latest["mission"].to_list()
    ax.set_yticks(ys, labels)
    ax.grid(axis="x", color="#dddddd")
    ax.grid(axis="y", visible=False)
    ax.set_xlim(0, float(latest["police_total"].max()) * 1.2)
    ax.xaxis.set_major_formatter(mpl_module().ticker.StrMethodFormatter("{x:,.0f}"))
    ax.set_xlabel("Police officers")
    _left_margin(fig, labels, height)
    return make_chart(fig, ax, "chart-missions-latest-police", "Police in each mission on the latest month")


@styled
def chart_shares_latest(shares: pl.DataFrame, targets: pl.DataFrame) -> Chart | None:
    if shares.is_empty():
        return None
    height = 1.2 + 0.42 * shares.height
    fig, ax = new_figure(height=height)
    ys = list(range(shares.height))
    top = 0.25
    for offset, col, label, colour in ((0.2, "female_share_ipo", "Women among IPOs", BLUE),
                                       (-0.2, "female_share_fpu", "Women among FPUs", VERMILION)):
        values = [float("nan") if v is None else float(v) for v in shares[col]]
        bars = ax.barh([y + offset for y in ys], values, height=0.38, color=colour, label=label)
        for bar in bars:
            bar.set_gid(f"latest-{col}")
        top = max([top, *[v * 1.15 for v in values if v == v]])
    for row in targets.iter_rows(named=True):
        colour = BLUE if row["metric"] == "female_share_ipo" else VERMILION if row["metric"] == "female_share_fpu" else BLACK
        line = ax.axvline(row["target_share"], color=colour, lw=1.4, ls="--",
                          label=f"Target {row['year']}: {row['category_label']} {row['target_share']:.0%}")
        line.set_gid(f"latest-target-{row['metric']}")
        top = max(top, row["target_share"] * 1.15)
    labels = shares["mission"].to_list()
    ax.set_yticks(ys, labels)
    ax.grid(axis="x", color="#dddddd")
    ax.grid(axis="y", visible=False)
    ax.set_xlim(0, min(1.0, top))
    ax.xaxis.set_major_formatter(mpl_module().ticker.PercentFormatter(1.0, decimals=0))
    ax.set_xlabel("Share of women")
    _left_margin(fig, labels, height)
    return make_chart(fig, ax, "chart-missions-latest-women", "Women among IPOs and FPUs in each mission on the latest month")


def missions_latest(con) -> dict:
    """The section's context: two charts and one table, each with its month."""
    d = load(con)
    latest, shares = d["latest"], d["shares"]
    month = latest["month"].max() if latest.height else None
    share_month = shares["month"].max() if shares.height else None
    year_targets = d["targets"].filter(pl.col("year") == share_month.year) if share_month else d["targets"].clear()
    share_of = {r["mission"]: r for r in shares.iter_rows(named=True)}
    rows = []
    for r in latest.sort("police_total", descending=True).iter_rows(named=True):
        s = share_of.get(r["mission"], {})
        rows.append({
            "mission": r["mission"], "police": f"{r['police_total']:,}",
            "source": SOURCE_LABEL.get(r["police_deployed_source"], r["police_deployed_source"] or ""),
            "ceiling": f"{r['authorized_police']:,}" if r["authorized_police"] is not None else "—",
            "share_ipo": f"{s['female_share_ipo']:.1%}" if s.get("female_share_ipo") is not None else "—",
            "share_fpu": f"{s['female_share_fpu']:.1%}" if s.get("female_share_fpu") is not None else "—",
        })
    return {
        "police_chart": chart_police_latest(latest),
        "share_chart": chart_shares_latest(shares, year_targets),
        "rows": rows,
        "month_text": fmt_month(month) or "no month",
        "as_of": fmt_date(month_end(month)) if month else "no data",
        "share_month_text": fmt_month(share_month) or "no month",
        "share_as_of": fmt_date(month_end(share_month)) if share_month else "no data",
        "share_year": share_month.year if share_month else None,
        "share_targets": "; ".join(f"{r['category_label']} {r['target_share']:.0%}: {r['citation']}"
                                   for r in year_targets.iter_rows(named=True)),
    }
