"""One domain's ingest from start to end: read every file in batches, check
the records against the contract, stage the valid ones, resolve duplicates,
turn the stage into the raw table, write the ledger and the months per file."""

from __future__ import annotations

import itertools
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import duckdb
import numpy as np
import polars as pl
import pyarrow as pa

from pipelines.lib.formats import EXCEL_SUFFIXES
from pipelines.lib.ingest.audit import (
    REJECTS_SCHEMA,
    ensure_audit_tables,
    failure_rejects,
    insert,
    ledger_rows,
    ragged_rejects,
    record_periods,
)
from pipelines.lib.ingest.dedup import resolve_duplicates
from pipelines.lib.ingest.spec import DomainSpec, FileTally, InboxFile
from pipelines.lib.readers import ROW, InputFileError, TextTable, read_excel_table, text_tables
from pipelines.lib.validation import Checker
from pipelines.lib.warehouse import ident, transaction

# Progress is told at most this often: each message is an event Dagster stores
# (about 1.5 ms each), and the real data's 148 per-country files made one each.
PROGRESS_EVERY_S = 0.5
# A CSV file is read in blocks of this many bytes (about 52k records of the
# UN long layout), so memory stays bounded whatever the file size.
BLOCK_BYTES = 4 * 2**20
# Parsed records are checked this many at a time: many small files together
# (the per-call costs of polars and DuckDB are paid once a flush). Block and
# flush make most of the 10M ingest's peak; both were halved (from 8 MiB and
# 100k) for it, at a wall and CPU cost too small to tell from the machine's
# spread (bench/notes.md, "kept-machinery").
FLUSH_RECORDS = 50_000
# DuckDB's row group: the records reach the stage in batches of exactly this
# many (a smaller batch is held in memory until the statement ends).
ROW_GROUP_ROWS = 122_880


@dataclass
class IngestReport:
    records: int
    rejected_rows: int
    rule_failures: int
    ledger: pl.DataFrame
    rejects_sample: pl.DataFrame
    file_errors: list[str] = field(default_factory=list)


def tables_of(f: InboxFile, whole: bool = False) -> Iterator[TextTable]:
    """The file as tables: whole, or a text file in blocks of ``BLOCK_BYTES``."""
    if f.path.suffix.lower() in EXCEL_SUFFIXES:
        yield read_excel_table(f.path, f.sheet or f.format.sheet)
    else:
        yield from text_tables(f.path, None if whole else BLOCK_BYTES)


