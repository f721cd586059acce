"""The audit tables the ingest writes (rejects, ledger, months per file): their
columns, their creation, and appends to them."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl

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


def ensure_audit_tables(con) -> None:
    for name, schema in (("audit.rejects", REJECTS_SCHEMA), ("audit.ingest_ledger", LEDGER_SCHEMA),
                         ("audit.file_months", FILE_MONTHS_SCHEMA)):
        con.register("_empty", pl.DataFrame(schema=schema))
        con.execute(f"create table if not exists {name} as select * from _empty")
        con.unregister("_empty")


def insert(con, table: str, frame: pl.DataFrame) -> None:
    if frame.height:
        con.register("_rows", frame)
        con.execute(f"insert into {table} by name select * from _rows")
        con.unregister("_rows")


def now_utc() -> datetime:
    return datetime.now(UTC)
