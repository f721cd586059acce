"""Report: the police scorecard as one self-contained HTML file for people who
do not write SQL, rendered from the marts at the end of every run."""

import dagster as dg

from pipelines.defs.resources import WarehouseResource
from pipelines.lib.report.output import report_path, write_report
from pipelines.lib.warehouse import read_only

# Every table the report reads: the report reruns whenever one of them changes.
REPORT_INPUTS = [
    dg.AssetKey(["marts", name])
    for name in (
        "mission_police_scorecard", "benchmark_results", "benchmark_status", "fct_training", "fct_incident",
        "reported_figures", "fct_police_deployment", "dim_mission", "dim_country",
        "fct_indicator_value", "benchmark_targets", "fct_mission_strength",
        "contributor_police_profile", "contributor_gender_rating", "fct_police_location_year",
    )
]


@dg.asset(key=["report", "police_scorecard"], deps=REPORT_INPUTS, group_name="release", kinds={"html", "python"})
def police_scorecard(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Police scorecard report: an HTML file (charts as inline SVG drawn with
    matplotlib, styles inlined, no scripts, no network) with an overview of all
    missions, women among IPOs and FPUs of all missions against every police
    target in force, missions side by side on the latest month, one section per
    mission since 1990 (police deployed against the ceiling, with IPI's
    published total where the contributor rows stop; women's share of IPOs and FPUs against the benchmark targets, training and
    incidents, benchmark results), contributing countries ranked by women
    police deployed, contributing countries since 1990 ranked by police and by
    women police with their trends, and each mission's places with UN police
    by year (Geo-PKO). Source: the run's build workspace, read-only, after every
    table it shows is built; so it runs before publishing, and a failure here
    keeps the warehouse unpublished. Grain: one file,
    ``<warehouse dir>/reports/police_scorecard.html``. Write mode: whole-file
    replace (temporary file renamed over it)."""
    wh = warehouse.get()
    path = report_path(wh.published)
    con = read_only(wh.workspace)
    try:
        report = write_report(con, path, warehouse_label=wh.published.name)
    finally:
        con.close()
    context.log.info(f"report written to {path} in {report.seconds:.2f} s")
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(path)),
            "preview": dg.MetadataValue.md(report.overview_markdown),
            "missions": len(report.missions),
            "charts": report.charts,
            "data_as_of": str(report.as_of) if report.as_of else "no monthly data",
            "size_bytes": path.stat().st_size,
            "render_seconds": round(report.seconds, 3),
        }
    )


defs = dg.Definitions(assets=[police_scorecard])
