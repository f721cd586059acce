"""The audit tables the ingest writes (rejects, ledger, months per file): their
columns, their creation, and appends to them."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl

from pipelines.lib.descriptions import sql_literal

REJECTS_SCHEMA = {
    "run_id": pl.Utf8,
    "domain": pl.Utf8,
    "source_file": pl.Utf8,
    "source_row": pl.Int64,
    "column_name": pl.Utf8,
    "rule": pl.Utf8,
    "value": pl.Utf8,
    "message": pl.Utf8,
}

LEDGER_SCHEMA = {
    "run_id": pl.Utf8,
    "domain": pl.Utf8,
    "source_file": pl.Utf8,
    "source_format": pl.Utf8,
    "file_sha256": pl.Utf8,
    "rows_read": pl.Int64,
    "rows_loaded": pl.Int64,
    "rows_rejected": pl.Int64,
    "rows_duplicate": pl.Int64,
    "rows_total": pl.Int64,
    "records_loaded": pl.Int64,
    "records_rejected": pl.Int64,
    "records_duplicate": pl.Int64,
    "records_superseded": pl.Int64,
    "blank_lines": pl.Int64,
    "file_refused": pl.Boolean,
    "notes": pl.Utf8,
}

FILE_MONTHS_SCHEMA = {"sha256": pl.Utf8, "domain": pl.Utf8, "month": pl.Date}


# What `unpol tables` and BI catalogs show for each table (COMMENT ON).
DESCRIPTIONS = {
    "audit.rejects": "One broken rule per row: run, domain, file, row, column, rule (named as a sentence), "
                     "the published value and a message. A rejected row is kept here, never dropped.",
    "audit.ingest_ledger": "One row per input file and run: rows read = loaded + rejected + duplicate + "
                           "published totals, the records behind them, and whether the file was refused.",
    "audit.file_months": "The staffing months each file content (by sha256) holds, so a run for some "
                         "months reads only the files that hold them.",
}


def ensure_audit_tables(con) -> None:
    for name, schema in (("audit.rejects", REJECTS_SCHEMA), ("audit.ingest_ledger", LEDGER_SCHEMA),
                         ("audit.file_months", FILE_MONTHS_SCHEMA)):
        con.register("_empty", pl.DataFrame(schema=schema))
        con.execute(f"create table if not exists {name} as select * from _empty")
        con.unregister("_empty")
        con.execute(f"comment on table {name} is {sql_literal(DESCRIPTIONS[name])}")


def insert(con, table: str, frame: pl.DataFrame) -> None:
    if frame.height:
        con.register("_rows", frame)
        con.execute(f"insert into {table} by name select * from _rows")
        con.unregister("_rows")


def now_utc() -> datetime:
    return datetime.now(UTC)
