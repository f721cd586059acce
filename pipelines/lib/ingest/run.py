"""One domain's ingest from start to end: stage every file, resolve duplicates,
turn the stage into the raw table, write the ledger and the months per file."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb
import polars as pl

from pipelines.lib.ingest.audit import LEDGER_SCHEMA, REJECTS_SCHEMA, ensure_audit_tables, insert
from pipelines.lib.ingest.batch import Batch, stage_batch
from pipelines.lib.ingest.chunk import parse_chunk
from pipelines.lib.ingest.dedup import resolve_duplicates
from pipelines.lib.ingest.ledger import ledger_rows
from pipelines.lib.ingest.pending import Staged
from pipelines.lib.ingest.periods import record_periods
from pipelines.lib.ingest.reading import StreamFailed, read_file, small, tables
from pipelines.lib.ingest.rejects import reject_frame
from pipelines.lib.ingest.spec import DomainSpec, InboxFile
from pipelines.lib.ingest.staging import stage_file
from pipelines.lib.ingest.tally import FileTally
from pipelines.lib.readers import InputFileError
from pipelines.lib.validation import Checker
from pipelines.lib.warehouse import ident

# Progress is told at most this often: each message is an event Dagster stores
# (about 1.5 ms each), and the real data's 148 per-country files made one each.
PROGRESS_EVERY_S = 0.5


@dataclass
class IngestReport:
    records: int
    rejected_rows: int
    rule_failures: int
    ledger: pl.DataFrame
    rejects_sample: pl.DataFrame
    file_errors: list[str] = field(default_factory=list)


@dataclass
class IngestResult:
    records: pl.DataFrame
    rejects: pl.DataFrame
    ledger: pl.DataFrame
    file_errors: list[str] = field(default_factory=list)


def ingest(spec: DomainSpec, files: list[InboxFile], run_id: str) -> IngestResult:
    """In-memory convenience over :func:`ingest_into` (tests, notebooks)."""
    con = duckdb.connect()
    try:
        con.execute("create schema raw; create schema audit")
        report = ingest_into(con, spec, files, run_id, "records")
        records = con.sql("select * from raw.records").pl()
        rejects = con.sql("select * from audit.rejects").pl().cast(REJECTS_SCHEMA)
        ledger = con.sql("select * from audit.ingest_ledger").pl().cast(LEDGER_SCHEMA)
    finally:
        con.close()
    return IngestResult(records, rejects, ledger, report.file_errors)


def ingest_into(
    con: duckdb.DuckDBPyConnection, spec: DomainSpec, files: list[InboxFile], run_id: str, table: str,
    on_progress: Callable[[str], None] | None = None,
) -> IngestReport:
    """Ingest ``files`` into ``raw.<table>`` (full replace) and write this run's
    rejects and ledger rows for the domain to ``audit.rejects`` and
    ``audit.ingest_ledger``.

    Files are parsed and normalised chunk by chunk in polars (small files in
    batches of many files, large ones in blocks), each chunk is checked
    against the domain's contract in DuckDB (its pandera rules compiled to SQL
    once, ``pipelines/lib/validation.py``), and the valid records are staged
    in DuckDB, where duplicates across the whole input are resolved with SQL
    (memory stays bounded by the chunk size):
    exact repeats of (key, values) are duplicates; the same key with other
    values in one file is a conflict (rejected, rule ``key_is_unique``); across
    files, the file with the highest precedence wins (the others' records are
    superseded). ``on_progress`` is told how far the step is (files done, rows
    read so far) after the first file, then at most every ``PROGRESS_EVERY_S``
    seconds, and after the last: the command line shows it inside long steps.
    """
    domain, target = spec.domain, f"raw.{ident(table)}"
    # The stage is a table of the workspace file, not a temp table: DuckDB's
    # buffer manager then keeps memory bounded whatever the input size.
    stage, rejected = f"raw._stage_{ident(table)}", f"_rejected_{ident(domain)}"
    ensure_audit_tables(con)
    con.execute("delete from audit.rejects where run_id = ? and domain = ?", [run_id, domain])
    con.execute("delete from audit.ingest_ledger where run_id = ? and domain = ?", [run_id, domain])
    empty = spec.normalize(pl.DataFrame())
    # The stage holds the output columns and the record id only: DuckDB's cost
    # is mostly its text columns (10M rows: about 1.5 s of CPU per column).
    stage_cols = list(dict.fromkeys([*spec.output_columns, "_rid", "source_format"]))
    con.execute(f"drop table if exists {stage}; drop table if exists {rejected}; drop table if exists _dedup")
    # Records that broke a rule (their rows count as rejected in the ledger).
    con.execute(f"create temp table {rejected} (source_file varchar, source_row bigint, row_kind varchar)")
    per_file: dict[str, FileTally] = {}
    file_errors: list[str] = []
    rule_failures = 0
    next_rid = 0
    stage_created = False
    rows_so_far = 0
    told = -PROGRESS_EVERY_S  # when on_progress was last told
    checker = Checker(spec.model, spec.rule_columns)
    batch = Batch()

    def written(staged: Staged) -> None:
        # Side outputs are written only once the records are staged (a failed
        # attempt leaves nothing behind: its insert rolled back).
        nonlocal next_rid, stage_created, rule_failures
        next_rid, stage_created = staged.next_rid, stage_created or staged.inserted
        staged.rejects.write(con, "audit.rejects")
        staged.rejected.write(con, rejected)
        rule_failures += staged.failures

    def flush() -> None:
        nonlocal batch
        if batch.files:
            written(stage_batch(con, spec, batch, per_file, run_id, next_rid, stage, stage_cols, stage_created,
                                checker))
            batch = Batch()

    def refuse(f: InboxFile, exc: InputFileError) -> None:
        file_errors.append(f"{f.relpath}: {exc.reason}")
        insert(con, "audit.rejects", reject_frame(
            run_id, domain, f.relpath, None, None, exc.rule, None, f"{f.relpath}: {exc.reason}"))
        per_file[f.relpath] = tally = FileTally.of(f)
        tally.refused, tally.notes = True, [f"file refused: {exc.reason}"]

    for done, f in enumerate(files, start=1):
        per_file[f.relpath] = tally = FileTally.of(f)
        if small(f):
            # Parsed on its own (a refused file leaves the batch), staged with the batch.
            try:
                parsed, ragged = parse_chunk(spec, f, read_file(f), tally, run_id)
            except InputFileError as exc:
                refuse(f, exc)
            else:
                if not batch.takes(parsed):
                    flush()
                batch.add(f.relpath, parsed, ragged)
        else:
            flush()  # _rid in file order
            for attempt in ("stream", "careful"):
                try:
                    read = (lambda f=f: tables(f)) if attempt == "stream" else (lambda f=f: iter([read_file(f)]))
                    written(stage_file(con, spec, f, read, tally, run_id, next_rid, stage, stage_cols,
                                       stage_created, checker))
                    break
                except StreamFailed as exc:
                    per_file[f.relpath] = tally = FileTally.of(f)
                    tally.notes.append(f"re-read with the careful reader ({exc})"[:300])
                except InputFileError as exc:
                    refuse(f, exc)
                    break
        rows_so_far += per_file[f.relpath].rows
        if on_progress is not None and (done == len(files) or time.monotonic() - told >= PROGRESS_EVERY_S):
            on_progress(f"{domain}: {done}/{len(files)} files, {rows_so_far:,} rows read ({f.relpath})")
            told = time.monotonic()
    flush()
    deduped = False
    if not stage_created:
        ledger = ledger_rows(con, run_id, domain, per_file, None, rejected, False)
        con.register("_empty", empty.select(spec.output_columns))
        con.execute(f"create or replace table {target} as select * from _empty")
        con.unregister("_empty")
    else:
        conflicts, deduped = resolve_duplicates(con, spec, run_id, stage, per_file)
        rule_failures += conflicts
        kind = "row_kind" if "row_kind" in spec.output_columns else "'detail'"
        ledger = ledger_rows(con, run_id, domain, per_file, stage, rejected, deduped, kind)
        # The stage becomes the table (no copy of the rows): the de-duplicated
        # records, if any, are deleted from it first (its own transaction:
        # DuckDB does not alter a table a transaction has modified).
        if deduped:
            con.execute(f"delete from {stage} where _rid in (select _rid from _dedup)")
        con.execute("begin")
        staged_cols = [d[0] for d in con.execute(f"select * from {stage} limit 0").description]
        for extra in [c for c in staged_cols if c not in spec.output_columns]:
            con.execute(f"alter table {stage} drop column {ident(extra)}")
        con.execute(f"drop table if exists {target}")
        con.execute(f"alter table {stage} rename to {ident(table)}")
        con.execute("commit")
    insert(con, "audit.ingest_ledger", ledger)
    if spec.period_column:
        record_periods(con, domain, per_file)
    records = con.execute(f"select count(*) from {target}").fetchone()[0]
    sample = con.execute(
        "select source_file, source_row, column_name, rule, value from audit.rejects "
        "where run_id = ? and domain = ? order by source_file, source_row limit 10",
        [run_id, domain],
    ).pl()
    con.execute(f"drop table if exists {stage}; drop table if exists {rejected}; drop table if exists _dedup; "
                "drop table if exists _repeated")
    return IngestReport(records, int(ledger["rows_rejected"].sum() or 0), rule_failures, ledger, sample, file_errors)
