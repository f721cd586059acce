"""Rejected rows as ``audit.rejects`` rows: a refused file, ragged lines, and
the rule failures of records (file, row, column as published, rule, value,
message)."""

from __future__ import annotations

import polars as pl

from pipelines.lib.ingest.audit import REJECTS_SCHEMA
from pipelines.lib.ingest.spec import DomainSpec
from pipelines.lib.readers import RaggedRecord

# A rejected value is kept for the reader to see, not as a copy of the input: a
# 10 MB cell would otherwise be stored twice (value and message).
MAX_VALUE_CHARS = 1000


def reject_frame(run_id, domain, file, row, column, rule, value, message) -> pl.DataFrame:
    return pl.DataFrame(
        {"run_id": [run_id], "domain": [domain], "source_file": [file], "source_row": [row],
         "column_name": [column], "rule": [rule], "value": [value], "message": [message]},
        schema=REJECTS_SCHEMA,
    )


def ragged_rejects(run_id: str, domain: str, relpath: str, ragged: list[RaggedRecord], width: int) -> pl.DataFrame:
    """Lines with more fields than the header (width): one reject each."""
    return pl.DataFrame({
        "run_id": run_id, "domain": domain, "source_file": relpath,
        "source_row": [r.row for r in ragged], "column_name": None,
        "rule": "field_count_matches_header", "value": [r.text for r in ragged],
        "message": [f"{relpath} row {r.row}: {r.n_fields} fields where the header has {width}"
                    for r in ragged],
    }, schema=REJECTS_SCHEMA)


def failure_rejects(spec: DomainSpec, run_id: str, failures: pl.DataFrame, records: pl.DataFrame) -> pl.DataFrame:
    """``failures`` (_rid, column, rule, value) joined to their ``records`` for
    the file and row, with the column named as in the published file."""
    extra = [c for c in ("personnel_type_label",) if c in records.columns]
    failed = failures.join(
        records.select("_rid", "source_file", "source_row", "source_format", *extra), on="_rid", how="left")
    if spec.source_columns is not None:
        failed = failed.with_columns(spec.source_columns("column", "source_format", failed).alias("column"))
    return failed.select(
        pl.lit(run_id).alias("run_id"),
        pl.lit(spec.domain).alias("domain"),
        "source_file",
        "source_row",
        pl.col("column").alias("column_name"),
        "rule",
        clip(pl.col("value")).alias("value"),
        pl.format("{} row {}: column {} breaks rule {} (value: {})", "source_file", "source_row",
                  "column", "rule", clip(pl.col("value").fill_null("<blank>"))).alias("message"),
    ).cast(REJECTS_SCHEMA)


def clip(expr: pl.Expr) -> pl.Expr:
    return pl.when(expr.str.len_chars() > MAX_VALUE_CHARS).then(
        pl.concat_str([expr.str.slice(0, MAX_VALUE_CHARS), pl.lit(" ... (cut)")])
    ).otherwise(expr)
