"""Shared ingest path: files of one domain -> validated records, rejects, ledger.

Every domain's raw asset calls :func:`ingest`. The domain supplies a parser per
format (file -> canonical text records), a normaliser (text -> typed columns and
reference-data flags), a pandera model and the key that makes a record unique.

Row accounting, per file and run (the ingest ledger):
    rows_read = rows_loaded + rows_rejected + rows_duplicate + rows_total
where a *row* is a data record of the file (blank lines are not rows), a row is
*rejected* when any record made from it breaks a rule (its valid records still
load), *duplicate* when every record made from it repeats or is superseded by a
record already kept, and *total* when it is a published total row kept for
reconciliation only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandera.polars as pa
import polars as pl

from pipelines.lib.formats import FORMATS_BY_NAME, Format
from pipelines.lib.readers import ROW, InputFileError, TextTable, read_excel_table, read_text_table
from pipelines.lib.validation import validate_frame

# Record status after de-duplication.
KEEP, DUPLICATE, SUPERSEDED = "keep", "duplicate", "superseded"

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


@dataclass
class InboxFile:
    relpath: str  # path relative to the inbox, as shown in every message
    path: Path
    format: Format
    sha256: str
    sheet: str | None = None


@dataclass
class DomainSpec:
    domain: str
    parsers: dict[str, Callable[[TextTable, InboxFile], pl.DataFrame]]
    normalize: Callable[[pl.DataFrame], pl.DataFrame]
    model: type[pa.DataFrameModel]
    rule_columns: dict[str, str]
    key: tuple[str, ...]
    values: tuple[str, ...]
    output_columns: tuple[str, ...]
    # Which published column a canonical column came from, per format, so a
    # reject names the column the user sees in the file.
    source_columns: Callable[[str, str, pl.DataFrame], pl.Expr] | None = None
    # Higher wins when two files carry the same key with different values.
    precedence: Callable[[pl.DataFrame], pl.Expr] | None = None


@dataclass
class IngestResult:
    records: pl.DataFrame
    rejects: pl.DataFrame
    ledger: pl.DataFrame
    file_errors: list[str] = field(default_factory=list)


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_file(f: InboxFile) -> TextTable:
    if f.path.suffix.lower() in {".xlsx", ".xlsm", ".xls"}:
        return read_excel_table(f.path, f.sheet or f.format.sheet)
    return read_text_table(f.path)


def ingest(spec: DomainSpec, files: list[InboxFile], run_id: str) -> IngestResult:
    parts: list[pl.DataFrame] = []
    rejects: list[pl.DataFrame] = []
    per_file: dict[str, dict] = {}
    file_errors: list[str] = []
    for f in files:
        info = {"format": f.format.name, "sha": f.sha256, "blank": 0, "ragged": 0, "rows": 0, "notes": [],
                "refused": False}
        per_file[f.relpath] = info
        try:
            table = read_file(f)
        except InputFileError as exc:
            file_errors.append(f"{f.relpath}: {exc.reason}")
            rejects.append(_reject_frame(run_id, spec.domain, f.relpath, None, None, exc.rule, None, exc.reason))
            info["notes"].append(f"file refused: {exc.reason}")
            info["refused"] = True
            continue
        info["blank"] = table.blank_rows
        info["notes"].extend(table.notes)
        info["ragged"] = len(table.ragged)
        if table.ragged:
            width = len(table.header)
            rejects.append(
                pl.DataFrame(
                    {
                        "run_id": run_id,
                        "domain": spec.domain,
                        "source_file": f.relpath,
                        "source_row": [r.row for r in table.ragged],
                        "column_name": None,
                        "rule": "field_count_matches_header",
                        "value": [r.text for r in table.ragged],
                        "message": [f"{r.n_fields} fields where the header has {width}" for r in table.ragged],
                    },
                    schema=REJECTS_SCHEMA,
                )
            )
        info["rows"] = table.frame.height + len(table.ragged)
        parsed = spec.parsers[f.format.name](table, f)
        parts.append(
            parsed.with_columns(
                pl.lit(f.relpath).alias("source_file"),
                pl.lit(f.format.name).alias("source_format"),
            ).select(pl.exclude(ROW), pl.col(ROW).cast(pl.Int64).alias("source_row"))
        )
    if not parts:
        empty = spec.normalize(pl.DataFrame())
        return IngestResult(empty.select(spec.output_columns), _concat_rejects(rejects),
                            _ledger(run_id, spec.domain, per_file, None), file_errors)

    records = pl.concat(parts, how="diagonal_relaxed")
    records = spec.normalize(records).with_row_index("_rid").with_columns(pl.col("_rid").cast(pl.Int64))
    records = _mark_duplicates(records, spec)
    candidates = records.filter(pl.col("_status") == KEEP)
    validated = validate_frame(candidates.drop("_status", "_file_rank"), spec.model, spec.rule_columns)
    if validated.failures.height:
        failed = validated.failures.join(
            records.select("_rid", "source_file", "source_row", "source_format", *([c for c in ("personnel_type_raw",) if c in records.columns])),
            on="_rid",
            how="left",
        )
        if spec.source_columns is not None:
            failed = failed.with_columns(spec.source_columns("column", "source_format", failed).alias("column"))
        rejects.append(
            failed.select(
                pl.lit(run_id).alias("run_id"),
                pl.lit(spec.domain).alias("domain"),
                "source_file",
                "source_row",
                pl.col("column").alias("column_name"),
                "rule",
                "value",
                pl.format("{} row {}: column {} breaks rule {} (value: {})", "source_file", "source_row",
                          "column", "rule", pl.col("value").fill_null("<blank>")).alias("message"),
            ).cast(REJECTS_SCHEMA)
        )
    valid = validated.valid
    # Among valid records, one per key: the highest-precedence file's.
    valid, superseded = _apply_precedence(valid, records, spec)
    status = (
        records.select("_rid", "source_file", "source_row", "_status")
        .with_columns(
            pl.when(pl.col("_rid").is_in(validated.failures["_rid"].implode())).then(pl.lit("rejected"))
            .when(pl.col("_rid").is_in(superseded.implode())).then(pl.lit(SUPERSEDED))
            .otherwise(pl.col("_status")).alias("_status")
        )
    )
    row_kind = records.select("_rid", pl.col("row_kind") if "row_kind" in records.columns else pl.lit("detail").alias("row_kind"))
    status = status.join(row_kind, on="_rid")
    ledger = _ledger(run_id, spec.domain, per_file, status)
    return IngestResult(valid.select(spec.output_columns), _concat_rejects(rejects), ledger, file_errors)


def _mark_duplicates(records: pl.DataFrame, spec: DomainSpec) -> pl.DataFrame:
    """Exact repeats of (key, values) are duplicates wherever they occur; the
    same key with other values in the same file is a conflict (rejected by the
    model's key rule); across files it is resolved later by precedence."""
    key, values = list(spec.key), list(spec.values)
    rank = spec.precedence(records) if spec.precedence else pl.lit(0)
    records = records.with_columns(rank.alias("_file_rank"))
    complete = pl.all_horizontal(pl.col(key).is_not_null())
    ordered = records.sort(["_file_rank", "source_file", "source_row"], descending=[True, False, False])
    first = ordered.select("_rid", pl.struct(key + values).is_first_distinct().alias("_first"))
    records = records.join(first, on="_rid")
    records = records.with_columns(
        pl.when(complete & ~pl.col("_first")).then(pl.lit(DUPLICATE)).otherwise(pl.lit(KEEP)).alias("_status")
    ).drop("_first")
    kept = pl.col("_status") == KEEP
    n_variants = pl.len().over(["source_file", *key])
    conflict = (
        records.filter(kept & complete)
        .select("_rid", (n_variants > 1).alias("key_conflict"))
    )
    records = records.drop("key_conflict", strict=False).join(conflict, on="_rid", how="left").with_columns(
        pl.col("key_conflict").fill_null(False)
    )
    return records


def _apply_precedence(valid: pl.DataFrame, records: pl.DataFrame, spec: DomainSpec) -> tuple[pl.DataFrame, pl.Series]:
    key = list(spec.key)
    if valid.height == 0:
        return valid, pl.Series("_rid", [], dtype=pl.Int64)
    ranked = valid.join(records.select("_rid", "_file_rank"), on="_rid").sort(
        ["_file_rank", "source_file", "source_row"], descending=[True, False, False]
    )
    winner = ranked.select("_rid", pl.struct(key).is_first_distinct().alias("_win"))
    losers = winner.filter(~pl.col("_win"))["_rid"]
    return valid.filter(~pl.col("_rid").is_in(losers.implode())), losers


def _reject_frame(run_id, domain, file, row, column, rule, value, message) -> pl.DataFrame:
    return pl.DataFrame(
        {"run_id": [run_id], "domain": [domain], "source_file": [file], "source_row": [row],
         "column_name": [column], "rule": [rule], "value": [value], "message": [message]},
        schema=REJECTS_SCHEMA,
    )


def _concat_rejects(parts: list[pl.DataFrame]) -> pl.DataFrame:
    return pl.concat(parts) if parts else pl.DataFrame(schema=REJECTS_SCHEMA)


def _ledger(run_id: str, domain: str, per_file: dict[str, dict], status: pl.DataFrame | None) -> pl.DataFrame:
    rows = []
    by_file: dict[str, dict] = {}
    if status is not None and status.height:
        # A row's state is the strongest of its records': rejected, then
        # total (reconciliation only), then loaded, then duplicate.
        per_row = status.group_by("source_file", "source_row").agg(
            (pl.col("_status") == "rejected").any().alias("rej"),
            (pl.col("row_kind") == "total").all().alias("tot"),
            (pl.col("_status") == KEEP).any().alias("keep"),
        )
        per_row = per_row.with_columns(
            pl.when("rej").then(pl.lit("rejected")).when("tot").then(pl.lit("total"))
            .when("keep").then(pl.lit("loaded")).otherwise(pl.lit("duplicate")).alias("state")
        )
        counts = per_row.group_by("source_file", "state").len()
        for file, state, n in counts.iter_rows():
            by_file.setdefault(file, {})[state] = n
        rec = status.group_by("source_file", "_status").len()
        for file, st, n in rec.iter_rows():
            by_file.setdefault(file, {})[f"rec_{st}"] = n
    for file, info in per_file.items():
        c = by_file.get(file, {})
        parsed_rows = sum(c.get(s, 0) for s in ("rejected", "total", "loaded", "duplicate"))
        # Rows the parser kept no record for carry no personnel (every count NA/0):
        # counted as loaded with no fact records (see module docstring).
        empty_rows = info["rows"] - info["ragged"] - parsed_rows
        rows.append(
            {
                "run_id": run_id,
                "domain": domain,
                "source_file": file,
                "source_format": info["format"],
                "file_sha256": info["sha"],
                "rows_read": info["rows"],
                "rows_loaded": c.get("loaded", 0) + max(empty_rows, 0),
                "rows_rejected": c.get("rejected", 0) + info["ragged"],
                "rows_duplicate": c.get("duplicate", 0),
                "rows_total": c.get("total", 0),
                "records_loaded": c.get(f"rec_{KEEP}", 0),
                "records_rejected": c.get("rec_rejected", 0),
                "records_duplicate": c.get(f"rec_{DUPLICATE}", 0),
                "records_superseded": c.get(f"rec_{SUPERSEDED}", 0),
                "blank_lines": info["blank"],
                "file_refused": info["refused"],
                "notes": "; ".join(info["notes"]) or None,
            }
        )
    return pl.DataFrame(rows, schema=LEDGER_SCHEMA)


def now_utc() -> datetime:
    return datetime.now(UTC)


__all__ = ["DomainSpec", "InboxFile", "IngestResult", "ingest", "sha256_of", "FORMATS_BY_NAME"]
