"""The audit tables the ingest writes (rejects, ledger, months per file): their
columns, their creation, appends, the reject rows, the ledger rows (one per file,
counting what became of its rows and records after de-duplication), and the
months per file."""

from __future__ import annotations

import polars as pl

from pipelines.lib.descriptions import sql_literal
from pipelines.lib.ingest.spec import DomainSpec, FileTally, InboxFile
from pipelines.lib.readers import RaggedRecord

REJECTS_SCHEMA = {c: pl.Int64 if c == "source_row" else pl.Utf8
                  for c in "run_id domain source_file source_row column_name rule value message".split()}

# Counts of rows and records are integers.
LEDGER_SCHEMA = {c: pl.Int64 if c.startswith(("rows_", "records_", "blank_")) else
                 pl.Boolean if c == "file_refused" else pl.Utf8 for c in (
                     "run_id domain source_file source_format file_sha256 rows_read rows_loaded rows_rejected "
                     "rows_duplicate rows_total records_loaded records_rejected records_duplicate "
                     "records_superseded blank_lines file_refused notes").split()}

FILE_MONTHS_SCHEMA = {"sha256": pl.Utf8, "domain": pl.Utf8, "month": pl.Date}

# Record status after de-duplication (lib/ingest/dedup.py).
KEEP, DUPLICATE, SUPERSEDED = "keep", "duplicate", "superseded"


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


# A rejected value is kept for the reader to see, not as a copy of the input: a
# 10 MB cell would otherwise be stored twice (value and message).
MAX_VALUE_CHARS = 1000


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


# Rows by state and records by status, as counted per file below.
COUNTS = ("rejected", "total", "loaded", "duplicate", "rec_keep", "rec_rejected", "rec_duplicate", "rec_superseded")


def ledger_rows(con, run_id: str, domain: str, per_file: dict[str, FileTally], stage: str, rejected: str,
                deduped: bool, kind: str) -> pl.DataFrame:
    """One ledger row per file. A row's state is the strongest of its
    records': rejected, then total (reconciliation only), then loaded, then
    duplicate. Rows the parser made no record for carry no personnel (every
    count NA/0) and count as loaded with no fact records."""
    counts = _count(con, per_file, stage, rejected, deduped, kind)
    out = []
    for file, tally in per_file.items():
        c = counts.get(file, dict.fromkeys(COUNTS, 0))
        parsed_rows = c["rejected"] + c["total"] + c["loaded"] + c["duplicate"]
        empty_rows = max(tally.rows - tally.ragged - parsed_rows, 0)
        out.append({
            "run_id": run_id, "domain": domain, "source_file": file, "source_format": tally.format,
            "file_sha256": tally.sha256, "rows_read": tally.rows,
            "rows_loaded": c["loaded"] + empty_rows,
            "rows_rejected": c["rejected"] + tally.ragged,
            "rows_duplicate": c["duplicate"], "rows_total": c["total"],
            "records_loaded": c["rec_keep"], "records_rejected": c["rec_rejected"],
            "records_duplicate": c["rec_duplicate"], "records_superseded": c["rec_superseded"],
            "blank_lines": tally.blank, "file_refused": tally.refused,
            "notes": "; ".join(tally.notes) or None,
        })
    return pl.DataFrame(out, schema=LEDGER_SCHEMA)


def _count(con, per_file: dict[str, FileTally], stage: str, rejected: str, deduped: bool,
           kind: str) -> dict[str, dict[str, int]]:
    """Every file's records by status (the staged ones with their
    de-duplication status, and the rejected ones), and its rows by state. A
    file with one record per row counts its rows as its records (one pass
    over them); only the others are grouped by row."""
    state = "coalesce(_dedup.s, 'keep')" if deduped else "'keep'"
    recs = (f"(select source_file, source_row, row_kind, 'rejected' as status from {rejected} union all "
            f"select source_file, source_row, {kind}, case {state} when 'conflict' then 'rejected' "
            f"else {state} end from {stage} {'left join _dedup using (_rid)' if deduped else ''})")
    out = {f: dict(zip(COUNTS, counts)) for f, *counts in con.execute(f"""
        select source_file,
            count(*) filter (where status = 'rejected'),
            count(*) filter (where status <> 'rejected' and row_kind = 'total'),
            count(*) filter (where status = '{KEEP}' and row_kind <> 'total'),
            count(*) filter (where status in ('{DUPLICATE}', '{SUPERSEDED}') and row_kind <> 'total'),
            count(*) filter (where status = '{KEEP}'),
            count(*) filter (where status = 'rejected'),
            count(*) filter (where status = '{DUPLICATE}'),
            count(*) filter (where status = '{SUPERSEDED}')
        from {recs} group by source_file""").fetchall()}
    slow = [f for f, t in per_file.items() if not t.one_to_one]
    if slow:
        for f, *rows in con.execute(f"""
            with per_row as (
                select source_file, bool_or(status = 'rejected') as rej, bool_and(row_kind = 'total') as tot,
                    bool_or(status = '{KEEP}') as keep
                from {recs} where list_contains(?::varchar[], source_file)
                group by source_file, source_row
            )
            select source_file,
                count(*) filter (where rej),
                count(*) filter (where not rej and tot),
                count(*) filter (where not rej and not tot and keep),
                count(*) filter (where not rej and not tot and not keep)
            from per_row group by source_file""", [slow]).fetchall():
            out[f].update(zip(COUNTS, rows))
    return out


def record_periods(con, domain: str, per_file: dict[str, FileTally]) -> None:
    """Remember which months each file content holds (by hash), for runs that
    replace some months only."""
    rows = [{"sha256": t.sha256, "domain": domain, "month": m}
            for t in per_file.values() if not t.refused for m in sorted(t.periods)]
    con.execute("delete from audit.file_months where domain = ? and list_contains(?::varchar[], sha256)",
                [domain, [t.sha256 for t in per_file.values() if not t.refused]])
    insert(con, "audit.file_months", pl.DataFrame(rows, schema=FILE_MONTHS_SCHEMA))


def files_holding(con, domain: str, files: list[InboxFile], first, after_last) -> list[InboxFile]:
    """The files whose content holds a month in [first, after_last), plus any
    file not seen before (its months are unknown until it is read)."""
    ensure_audit_tables(con)
    holds = dict(con.execute("select sha256, bool_or(month >= ? and month < ?) from audit.file_months "
                             "where domain = ? group by sha256", [first, after_last, domain]).fetchall())
    return [f for f in files if holds.get(f.sha256, True)]
