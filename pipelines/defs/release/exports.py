"""Parquet export of the analyst views, staged into the run's release for
Power BI, Tableau and Excel users (docs/bi.md), and the shrink guard checked on
it, just before the swap (parts of the release step)."""

from dataclasses import asdict

import dagster as dg

from pipelines.defs.partitions import run_window
from pipelines.defs.resources import WarehouseResource
from pipelines.lib.exports import MANIFEST, export_parquet
from pipelines.lib.faults import fault_point
from pipelines.lib.releases import Releases
from pipelines.lib.shrink_guard import ALLOWED, SHRINKS, Retained, shrinking_tables

ANALYTICS_PARQUET = dg.AssetKey(["exports", "analytics_parquet"])
RELEASE_KEEPS_ROWS = "release_keeps_rows"


def analytics_parquet(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dict:
    """One Parquet file per ``analytics`` view and ``manifest.json`` (name,
    rows, columns with types and descriptions, the export time, this run's
    id), written into the release this run stages and published with it as
    ``exports/`` beside the warehouse. Source: the build workspace,
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
    return {
        "dagster/row_count": sum(v["rows"] for v in views),
        "views": len(views),
        "manifest": dg.MetadataValue.path(str(wh.published.parent / "exports" / MANIFEST)),
        "files": dg.MetadataValue.md("\n".join(f"- {v['file']}: {v['rows']:,} rows" for v in views)),
    }


def release_keeps_rows(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> tuple[bool, dict]:
    """Blocking, the last gate before the swap: no table the inbox feeds (raw,
    staging, marts, audit) falls more than ``UNPOL_MAX_SHRINK_SHARE`` (10 %)
    below the largest row count it had in the retained releases since its
    last allowed shrink, months this run replaces left out
    (``pipelines/lib/shrink_guard.py``). ``--allow-shrink`` lets it pass; the
    shrinks it let through are in the metadata (``allowed_shrinks``), which the
    publish, next in the release step, records in the manifest and ``audit.run_summary``."""
    history = retained(warehouse)
    if not history:
        return True, {"compared_with": "no earlier release", ALLOWED: dg.MetadataValue.json([])}
    window = run_window(context)
    build = warehouse.get().read_workspace()
    try:
        shrinks = shrinking_tables(history, build, window, warehouse.max_shrink_share)
    finally:
        build.close()
    text = "; ".join(s.message() for s in shrinks)
    if shrinks and not warehouse.allow_shrink:
        text += (f". Over the {warehouse.max_shrink_share:.0%} allowed (UNPOL_MAX_SHRINK_SHARE): the current "
                 f"release {history[0].id} stays. If the data really shrank, run again with --allow-shrink")
    allowed = [asdict(s) for s in shrinks] if warehouse.allow_shrink else []
    return not shrinks or warehouse.allow_shrink, {
        "compared_with": f"{len(history)} retained releases, {history[-1].id} .. {history[0].id}",
        "let_through" if warehouse.allow_shrink else "refused": dg.MetadataValue.text(text or "none"),
        "allow_shrink": warehouse.allow_shrink,
        SHRINKS: dg.MetadataValue.json([asdict(s) for s in shrinks]),
        ALLOWED: dg.MetadataValue.json(allowed),
    }


def retained(warehouse: WarehouseResource) -> list[Retained]:
    """The releases the guard measures against, newest first: the current one
    and those before it (an operator who pointed ``current`` back at an older
    release set the newer ones aside); a warehouse published before releases
    existed counts as one."""
    releases: Releases = warehouse.releases()
    current = releases.current()
    history = [Retained(r.id, r.warehouse(), allowed_in(r.manifest))
               for r in reversed(releases.all()) if current is not None and r.id <= current.id]
    published = warehouse.get().published
    if not history and published.is_file() and not published.is_symlink():
        history = [Retained(str(published), published)]
    return history


def allowed_in(manifest: dict) -> frozenset[str]:
    """Tables whose shrink a release's manifest records as allowed; a release
    published with --allow-shrink before manifests listed them allowed every table."""
    if ALLOWED in manifest:
        return frozenset(s["table"] for s in manifest[ALLOWED])
    return frozenset(manifest["tables"]) if manifest.get("allow_shrink") else frozenset()
