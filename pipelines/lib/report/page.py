"""The page: the frames of ``queries.py`` and the charts of ``charts.py`` put
into the template's context (overview, one section per mission, the
system-wide sections of ``sections.py``, contributing countries, sources),
rendered to HTML."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime

import polars as pl

from pipelines.lib.markdown import markdown_table
from pipelines.lib.report import sections as system
from pipelines.lib.report.charts import (
    chart_contributors,
    chart_deployment,
    chart_female_share,
    chart_overview,
    chart_period_figures,
)
from pipelines.lib.report.drawing import chart_style
from pipelines.lib.report.formatting import fmt_date, fmt_month, fmt_period, fmt_value, month_end
from pipelines.lib.report.queries import load_data
from pipelines.lib.report.template import render_template


@dataclass
class Report:
    html: str
    missions: list[str]
    charts: int
    as_of: date | None
    overview_markdown: str
    seconds: float = 0.0  # rendering and writing (``write_report``)


COMPARISON = {">=": "≥", "<=": "≤"}
# A status is met, not met or neither: its badge (css class, sign) and the overview's count.
STATUS_KIND = {"met": ("met", "✓"), "not met": ("not-met", "✗")}


def _status_kind(status: str) -> tuple[str, str]:
    return STATUS_KIND.get(status.removesuffix(" by deadline"), ("no-data", "–"))


def _benchmark_rows(status: pl.DataFrame) -> list[dict]:
    rows = []
    for r in status.iter_rows(named=True):
        css, sign = _status_kind(r["status"])
        label = f"{sign} {r['status'][0].upper()}{r['status'][1:]}"
        if r.get("target_year") is not None:  # a yearly target: the year it was scored against
            label = f"{label} ({r['target_year']})" if r["status"] == "no target for the year" else \
                f"{label} ({r['target_year']} target)"
        # A figure after the deadline, beside the deadline's result: never a met.
        later = (f"{r['later_status']}, {fmt_period(r['later_period'], r.get('later_value_source'))}: "
                 f"{fmt_value(r['metric'], r['later_value'])}" if r.get("later_status") else "")
        source = {"staffing_detail": "monthly deployment data", "reported_figure": r["value_citation"] or "cited figure",
                  "radpko_yearly_average": "yearly average of monthly base reports (RADPKO)",
                  "none": "—"}.get(r["value_source"], r["value_source"])
        rows.append({
            **r,
            "status_css": css,
            "status_label": label,
            "later_text": later,
            "period_text": fmt_period(r["period"], r["value_source"]) if r["value_source"] != "none" else "—",
            "measured_text": fmt_value(r["metric"], r["measured_value"]),
            "target_text": (f"{COMPARISON.get(r['comparison'], r['comparison'])} {fmt_value(r['metric'], r['target_value'])}"
                            if r["target_value"] is not None else "—"),
            "deadline_text": f"due {fmt_date(r['deadline'])}" if r["deadline"] else "no deadline set",
            "value_from": source,
            "raw_measured": "" if r["measured_value"] is None else repr(float(r["measured_value"])),
            "raw_target": "" if r["target_value"] is None else repr(float(r["target_value"])),
        })
    return rows


def _by_mission(frame: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """mission -> its rows, split once (filtering per mission costs a query each)."""
    return {m: part for (m,), part in frame.partition_by("mission", as_dict=True, maintain_order=True).items()}


def _status_as_of(status: pl.DataFrame) -> str:
    """The latest period scored (rows without data carry the deadline, not a date of data)."""
    scored = status.filter(pl.col("value_source") != "none")["period"].max()
    return fmt_date(month_end(scored)) if scored else "no date: nothing measured yet"


# kind -> heading, the table's unit, source table, chart title and note
FIGURES = {"training": ("Training delivered", "People trained", "marts.fct_training", "People trained by year",
                        "(figures covering a year or less; a year without figures is left empty)."),
           "incidents": ("Incidents", "Number", "marts.fct_incident", "Incidents by year",
                         "(counted from records, which list every case: a year without a record is zero).")}


def _figures(m: str, kind: str, frame: pl.DataFrame, limit: int = 15) -> dict:
    """A mission's training or incident figures: the yearly chart and the
    table, figures cited in documents one per row (the latest ``limit``),
    counts from records (e.g. the UN fatality records, one row per month)
    summed to one row per kind."""
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
    heading, unit, table, title, note = FIGURES[kind]
    return {"kind": kind, "heading": heading, "unit": unit, "table": table, "title": title, "note": note,
            "chart": chart_period_figures(m, kind, frame, unit) if frame.height else None, "rows": rows,
            "more": max(0, cited.height - limit), "as_of": fmt_date(frame["period_end"].max()) if frame.height else None}


def _overview_rows(missions: list[str], names: dict, latest: dict, latest_total: dict, status: dict) -> list[dict]:
    """One row per mission: its latest month with data, ceiling, shares and benchmark counts."""
    rows = []
    for m in missions:
        r = latest[m].row(0, named=True) if m in latest else {}
        total = latest_total[m].row(0, named=True) if m in latest_total else {}
        info = names.get(m, {})
        counts = Counter(_status_kind(s)[0] for s in (status[m]["status"] if m in status else []))
        shown = {metric: "—" if r.get(col) is None else fmt_value(metric, r[col]) for metric, col in (
            ("police_deployed", "authorized_police"), *((c, c) for c in ("ceiling_fill_rate", "female_share_ipo",
                                                                       "female_share_fpu")))}
        rows.append({
            "mission": m,
            "name": info.get("mission_name") or "",
            "host": info.get("host_country") or "",
            # Without the staffing detail, IPI's published total (its latest month), named as such.
            "latest": fmt_month(r.get("month") or total.get("month")) or "no monthly data",
            "deployed": (fmt_value("police_deployed", r.get("police_deployed")) if r
                         else f"{total['police_total']:,} (IPI published total)" if total else "no data"),
            "ceiling": shown["police_deployed"], "fill": shown["ceiling_fill_rate"],
            "share_ipo": shown["female_share_ipo"], "share_fpu": shown["female_share_fpu"],
            "met": counts["met"], "not_met": counts["not-met"], "no_data": counts["no-data"],
        })
    return rows


SHARE_SERIES = (("Women among IPOs", "individual police officers (IPOs)"),
                ("Women among FPUs", "formed police units (FPUs)"),
                ("Women among all police", "all police (dotted)"))


def _share_subject(chart) -> str:
    """Whom the share chart's lines are about, as its legend has them (a
    caption names only what the chart draws)."""
    if chart is None:
        return ""
    parts = [text for prefix, text in SHARE_SERIES if chart.draws(prefix)]
    if not parts:
        return "UN police, as cited in UN documents"
    return " and ".join(parts) if len(parts) < 3 else f"{parts[0]}, {parts[1]} and {parts[2]}"


def mission_section(m: str, info: dict, deployment_sources: str, published_sources: str, get) -> dict:
    """A mission's section of the page (``get(name)``: the mission's rows of the frame ``name``)."""
    frame = get("scorecard")
    data_months = frame.filter(pl.col("has_deployment_data"))["month"]
    last = data_months.max()
    published_months = frame.filter(pl.col("police_published").is_not_null())["month"]
    total_last = frame.filter(pl.col("police_total").is_not_null())["month"].max()
    dep_chart = chart_deployment(m, frame)
    share_chart = chart_female_share(m, frame, get("targets"), get("cited_shares"))
    ceilings = sorted({s for v in frame["ceiling_set_by"].drop_nulls().to_list() for s in v.split("; ")})
    targets = get("targets").unique("benchmark_id", maintain_order=True)
    cited = get("cited_shares")
    span = (frame["month"].min(), frame["month"].max())
    with_ceiling = frame.filter(pl.col("authorized_police").is_not_null() | pl.col("authorized_ipo").is_not_null())
    return {
        "mission": m,
        "name": info.get("mission_name") or "",
        "host": info.get("host_country") or "",
        "dates": " – ".join(x for x in (fmt_date(info.get("start_date")), fmt_date(info.get("end_date"))) if x),
        "kind": (info.get("mission_kind") or "").capitalize(),
        "months_with_data": data_months.len(),
        "months_in_range": frame.height,
        "first_data": fmt_month(data_months.min()),
        "last_data": fmt_month(last),
        "as_of": fmt_date(month_end(last)) if last else None,
        "months_published": published_months.len(),
        "first_published": fmt_month(published_months.min()),
        "last_published": fmt_month(published_months.max()),
        "published_sources": published_sources,
        # The deployment chart runs to the last month with any police figure.
        "total_as_of": fmt_date(month_end(total_last)) if total_last else None,
        "span": f"{fmt_month(span[0])} – {fmt_month(span[1])}",
        "deployment": dep_chart,
        "share": share_chart,
        "share_subject": _share_subject(share_chart),
        "deployment_sources": deployment_sources,
        "ceilings": "; ".join(ceilings),
        "last_ceiling_month": fmt_date(month_end(with_ceiling["month"].max())) if with_ceiling.height else None,
        "targets": list(targets.iter_rows(named=True)),
        "cited": [{**r, "value_text": fmt_value(r["metric"], r["measured_value"]), "period_text": fmt_month(r["period"]),
                   "date_text": fmt_date(month_end(r["period"]))}
                  for r in cited.iter_rows(named=True)],
        "figures": [_figures(m, kind, get(kind)) for kind in FIGURES],
        "benchmarks": _benchmark_rows(get("status")),
        "status_as_of": _status_as_of(get("status")),
    }


def render_report(con, warehouse_label: str = "", built_at: datetime | None = None) -> Report:
    """The page of the warehouse ``con`` reads."""
    with chart_style():
        d = load_data(con)
        scorecard, status = d["scorecard"], d["status"]
        names = {r["mission"]: r for r in d["missions"].iter_rows(named=True)}
        sources = dict(d["deployment_sources"].iter_rows())
        published = dict(d["published_sources"].iter_rows())
        with_data = scorecard.filter(pl.col("has_deployment_data"))
        as_of = with_data["month"].max()
        latest = with_data.sort("month").group_by("mission", maintain_order=True).last().sort("mission")
        latest_total = (scorecard.filter(pl.col("police_total").is_not_null()).sort("month")
                        .group_by("mission", maintain_order=True).last())
        # Every mission on the scorecard or scored against a benchmark.
        missions = sorted(set(scorecard["mission"].to_list()) | set(status["mission"].to_list()) - {"ALL"})
        split = {name: _by_mission(d[name]) for name in
                 ("status", "scorecard", "targets", "cited_shares", "training", "incidents")}
        empty = {name: d[name].clear() for name in split}
        sections = [mission_section(m, names.get(m, {}), sources.get(m, ""), published.get(m, ""),
                                    lambda name, m=m: split[name].get(m, empty[name])) for m in missions]
        overview_rows = _overview_rows(missions, names, _by_mission(latest), _by_mission(latest_total),
                                       split["status"])
        contributors = d["contributors"]
        contributors_month = contributors["month"].max()
        context = dict(
            overview_chart=chart_overview(latest),
            gender_parity=system.gender_parity(d),
            missions_latest=system.missions_latest(d),
            contributors_chart=chart_contributors(contributors),
            contributors_1990=system.contributors_since_1990(d),
            locations=system.police_locations(d),
        )
    system_status = status.filter(pl.col("mission") == "ALL")
    benchmark_sources = (status.select("benchmark_id", "benchmark_title", "benchmark_source", "is_un_target")
                         .unique("benchmark_id").sort("benchmark_id"))
    html = render_template(
        **context,
        source_files=d["source_files"].to_dicts(),
        as_of=fmt_date(month_end(as_of)) if as_of else "no monthly data",
        built_at=(built_at or datetime.now(UTC)).strftime("%d %B %Y %H:%M UTC"),
        warehouse_label=warehouse_label,
        overview_rows=overview_rows,
        system_benchmarks=_benchmark_rows(system_status),
        system_as_of=_status_as_of(system_status),
        sections=sections,
        contributors=contributors.head(25).to_dicts(),
        contributors_total=contributors.height,
        contributors_as_of=fmt_date(month_end(contributors_month)) if contributors_month else None,
        benchmark_sources=list(benchmark_sources.iter_rows(named=True)),
    )
    overview_md = markdown_table(
        ["mission", "latest month", "police deployed", "ceiling", "fill", "women IPOs", "women FPUs", "met", "not met", "no data"],
        [[r["mission"], r["latest"], r["deployed"], r["ceiling"], r["fill"], r["share_ipo"], r["share_fpu"],
          r["met"], r["not_met"], r["no_data"]] for r in overview_rows],
    )
    return Report(html=html, missions=missions, charts=html.count('role="img"'), as_of=as_of,
                  overview_markdown=overview_md)
