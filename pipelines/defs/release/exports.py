"""Parquet export of the analyst views, staged into the run's release for
Power BI, Tableau and Excel users (docs/bi.md), and the shrink guard that runs
on it, just before the swap."""

import dagster as dg

from pipelines.defs.partitions import run_window
from pipelines.defs.resources import WarehouseResource
from pipelines.lib.exports import MANIFEST, export_parquet
from pipelines.lib.faults import fault_point
from pipelines.lib.releases import Releases
from pipelines.lib.shrink_guard import shrinking_tables
from pipelines.lib.warehouse import read_only

ANALYTICS_PARQUET = dg.AssetKey(["exports", "analytics_parquet"])
RELEASE_KEEPS_ROWS = "release_keeps_rows"


def exports_asset(upstream: list[dg.AssetKey]) -> dg.AssetsDefinition:
    @dg.asset(key=ANALYTICS_PARQUET, deps=upstream, group_name="release", kinds={"parquet", "duckdb"})
    def analytics_parquet(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
        """One Parquet file per ``analytics`` view and ``manifest.json`` (name,
        rows, columns with types and descriptions, build and export times, this
        run's id), written into the release this run stages and published with
        it as ``exports/`` beside the warehouse. Source: the build workspace,
        read-only, after every other asset and check of the run. Write mode: a
        new folder in each release."""
        wh = warehouse.get()
        out = warehouse.releases().staging(context.run.run_id) / "exports"
        fault_point("export")
        con = wh.read_workspace()
        try:
            manifest = export_parquet(con, out, warehouse=str(wh.published), run_id=context.run.run_id)
        finally:
            con.close()
        views = manifest["views"]
        return dg.MaterializeResult(
            metadata={
                "dagster/row_count": sum(v["rows"] for v in views),
                "views": len(views),
                "manifest": dg.MetadataValue.path(str(wh.published.parent / "exports" / MANIFEST)),
                "files": dg.MetadataValue.md("\n".join(f"- {v['file']}: {v['rows']:,} rows" for v in views)),
            }
        )

    return analytics_parquet


@dg.asset_check(asset=ANALYTICS_PARQUET, name=RELEASE_KEEPS_ROWS, blocking=True)
def release_keeps_rows(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """Blocking, the last gate before the swap: no fact table of the current
    release loses more than ``UNPOL_MAX_SHRINK_SHARE`` (10 %) of its rows,
    months this run replaces left out. ``--allow-shrink`` lets it pass."""
    releases: Releases = warehouse.releases()
    current = releases.current()
    source = current.warehouse() if current else warehouse.get().published
    if not source.is_file():
        return dg.AssetCheckResult(passed=True, metadata={"compared_with": "no earlier release"})
    window = run_window(context)
    before = read_only(source)
    build = warehouse.get().read_workspace()
    try:
        shrinks = shrinking_tables(before, build, window, warehouse.max_shrink_share)
    finally:
        before.close()
        build.close()
    text = "; ".join(s.message() for s in shrinks)
    if shrinks and not warehouse.allow_shrink:
        text += (f". Over the {warehouse.max_shrink_share:.0%} allowed (UNPOL_MAX_SHRINK_SHARE): the current "
                 f"release{' ' + current.id if current else ''} stays. If the data really shrank, run again "
                 f"with --allow-shrink")
    return dg.AssetCheckResult(
        passed=not shrinks or warehouse.allow_shrink,
        metadata={
            "compared_with": current.id if current else str(source),
            "refused": dg.MetadataValue.text(text or "none"),
            "allow_shrink": warehouse.allow_shrink,
        },
    )