class Stage:
    """The valid records of a domain's files, streamed into one table of the
    workspace file by one statement that pulls :meth:`batches` (whole row groups
    straight to the file; an insert per flush cost about 40 % more CPU,
    BENCHMARKS.md). The workspace connection is busy meanwhile, so records are
    checked in an in-memory DuckDB and rejects written after the statement."""

    def __init__(self, spec: DomainSpec, run_id: str, table: str, per_file: dict[str, FileTally]):
        self.spec, self.run_id, self.per_file = spec, run_id, per_file
        self.name = f"raw._stage_{ident(table)}"
        # The output columns and the record id only: DuckDB's cost is mostly
        # its text columns (10M rows: about 1.5 s of CPU per column).
        self.columns = list(dict.fromkeys([*spec.output_columns, "_rid", "source_format"]))
        self.checker = Checker(spec.model)
        self.pending: list[pl.DataFrame] = []  # parsed, not yet checked
        self.pending_records = self.next_rid = 0
        self.valid: pl.DataFrame | None = None  # checked, not yet handed to DuckDB
        self.rejects: list[pl.DataFrame] = []  # audit.rejects rows
        self.rejected: list[pl.DataFrame] = []  # (source_file, source_row, row_kind) of rejected records
        self.refused: list[str] = []
        self.error: BaseException | None = None  # raised in the stream, reported by DuckDB as its own
        # A 64-bit hash of each staged record's key (see resolve_duplicates), in
        # a temporary file: held in memory they would add to the peak of the
        # read (10M records: 76 MiB; BENCHMARKS.md).
        self.hashes = tempfile.TemporaryFile(prefix="unpol-key-hashes-")

    def batches(self, files: list[InboxFile], on_file: Callable[[int, InboxFile], None]) -> Iterator[pa.RecordBatch]:
        """The valid records of ``files`` as Arrow batches of one DuckDB row
        group each (a smaller batch is held in memory until the statement ends)."""
        try:
            with duckdb.connect(config={"threads": 1}) as checks:
                for done, f in enumerate(files, start=1):
                    self.per_file[f.relpath] = FileTally(f.format.name, f.sha256)
                    try:
                        for table in tables_of(f):
                            self.add(f, table, checks)
                            yield from self.row_groups()
                    except InputFileError as exc:
                        self.refuse(f, exc)
                    on_file(done, f)
                self.flush(checks)
                yield from self.row_groups(final=True)
        except BaseException as exc:
            self.error = exc
            raise

    def add(self, f: InboxFile, table: TextTable, checks: duckdb.DuckDBPyConnection) -> None:
        """Parse ``table`` (a block of ``f``), count it, keep its records for the next flush."""
        tally = self.per_file[f.relpath]
        parsed = self.spec.parse(table, f).with_columns(
            pl.lit(f.relpath).alias("source_file"), pl.lit(f.format.name).alias("source_format"),
        ).select(pl.exclude(ROW), pl.col(ROW).cast(pl.Int64).alias("source_row"))
        tally.blank += table.blank_rows
        tally.notes.extend(n for n in table.notes if n not in tally.notes)
        tally.ragged += len(table.ragged)
        tally.rows += table.frame.height + len(table.ragged)
        # One record per row (the long formats) lets the ledger count records.
        if parsed.height != table.frame.height or parsed["source_row"].n_unique() != parsed.height:
            tally.one_to_one = False
        if table.ragged:
            self.rejects.append(ragged_rejects(
                self.run_id, self.spec.domain, f.relpath, table.ragged, len(table.header)))
        if parsed.is_empty():
            return
        if self.pending and (self.pending_records >= FLUSH_RECORDS or parsed.schema != self.pending[0].schema):
            self.flush(checks)
        self.pending.append(parsed)
        self.pending_records += parsed.height

    def refuse(self, f: InboxFile, exc: InputFileError) -> None:
        """A file refused whole, also part-way through: none of its records load."""
        mine = pl.col("source_file") != f.relpath
        self.pending = [p for p in self.pending if p["source_file"][0] != f.relpath]
        self.pending_records = sum(p.height for p in self.pending)
        self.valid = self.valid.filter(mine) if self.valid is not None else None
        self.rejects = [r.filter(mine) for r in self.rejects]
        self.rejected = [r.filter(mine) for r in self.rejected]
        self.rejects.append(pl.DataFrame([(self.run_id, self.spec.domain, f.relpath, None, None, exc.rule, None,
                                           f"{f.relpath}: {exc.reason}")], schema=REJECTS_SCHEMA, orient="row"))
        self.refused.append(f.relpath)
        self.per_file[f.relpath] = tally = FileTally(f.format.name, f.sha256)
        tally.refused, tally.notes = True, [f"file refused: {exc.reason}"]

    def flush(self, checks: duckdb.DuckDBPyConnection) -> None:
        """Normalise and check the pending records (``lib/validation.py``), count
        them per file, keep the rejects and queue the valid records."""
        if not self.pending:
            return
        spec = self.spec
        records = spec.normalize(pl.concat(self.pending)).with_columns(
            (pl.int_range(0, pl.len(), dtype=pl.Int64) + self.next_rid).alias("_rid"))
        self.pending, self.pending_records, self.next_rid = [], 0, self.next_rid + records.height
        failures = self.checker.failures(checks, records)
        kind = pl.col("row_kind") if "row_kind" in records.columns else pl.lit("detail")
        valid = records
        if failures.height:
            self.rejects.append(failure_rejects(spec, self.run_id, failures, records))
            failed = pl.col("_rid").is_in(failures["_rid"].unique().implode())
            bad, valid = records.filter(failed), records.filter(~failed)
            self.rejected.append(bad.select("source_file", "source_row", kind.alias("row_kind")))
            for file, n in failures.join(records.select("_rid", "source_file"), on="_rid").group_by(
                    "source_file").len().iter_rows():
                self.per_file[file].failures += n
        # Precedence and months per file (a file's rank is the largest over its batches).
        rank = spec.precedence(records).max() if spec.precedence else pl.lit(0)
        months = pl.col(spec.period_column).drop_nulls().unique() if spec.period_column else pl.lit(None)
        for file, r, periods in records.group_by("source_file").agg(rank.alias("r"), months.alias("p")).iter_rows():
            t = self.per_file[file]
            t.rank = r if t.rank is None else max(t.rank, r)
            if spec.period_column:
                t.periods.update(periods)
        if valid.is_empty():
            return
        valid.select(pl.struct(list(spec.key)).hash(seed=0)).to_series().to_numpy().tofile(self.hashes)
        # Text columns go to DuckDB as dictionaries (most repeat a few values): as
        # fast to load as plain strings, and a lower peak.
        valid = valid.select([c for c in self.columns if c in valid.columns]).with_columns(
            pl.col(pl.String).cast(pl.Categorical))
        self.valid = valid if self.valid is None else pl.concat([self.valid, valid.cast(self.valid.schema)])

    def row_groups(self, final: bool = False) -> Iterator[pa.RecordBatch]:
        """The queued valid records in batches of exactly one row group (the
        rest waits for more, unless ``final``)."""
        while self.valid is not None and (self.valid.height >= ROW_GROUP_ROWS or final and self.valid.height):
            part, self.valid = self.valid.head(ROW_GROUP_ROWS), self.valid.slice(ROW_GROUP_ROWS)
            yield from part.rechunk().to_arrow().to_batches()


