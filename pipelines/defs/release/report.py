"""Report: the police scorecard as one self-contained HTML file for people who
do not write SQL, rendered from the marts at the end of every run (a part of
the release step, ``pipelines/defs/release/__init__.py``)."""

import dagster as dg

from pipelines.defs.resources import WarehouseResource
from pipelines.lib.faults import fault_point
from pipelines.lib.report.output import report_path, write_report

# Every table the report reads: the report reruns whenever one of them changes.
REPORT_INPUTS = [
    dg.AssetKey(["marts", name])
    for name in (
        "mission_police_scorecard", "benchmark_results", "benchmark_status", "fct_training", "fct_incident",
        "reported_figures", "fct_police_deployment", "dim_mission", "dim_country",
    )
]


REPORT = dg.AssetKey(["report", "police_scorecard"])


def police_scorecard(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dict:
    """Police scorecard report: an HTML file (charts as inline SVG drawn with
    matplotlib, styles inlined, no scripts, no network) with an overview of all
    missions, one section per mission (police deployed against the ceiling,
    women's share of IPOs and FPUs against the benchmark targets, training and
    incidents, benchmark results) and contributing countries ranked by women
    police deployed. Source: the run's build workspace, read-only, after every
    table it shows is built; so it runs before publishing, and a failure here
    keeps the warehouse unpublished. Grain: one file, written into the release
    this run stages and published with it as
    ``<warehouse dir>/reports/police_scorecard.html``. Write mode: a new file
    in each release."""
    wh = warehouse.get()
    staged = report_path(warehouse.releases().staging(context.run.run_id) / wh.published.name)
    fault_point("report")
    con = wh.read_workspace()
    try:
        report = write_report(con, staged, warehouse_label=wh.published.name)
    finally:
        con.close()
    # Where readers find it once the release is current (a link into it).
    path = wh.published.parent / staged.parent.name / staged.name
    context.log.info(f"report staged at {staged} in {report.seconds:.2f} s")
    return {
        "path": dg.MetadataValue.path(str(path)),
        "staged_path": dg.MetadataValue.path(str(staged)),
        "preview": dg.MetadataValue.md(report.overview_markdown),
        "missions": len(report.missions),
        "charts": report.charts,
        "data_as_of": str(report.as_of) if report.as_of else "no monthly data",
        "size_bytes": staged.stat().st_size,
        "render_seconds": round(report.seconds, 3),
    }
