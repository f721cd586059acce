"""The inbox: which files a run takes, in which format, and which it refuses."""


import dataclasses
from datetime import UTC, datetime

import dagster as dg
import polars as pl

from pipelines.defs.factories.raw import INBOX_FILES
from pipelines.defs.resources import InboxResource, WarehouseResource
from pipelines.lib.descriptions import apply_comments
from pipelines.lib.files import sha256_of
from pipelines.lib.formats import detect
from pipelines.lib.inbox import INBOX_ITSELF, has_data_rows, list_inbox
from pipelines.lib.ingest.audit import REJECTS_SCHEMA
from pipelines.lib.markdown import frame_markdown
from pipelines.lib.provenance import PROVENANCE_COLUMNS, PROVENANCE_DESCRIPTION, provenance_frame
from pipelines.lib.warehouse import append_rows, transaction, write_frame

INBOX_SCHEMA = {
    "run_id": pl.Utf8,
    "inbox_root": pl.Utf8,
    "relpath": pl.Utf8,
    "sha256": pl.Utf8,
    "size_bytes": pl.Int64,
    "status": pl.Utf8,  # accepted | duplicate | ignored | refused
    "domain": pl.Utf8,
    "format": pl.Utf8,
    "encoding": pl.Utf8,
    "delimiter": pl.Utf8,
    "sheet": pl.Utf8,
    "extra_columns": pl.Utf8,
    "duplicate_of": pl.Utf8,  # a duplicate's original: the first accepted file (by relpath) with its bytes
    "message": pl.Utf8,
    # why a refused file was refused: inbox_readable, inbox_not_empty, path_inside_inbox, name_is_utf8,
    # file_readable, file_not_empty,
    # encoding_is_supported, header_line_found, csv_parses, excel_readable, excel_sheet_found,
    # format_recognised, file_has_rows
    "rule": pl.Utf8,
    "scanned_at": pl.Datetime("us", "UTC"),
}


INBOX_FILES_DESCRIPTION = (
    "Every inbox entry of the last run: path, sha256, size, status (accepted; duplicate, a copy of an accepted "
    "file, named in duplicate_of, not loaded again; ignored; refused), the format recognised from its header, "
    "and for a refused entry the rule it broke and why.")


def scan(root, run_id: str, allow_empty: bool = False) -> pl.DataFrame:
    """One row per inbox entry, none left out. Refused: a missing or
    unreadable inbox or folder, a file that cannot be read, a name that is not
    UTF-8, a path out of the inbox or a link loop, an unrecognised file, a
    recognised file with no data rows, and (unless ``allow_empty``) an inbox
    holding no data file at all: each would otherwise publish a warehouse
    emptied without anyone deciding so. A recognised file with the same bytes
    as one before it (by path) is a ``duplicate`` of it, not loaded again."""
    rows = []
    when = datetime.now(UTC)
    listed = list_inbox(root)
    first_with: dict[str, str] = {}  # sha256 -> the accepted file that has it
    for item in listed:
        base = {"run_id": run_id, "inbox_root": str(root), "relpath": item.relpath, "scanned_at": when}
        if item.status != "candidate":
            rows.append({**base, "status": item.status, "message": item.reason,
                         "rule": (item.rule or "path_inside_inbox") if item.status == "refused" else None,
                         "size_bytes": item.path.stat().st_size if item.path else None})
            continue
        try:
            sha, size = sha256_of(item.path), item.path.stat().st_size
            d = detect(item.path)
            if d.format and not has_data_rows(item.path, d.encoding, d.delimiter, d.sheet):
                d = dataclasses.replace(d, format=None, rule="file_has_rows", error=(
                    f"{item.relpath}: a header ({d.format.name}) and no data rows; a file with nothing to load "
                    "is refused so it cannot empty a table"))
        except OSError as exc:
            rows.append({**base, "status": "refused", "rule": "file_readable",
                         "message": f"{item.relpath}: the file cannot be read ({exc.strerror or exc})"})
            continue
        if d.format and sha in first_with:
            rows.append({**base, "sha256": sha, "size_bytes": size, "status": "duplicate",
                         "duplicate_of": first_with[sha],
                         "message": f"{item.relpath}: a copy of {first_with[sha]} (the same bytes), not loaded again"})
            continue
        if d.format:
            first_with[sha] = item.relpath
        rows.append(
            {
                **base,
                "sha256": sha,
                "size_bytes": size,
                "status": "accepted" if d.format else "refused",
                "domain": d.format.domain if d.format else None,
                "format": d.format.name if d.format else None,
                "encoding": d.encoding or None,
                "delimiter": d.delimiter or None,
                "sheet": d.sheet,
                "extra_columns": ", ".join(d.extra_columns) or None,
                "rule": (d.rule or "format_recognised") if not d.format else None,
                "message": d.error
                or (f"extra columns ignored: {', '.join(d.extra_columns)}" if d.extra_columns else None),
            }
        )
    if not allow_empty and not any(item.status == "candidate" for item in listed) and not any(
            r["rule"] == "inbox_readable" for r in rows):
        rows.append({"run_id": run_id, "inbox_root": str(root), "relpath": INBOX_ITSELF, "scanned_at": when,
                     "status": "refused", "rule": "inbox_not_empty",
                     "message": f"inbox {root} holds no data file: publishing would empty the warehouse. "
                                "Check the folder (a share that did not mount, a wrong UNPOL_INBOX); "
                                "to publish an empty warehouse on purpose, run with --allow-shrink"})
    return pl.DataFrame(rows, schema=INBOX_SCHEMA)


