"""Publishing: the run's release (warehouse, report, exports, manifest) made
current in one step."""

import shutil

import dagster as dg

from pipelines.defs.operations.assets import SHRINKS_COLUMN
from pipelines.defs.partitions import run_window
from pipelines.defs.resources import WarehouseResource
from pipelines.lib.faults import fault_point
from pipelines.lib.releases import SPACE_MARGIN, ReleaseError, new_manifest
from pipelines.lib.report.output import REPORT_DIR, REPORT_FILE
from pipelines.lib.shrink_guard import ALLOWED, shrinks_text
from pipelines.lib.warehouse import ident, qualified, read_only

PUBLISHED = dg.AssetKey(["published_warehouse"])


def _contents(path) -> tuple[dict[str, int], list[dict]]:
    """Row counts of every table, and this run's inputs, from the staged warehouse."""
    con = read_only(path)
    try:
        names = con.execute(
            "select schema_name, table_name from duckdb_tables() where not internal order by all").fetchall()
        tables = {f"{s}.{t}": con.execute(f"select count(*) from {qualified(s, t)}").fetchone()[0] for s, t in names}
        inputs = [dict(zip(("relpath", "sha256", "size_bytes", "status", "format"), r)) for r in con.execute(
            "select relpath, sha256, size_bytes, status, format from audit.inbox_files order by relpath").fetchall()]
    finally:
        con.close()
    return tables, inputs


def published_warehouse(context: dg.AssetExecutionContext, warehouse: WarehouseResource,
                        shrinks: list[dict]) -> dict:
    """The current release: the warehouse file analysts and BI tools open
    read-only, with the report and exports built from it and a manifest
    (row counts, sha256 of every file, run id, input hashes, code
    version). Runs only when every earlier step and blocking check of the
    run succeeded (the shrink guard last, whose allowed ``shrinks`` it
    records); checkpoints the build workspace,
    copies it into the staged release, and makes the release current by
    swapping one link (``pipelines/lib/releases.py``). Write mode: a new
    release; the oldest beyond UNPOL_KEEP_RELEASES pruned after the swap."""
    wh, releases = warehouse.get(), warehouse.releases()
    staging = releases.staging(context.run.run_id)
    for part in (f"{REPORT_DIR}/{REPORT_FILE}", "exports/manifest.json"):
        if not (staging / part).is_file():
            raise ReleaseError(f"the staged release has no {part}: it was not built in this run; "
                               "a release is published whole or not at all")
    # An allowed shrink is recorded where people look: this run's summary
    # row (so in the release's warehouse), the manifest and `unpol releases`.
    if shrinks:
        with wh.connect() as con:
            con.execute(f"update audit.run_summary set {ident(SHRINKS_COLUMN)} = ? where run_id = ?",
                        [shrinks_text(shrinks), context.run.run_id])
    size = wh.checkpoint()
    releases.check_space(int(size * (1 + SPACE_MARGIN)),
                         f"a copy of the {size / 2**20:,.1f} MiB build workspace, plus {SPACE_MARGIN:.0%}")
    target = staging / wh.published.name
    shutil.copyfile(wh.workspace, target)
    fault_point("publish_copy")
    tables, inputs = _contents(target)
    manifest = new_manifest(
        run_id=context.run.run_id, warehouse_file=wh.published.name, tables=tables, inputs=inputs,
        workspace_bytes=size, window=run_window(context), allow_shrink=warehouse.allow_shrink,
    ) | {ALLOWED: shrinks}
    release = releases.promote(staging, manifest)
    context.log.info(f"published release {release.id}: {wh.published}")
    shown = {k: v for k, v in tables.items() if k.split(".")[0] in ("marts", "audit")}
    return {
        "path": dg.MetadataValue.path(str(wh.published)),
        "release": release.id,
        "release_path": dg.MetadataValue.path(str(release.path)),
        "size_bytes": size,
        "tables": dg.MetadataValue.md("\n".join(f"- {k}: {n} rows" for k, n in shown.items())),
    }
