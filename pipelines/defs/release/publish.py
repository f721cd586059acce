"""Publishing: the atomic swap of the built warehouse onto the published file."""


import dagster as dg

from pipelines.defs.resources import WarehouseResource
from pipelines.lib.warehouse import read_only

PUBLISHED = dg.AssetKey(["published_warehouse"])


def publish_asset(upstream: list[dg.AssetKey]) -> dg.AssetsDefinition:
    @dg.asset(key=PUBLISHED, deps=upstream, group_name="release", kinds={"duckdb"})
    def published_warehouse(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
        """The published DuckDB file analysts and BI tools open read-only. Runs
        only when every upstream asset and blocking check of the run succeeded;
        checkpoints the build workspace, copies it beside the published file and
        renames it into place (atomic). Write mode: whole-file swap."""
        path = warehouse.get().publish()
        con = read_only(path)
        try:
            tables = con.execute(
                "select schema_name, table_name, estimated_size from duckdb_tables() "
                "where schema_name in ('marts', 'audit') order by all"
            ).fetchall()
        finally:
            con.close()
        context.log.info(f"published {path}")
        return dg.MaterializeResult(
            metadata={
                "path": dg.MetadataValue.path(str(path)),
                "size_bytes": path.stat().st_size,
                "tables": dg.MetadataValue.md("\n".join(f"- {s}.{t}: {n} rows" for s, t, n in tables)),
            }
        )

    return published_warehouse
