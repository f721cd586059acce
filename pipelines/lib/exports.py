"""Parquet export of every analytics view, for Power BI, Tableau and Excel.

One ``<view>.parquet`` per view and a ``manifest.json`` (name, file, rows,
columns with types and descriptions, when the data was built, the export time
and the Dagster run that built the data). Every run writes them into the
release it stages (``releases/<id>/exports/``, reached as ``exports/`` beside
the warehouse); ``unpol export --parquet DIR`` writes them anywhere from the
current release.

The rows are written by pyarrow from the query's Arrow batches, not by
DuckDB's ``COPY``: the analyst connection has file access switched off
(``pipelines/lib/sandbox.py``), and the export works the same on it. Each file
is written under a temporary name and renamed into place, the manifest last, so
a reader never opens half a file; files of views that no longer exist are
removed.

``unpol query --parquet/--csv`` writes a query's whole result with
:func:`write_parquet` and :func:`write_csv`. CSV is written so that a
spreadsheet opens it as data, never as formulas (OWASP "CSV injection"): a
text cell starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return gets
a leading single quote; numbers, dates and booleans are left as they are
(``-3`` is a number, not a formula).
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import pyarrow.parquet as pq

from pipelines.lib import descriptions
from pipelines.lib.faults import fault_point
from pipelines.lib.files import write_atomic
from pipelines.lib.warehouse import qualified, table_exists

SCHEMA = "analytics"
MANIFEST = "manifest.json"
BATCH_ROWS = 100_000
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def source_run_id(con) -> str | None:
    """The run that built the warehouse: ``audit.inbox_files`` is fully
    replaced by every run, so its run id is the latest run's."""
    if not table_exists(con, "audit", "inbox_files"):
        return None
    row = con.execute("select any_value(run_id) from audit.inbox_files").fetchone()
    return row[0] if row else None


def write_parquet(rel, path: Path) -> int:
    """A relation's rows to one Parquet file, batch by batch; the row count. Snappy: the
    Parquet default, which every reader has (docs/bi.md)."""
    reader = rel.to_arrow_reader(BATCH_ROWS)
    n = 0
    with pq.ParquetWriter(str(path), reader.schema, compression="snappy") as writer:
        for batch in reader:
            writer.write_batch(batch)
            n += batch.num_rows
    return n


def neutralise(value):
    """``value`` with a leading ``'`` when it is text a spreadsheet would execute."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def write_csv(path: str | os.PathLike, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Write a header and ``rows`` (UTF-8, RFC 4180 quoting); header cells are
    neutralised too. Returns the number of data rows written."""
    n = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([neutralise(c) for c in columns])
        for row in rows:
            writer.writerow(["" if v is None else neutralise(v) for v in row])
            n += 1
    return n


def export_parquet(con, out_dir: str | os.PathLike, *, warehouse: str, run_id: str | None = None,
                   published_at: str | None = None) -> dict:
    """Write every analytics view reachable through ``con`` into ``out_dir``.
    ``warehouse`` names the file the rows came from (as readers know it);
    ``published_at``, when its release was published (none for the export a
    release is being built with: its ``release.json`` records the time)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    views = [(n, d) for _, n, _, d in descriptions.objects(con, [SCHEMA])]
    described = descriptions.columns_of(con, [(SCHEMA, name) for name, _ in views])
    entries = []
    for name, desc in views:
        tmp = out / f".{name}.parquet.{os.getpid()}.tmp"
        rows = write_parquet(con.sql(f"select * from {qualified(SCHEMA, name)}"), tmp)
        os.replace(tmp, out / f"{name}.parquet")
        fault_point("export:file")
        entries.append({
            "name": f"{SCHEMA}.{name}",
            "file": f"{name}.parquet",
            "description": desc,
            "rows": rows,
            "columns": [
                {"name": c, "type": t, "description": text}
                for c, t, _, text in described.get((SCHEMA, name), [])
            ],
        })
    now = datetime.now(UTC)
    manifest = {
        "warehouse": warehouse,
        "warehouse_published_at": published_at,
        "exported_at": now.isoformat(timespec="seconds"),
        "source_run_id": run_id or source_run_id(con),
        "views": entries,
    }
    keep = {e["file"] for e in entries}
    for old in out.glob("*.parquet"):
        if old.name not in keep:
            old.unlink()
    write_atomic(out / MANIFEST, json.dumps(manifest, indent=2) + "\n")
    return manifest
