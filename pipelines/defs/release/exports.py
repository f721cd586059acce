"""Parquet export of the analyst views after each publish, for Power BI,
Tableau and Excel users (docs/bi.md)."""

import dagster as dg

from pipelines.defs.release.publish import PUBLISHED
from pipelines.defs.resources import WarehouseResource
from pipelines.lib.exports import MANIFEST, export_parquet

ANALYTICS_PARQUET = dg.AssetKey(["exports", "analytics_parquet"])


@dg.asset(key=ANALYTICS_PARQUET, deps=[PUBLISHED], group_name="release", kinds={"parquet", "duckdb"})
def analytics_parquet(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """One Parquet file per ``analytics`` view and ``manifest.json`` (name,
    rows, columns with types and descriptions, publish and export times, this
    run's id), in ``exports/`` beside the published warehouse. Source: the
    published file, read-only, so it runs only after a successful publish.
    Write mode: each file replaced by rename, the manifest last."""
    published = warehouse.get().published
    out = published.parent / "exports"
    manifest = export_parquet(published, out, context.run.run_id)
    views = manifest["views"]
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": sum(v["rows"] for v in views),
            "views": len(views),
            "manifest": dg.MetadataValue.path(str(out / MANIFEST)),
            "files": dg.MetadataValue.md("\n".join(f"- {v['file']}: {v['rows']:,} rows" for v in views)),
        }
    )
