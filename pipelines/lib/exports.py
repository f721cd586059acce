"""Parquet export of every analytics view, for Power BI, Tableau and Excel.

One ``<view>.parquet`` per view and a ``manifest.json`` (name, file, rows,
columns with types and descriptions, the warehouse's publish time, the export
time and the Dagster run that built the data), written beside the published
warehouse (``var/warehouse/exports/``) by the asset ``exports/analytics_parquet``
after each publish, or anywhere with ``unpol export --parquet DIR``.

Each file is written under a temporary name and renamed into place, the
manifest last, so a reader never opens half a file; files of views that no
longer exist are removed.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

from pipelines.lib import descriptions
from pipelines.lib.warehouse import ident, read_only, table_exists

SCHEMA = "analytics"
MANIFEST = "manifest.json"


def source_run_id(con) -> str | None:
    """The run that built the warehouse: ``audit.inbox_files`` is fully
    replaced by every run, so its run id is the latest run's."""
    if not table_exists(con, "audit", "inbox_files"):
        return None
    row = con.execute("select any_value(run_id) from audit.inbox_files").fetchone()
    return row[0] if row else None


def export_parquet(published: str | os.PathLike, out_dir: str | os.PathLike, run_id: str | None = None) -> dict:
    published, out = Path(published), Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    con = read_only(published)
    try:
        views = [(n, d) for _, n, _, d in descriptions.objects(con, [SCHEMA])]
        entries = []
        for name, desc in views:
            rel = con.sql(f"select * from {SCHEMA}.{ident(name)}")  # names from the catalog
            tmp = out / f".{name}.parquet.{os.getpid()}.tmp"
            rel.write_parquet(str(tmp), compression="snappy")  # the Parquet default: every reader has it (docs/bi.md)
            os.replace(tmp, out / f"{name}.parquet")
            rows = con.execute(f"select count(*) from {SCHEMA}.{ident(name)}").fetchone()[0]
            entries.append({
                "name": f"{SCHEMA}.{name}",
                "file": f"{name}.parquet",
                "description": desc,
                "rows": rows,
                "columns": [
                    {"name": c, "type": t, "description": text}
                    for c, t, _, text in descriptions.columns(con, SCHEMA, name)
                ],
            })
        manifest = {
            "warehouse": str(published.resolve()),
            "warehouse_published_at": datetime.fromtimestamp(published.stat().st_mtime, UTC).isoformat(timespec="seconds"),
            "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "source_run_id": run_id or source_run_id(con),
            "views": entries,
        }
    finally:
        con.close()
    keep = {e["file"] for e in entries}
    for old in out.glob("*.parquet"):
        if old.name not in keep:
            old.unlink()
    tmp = out / f".{MANIFEST}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, out / MANIFEST)
    return manifest
