"""``audit.source_provenance``: the download records ``unpol fetch`` leaves in
``<inbox>/.provenance/`` (``pipelines/lib/sources.py``), read by the intake
step into one row per fetched file."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from pipelines.lib.sources import PROVENANCE_DIR


def read_provenance(inbox: Path) -> list[dict]:
    """The download records in ``<inbox>/.provenance/`` (one per fetched file),
    sorted by inbox path; a record that cannot be read is left out, and an
    inbox that cannot be read has none (the scan refuses that inbox)."""
    root = Path(inbox) / PROVENANCE_DIR
    out = []
    try:
        records = sorted(root.rglob("*.json")) if root.is_dir() else []
    except OSError:
        return out
    for p in records:
        try:
            rec = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(rec, dict) and rec.get("path"):
            out.append(rec)
    return out


# audit.source_provenance: one row per download record in the inbox, written by
# the intake step beside audit.inbox_files (join on relpath and sha256).
PROVENANCE_DESCRIPTION = (
    "Where each fetched inbox file came from (unpol fetch, data/sources.toml): its registry entry "
    "(dataset, publisher, licence, citation, landing page) and its download record (URL, when, sha256, "
    "size, the server's ETag and Last-Modified). One row per record in <inbox>/.provenance/; join "
    "audit.inbox_files on relpath and sha256. Files put in the inbox by hand have no row.")
PROVENANCE_COLUMNS = [
    ("run_id", "The run that read the record."),
    ("relpath", "Path of the file in the inbox, as in audit.inbox_files."),
    ("sha256", "SHA-256 of the bytes downloaded (and placed in the inbox)."),
    ("in_inbox", "Whether the inbox file at relpath has these bytes in this run (false: replaced or removed since the download)."),
    ("size_bytes", "Size of the download in bytes."),
    ("dataset", "Dataset of data/sources.toml the file belongs to."),
    ("title", "What the dataset is."),
    ("domain", "Pipeline domain the dataset feeds."),
    ("publisher", "Who published the data."),
    ("licence", "Terms of reuse, as the publisher states them (or that none are stated)."),
    ("citation", "How to cite the data."),
    ("landing_page", "The publisher's page for the dataset."),
    ("note", "What the registry says about this source (renames, URLs not confirmed, ...)."),
    ("live", "True for a publisher's current, unpinned file; false for a file pinned to a version."),
    ("registry_url", "URL in the registry (for a pinned file it names the commit); repo: for a file of this repository."),
    ("registry_sha256", "SHA-256 the registry pins (null for a live or repository file)."),
    ("url", "URL actually read (differs from registry_url when read from a mirror, UNPOL_FETCH_BASE_URL)."),
    ("retrieved_at", "When the bytes were downloaded (UTC)."),
    ("etag", "The server's ETag header, when it sent one."),
    ("last_modified", "The server's Last-Modified header, when it sent one."),
    ("content_type", "The server's Content-Type header, when it sent one."),
]


def provenance_frame(inbox: Path, run_id: str, files):
    """audit.source_provenance for this run: the inbox's download records,
    each marked whether the inbox file at its path (``files``: the rows of
    audit.inbox_files) still has the downloaded bytes."""
    import polars as pl

    schema = {c: pl.Utf8 for c, _ in PROVENANCE_COLUMNS}
    schema.update(in_inbox=pl.Boolean, size_bytes=pl.Int64, live=pl.Boolean, retrieved_at=pl.Datetime("us", "UTC"))
    current = dict(zip(files["relpath"].to_list(), files["sha256"].to_list()))
    rows = []
    for rec in read_provenance(inbox):
        row = {c: rec.get(c) for c in schema if c not in ("run_id", "relpath", "in_inbox", "retrieved_at")}
        row.update(run_id=run_id, relpath=rec["path"], in_inbox=current.get(rec["path"]) == rec.get("sha256"),
                   retrieved_at=datetime.fromisoformat(rec["retrieved_at"]) if rec.get("retrieved_at") else None,
                   live=bool(rec.get("live")))
        rows.append(row)
    return pl.DataFrame(rows, schema=schema)