ALL_RECOGNISED = dg.AssetCheckSpec(
    name="inbox_files_all_recognised",
    asset=INBOX_FILES,
    blocking=True,
    description="Blocking: a refused inbox entry (a file that cannot be read or matches no known format, a name "
    "that is not UTF-8, a link out of the inbox or in a cycle) stops the run from publishing, so nobody mistakes "
    "a partial load for a full one.",
)


@dg.asset(key=INBOX_FILES, group_name="intake", kinds={"python", "duckdb"}, check_specs=[ALL_RECOGNISED])
def inbox_files(context: dg.AssetExecutionContext, inbox: InboxResource, warehouse: WarehouseResource):
    """Every file in the inbox with its content hash and the format recognised
    from its header (never from its name). Source: the inbox folder. Grain: one
    row per file. Write mode: full replace; refused files also go to
    ``audit.rejects`` with the formats they were compared to."""
    files = scan(inbox.root(), context.run.run_id, allow_empty=warehouse.allow_shrink)
    refused = files.filter(pl.col("status") == "refused")
    rejects = refused.select(
        pl.lit(context.run.run_id).alias("run_id"),
        pl.lit("inbox").alias("domain"),
        pl.col("relpath").alias("source_file"),
        pl.lit(None, dtype=pl.Int64).alias("source_row"),
        pl.lit(None, dtype=pl.Utf8).alias("column_name"),
        pl.col("rule"),
        pl.lit(None, dtype=pl.Utf8).alias("value"),
        pl.col("message"),
    ).cast(REJECTS_SCHEMA)
    with warehouse.get().connect() as con:
        with transaction(con):
            write_frame(con, "audit", "inbox_files", files)
            apply_comments(con, "audit", "inbox_files", "table", INBOX_FILES_DESCRIPTION)
            # Where each fetched file came from (unpol fetch's records in <inbox>/.provenance/).
            write_frame(con, "audit", "source_provenance", provenance_frame(inbox.root(), context.run.run_id, files))
            apply_comments(con, "audit", "source_provenance", "table", PROVENANCE_DESCRIPTION, PROVENANCE_COLUMNS)
        append_rows(con, "audit", "rejects", rejects, "run_id = ? and domain = ?", [context.run.run_id, "inbox"])
    for msg in refused["message"].to_list():
        context.log.warning(msg)
    for msg in files.filter(pl.col("status") == "duplicate")["message"].to_list():
        context.log.info(msg)
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": files.height,
            "accepted": files.filter(pl.col("status") == "accepted").height,
            "refused": refused.height,
            "duplicate": files.filter(pl.col("status") == "duplicate").height,
            "files": dg.MetadataValue.md(frame_markdown(files.select("relpath", "status", "format", "message"))),
        },
        check_results=[dg.AssetCheckResult(
            check_name=ALL_RECOGNISED.name,
            passed=refused.is_empty(),
            metadata={"refused": dg.MetadataValue.text(
                "\n".join(m or r for r, m in refused.select("relpath", "message").iter_rows()) or "none")},
        )],
    )