def ingest_into(
    con: duckdb.DuckDBPyConnection, spec: DomainSpec, files: list[InboxFile], run_id: str, table: str,
    on_progress: Callable[[str], None] | None = None,
) -> IngestReport:
    """Ingest ``files`` into ``raw.<table>`` (full replace) and write this run's
    rejects and ledger rows for the domain to ``audit.rejects`` and
    ``audit.ingest_ledger``. Duplicates across the whole input are resolved in
    DuckDB (``dedup.py``). ``on_progress`` is told files done and rows read after
    the first file, then at most every ``PROGRESS_EVERY_S`` seconds, and after the last."""
    domain, target = spec.domain, f"raw.{ident(table)}"
    ensure_audit_tables(con)
    con.execute("delete from audit.rejects where run_id = ? and domain = ?", [run_id, domain])
    con.execute("delete from audit.ingest_ledger where run_id = ? and domain = ?", [run_id, domain])
    per_file: dict[str, FileTally] = {}
    staging = Stage(spec, run_id, table, per_file)
    stage = staging.name
    rejected = f"_rejected_{ident(domain)}"
    con.execute(f"drop table if exists {stage}; drop table if exists {rejected}; drop table if exists _dedup")
    # Records that broke a rule (their rows count as rejected in the ledger).
    con.execute(f"create temp table {rejected} (source_file varchar, source_row bigint, row_kind varchar)")
    rows_so_far = 0
    told = -PROGRESS_EVERY_S  # when on_progress was last told

    def on_file(done: int, f: InboxFile) -> None:
        nonlocal rows_so_far, told
        rows_so_far += per_file[f.relpath].rows
        if on_progress is not None and (done == len(files) or time.monotonic() - told >= PROGRESS_EVERY_S):
            on_progress(f"{domain}: {done}/{len(files)} files, {rows_so_far:,} rows read ({f.relpath})")
            told = time.monotonic()

    batches = staging.batches(files, on_file)
    first = next(batches, None)
    # No valid record: the stage is an empty table of the contract's types.
    con.register("_records", pl.DataFrame(schema=spec.output_schema()) if first is None
                 else pa.RecordBatchReader.from_batches(first.schema, itertools.chain([first], batches)))
    try:
        con.execute(f"create table {stage} as select * from _records")
    except duckdb.Error as exc:
        if staging.error is not None:  # the stream's own error, not DuckDB's
            raise staging.error from exc
        raise
    finally:
        con.unregister("_records")
        batches.close()
    for into, frames in (("audit.rejects", staging.rejects), (rejected, staging.rejected)):
        for frame in frames:
            insert(con, into, frame)
    if staging.refused:  # their records that were staged before the refusal
        con.execute(f"delete from {stage} where list_contains(?::varchar[], source_file)", [staging.refused])
    file_errors = [f"{f}: {per_file[f].notes[0].removeprefix('file refused: ')}" for f in staging.refused]
    staging.hashes.seek(0)
    hashes = np.fromfile(staging.hashes, dtype=np.uint64)
    staging.hashes.close()
    conflicts, deduped = resolve_duplicates(con, spec, run_id, stage, per_file, hashes)
    rule_failures = sum(t.failures for t in per_file.values()) + conflicts
    kind = "row_kind" if "row_kind" in spec.output_columns else "'detail'"
    ledger = ledger_rows(con, run_id, domain, per_file, stage, rejected, deduped, kind)
    # The stage becomes the table (no copy of the rows): the de-duplicated
    # records, if any, are deleted from it first (its own transaction:
    # DuckDB does not alter a table a transaction has modified).
    if deduped:
        con.execute(f"delete from {stage} where _rid in (select _rid from _dedup)")
    with transaction(con):
        staged_cols = [d[0] for d in con.execute(f"select * from {stage} limit 0").description]
        for extra in [c for c in staged_cols if c not in spec.output_columns]:
            con.execute(f"alter table {stage} drop column {ident(extra)}")
        con.execute(f"drop table if exists {target}")
        con.execute(f"alter table {stage} rename to {ident(table)}")
    insert(con, "audit.ingest_ledger", ledger)
    if spec.period_column:
        record_periods(con, domain, per_file)
    records = con.execute(f"select count(*) from {target}").fetchone()[0]
    sample = con.execute(
        "select source_file, source_row, column_name, rule, value from audit.rejects "
        "where run_id = ? and domain = ? order by source_file, source_row limit 10",
        [run_id, domain],
    ).pl()
    con.execute(f"drop table if exists {stage}; drop table if exists {rejected}; "
                "drop table if exists _dedup; drop table if exists _repeated")
    return IngestReport(records, int(ledger["rows_rejected"].sum() or 0), rule_failures, ledger, sample, file_errors)
