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
import queue
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandera.polars as pa
import polars as pl
import pyarrow as pa_arrow

from pipelines.lib.formats import EXCEL_SUFFIXES, FORMATS_BY_NAME, Format
from pipelines.lib.readers import (
    ROW,
    InputFileError,
    TextTable,
    read_excel_table,
    read_header,
    read_text_table,
    stream_text_table,
)
from pipelines.lib.validation import validate_frame
from pipelines.lib.warehouse import ident

# Files above this size are read in blocks of CHUNK_BYTES, so memory stays
# bounded whatever the file size (measured: bench/run_bench.py).
STREAM_MIN_BYTES = 64 * 2**20
CHUNK_BYTES = 16 * 2**20  # about 210k records of the UN long layout
# Chunks parsed ahead of DuckDB's write.
PREFETCH_CHUNKS = 1
# Rejects of one file held in memory before they spill to a Parquet file.
SPOOL_ROWS = 250_000

# Record status after de-duplication.
KEEP, DUPLICATE, SUPERSEDED = "keep", "duplicate", "superseded"
# Count one-record-per-row files from their chunk counts (False: from every
# record in DuckDB, the general way; tests compare the two).
ONE_TO_ONE_COUNTS = True

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
    # Higher wins when two files carry the same key with different values; an
    # expression evaluated on one file's records (a chunk), the file's value
    # being the largest over its chunks.
    precedence: Callable[[pl.DataFrame], pl.Expr] | None = None
    # A date column whose distinct values are recorded per file content hash in
    # audit.file_months, so a run for some months can skip files without them.
    period_column: str | None = None


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


@dataclass
class IngestReport:
    records: int
    rejected_rows: int
    rule_failures: int
    ledger: pl.DataFrame
    rejects_sample: pl.DataFrame
    file_errors: list[str] = field(default_factory=list)


class _StreamFailed(Exception):
    """The streaming reader met something only the careful reader handles."""


def _tables(f: InboxFile) -> Iterator[TextTable]:
    """The file as one table, or as row chunks for large UTF-8 CSV files so
    memory stays bounded whatever the file size."""
    if f.path.suffix.lower() in EXCEL_SUFFIXES or f.path.stat().st_size < STREAM_MIN_BYTES:
        yield read_file(f)
        return
    encoding, delimiter, header = read_header(f.path)
    if encoding not in ("utf-8", "utf-8-sig"):
        yield read_file(f)
        return
    try:
        # The next block is read and parsed in a thread of its own while this
        # one is normalised and validated (both release the GIL).
        yield from _read_ahead(stream_text_table(f.path, delimiter, header, encoding, CHUNK_BYTES))
    except pl.exceptions.PolarsError as exc:
        raise _StreamFailed(str(exc)) from exc


_DONE = object()  # end of a read-ahead queue


def _read_ahead(items: Iterator, depth: int = 1, name: str = "ingest-reader") -> Iterator:
    """Yield ``items``, produced one step ahead in a background thread; an
    exception there is raised here, and closing this generator stops it."""
    q: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item) -> bool:
        while not stop.is_set():
            try:
                q.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def run() -> None:
        try:
            for item in items:
                if not put((item, None)):
                    return
            put((_DONE, None))
        except BaseException as exc:
            put((None, exc))
        finally:
            if hasattr(items, "close"):
                items.close()

    worker = threading.Thread(target=run, name=name, daemon=True)
    worker.start()
    try:
        while True:
            item, exc = q.get()
            if exc is not None:
                raise exc
            if item is _DONE:
                return
            yield item
    finally:
        stop.set()
        worker.join()


def ingest_into(
    con: duckdb.DuckDBPyConnection, spec: DomainSpec, files: list[InboxFile], run_id: str, table: str
) -> IngestReport:
    """Ingest ``files`` into ``raw.<table>`` (full replace) and write this run's
    rejects and ledger rows for the domain to ``audit.rejects`` and
    ``audit.ingest_ledger``.

    Files are parsed, normalised and validated chunk by chunk in polars; valid
    records are staged in DuckDB, where duplicates across the whole input are
    resolved with SQL (memory stays bounded by the chunk size):
    exact repeats of (key, values) are duplicates; the same key with other
    values in one file is a conflict (rejected, rule ``key_is_unique``); across
    files, the file with the highest precedence wins (the others' records are
    superseded).
    """
    domain, target = spec.domain, f"raw.{ident(table)}"
    # The stage is a table of the workspace file, not a temp table: DuckDB's
    # buffer manager then keeps memory bounded whatever the input size.
    stage, rejected = f"raw._stage_{ident(table)}", f"_rejected_{ident(domain)}"
    _ensure_audit_tables(con)
    con.execute("delete from audit.rejects where run_id = ? and domain = ?", [run_id, domain])
    con.execute("delete from audit.ingest_ledger where run_id = ? and domain = ?", [run_id, domain])
    empty = spec.normalize(pl.DataFrame())
    # The stage holds the output columns and the record id only: DuckDB's cost
    # is mostly its text columns (10M rows: about 1.5 s of CPU per column).
    stage_cols = list(dict.fromkeys([*spec.output_columns, "_rid", "source_format"]))
    con.execute(f"drop table if exists {stage}; drop table if exists {rejected}; drop table if exists _dedup")
    # Records that broke a rule (their rows count as rejected in the ledger).
    con.execute(f"create temp table {rejected} (source_file varchar, source_row bigint, row_kind varchar)")
    per_file: dict[str, dict] = {}
    file_errors: list[str] = []
    rule_failures = 0
    next_rid = 0
    stage_created = False
    for f in files:
        per_file[f.relpath] = info = _new_info(f)
        for attempt in ("stream", "careful"):
            try:
                tables = (lambda f=f: _tables(f)) if attempt == "stream" else (lambda f=f: iter([read_file(f)]))
                staged = _stage_file(con, spec, f, tables, info, run_id, next_rid, stage, stage_cols, stage_created)
                # Side outputs are written only once the file's records are staged
                # (a failed attempt leaves nothing behind: its insert rolled back).
                next_rid, stage_created = staged.next_rid, stage_created or staged.inserted
                staged.rejects.write(con, "audit.rejects")
                staged.rejected.write(con, rejected)
                rule_failures += staged.failures
                break
            except _StreamFailed as exc:
                per_file[f.relpath] = info = _new_info(f)
                info["notes"].append(f"re-read with the careful reader ({exc})"[:300])
            except InputFileError as exc:
                file_errors.append(f"{f.relpath}: {exc.reason}")
                _insert(con, "audit.rejects", _reject_frame(
                    run_id, domain, f.relpath, None, None, exc.rule, None, f"{f.relpath}: {exc.reason}"))
                per_file[f.relpath] = info = _new_info(f)
                info.update(refused=True, notes=[f"file refused: {exc.reason}"])
                break
    deduped = False
    if not stage_created:
        ledger = _ledger(con, run_id, domain, per_file, None, rejected, False)
        con.register("_empty", empty.select(spec.output_columns))
        con.execute(f"create or replace table {target} as select * from _empty")
        con.unregister("_empty")
    else:
        conflicts, deduped = _resolve_duplicates(con, spec, run_id, stage, per_file)
        rule_failures += conflicts
        kind = "row_kind" if "row_kind" in spec.output_columns else "'detail'"
        ledger = _ledger(con, run_id, domain, per_file, stage, rejected, deduped, kind)
        # The stage becomes the table (no copy of the rows): the de-duplicated
        # records, if any, are deleted from it first (its own transaction:
        # DuckDB does not alter a table a transaction has modified).
        if deduped:
            con.execute(f"delete from {stage} where _rid in (select _rid from _dedup)")
        con.execute("begin")
        staged = [d[0] for d in con.execute(f"select * from {stage} limit 0").description]
        for extra in [c for c in staged if c not in spec.output_columns]:
            con.execute(f"alter table {stage} drop column {ident(extra)}")
        con.execute(f"drop table if exists {target}")
        con.execute(f"alter table {stage} rename to {ident(table)}")
        con.execute("commit")
    _insert(con, "audit.ingest_ledger", ledger)
    if spec.period_column:
        _record_periods(con, domain, per_file)
    records = con.execute(f"select count(*) from {target}").fetchone()[0]
    sample = con.execute(
        "select source_file, source_row, column_name, rule, value from audit.rejects "
        "where run_id = ? and domain = ? order by source_file, source_row limit 10",
        [run_id, domain],
    ).pl()
    con.execute(f"drop table if exists {stage}; drop table if exists {rejected}; drop table if exists _dedup; "
                "drop table if exists _repeated")
    return IngestReport(records, int(ledger["rows_rejected"].sum() or 0), rule_failures, ledger, sample, file_errors)


def _new_info(f: InboxFile) -> dict:
    return {"format": f.format.name, "sha": f.sha256, "blank": 0, "ragged": 0, "rows": 0, "notes": [],
            "refused": False, "rank": None, "one_to_one": True, "rec_valid": 0, "rec_rejected": 0,
            "rec_total": 0, "rows_rejected": 0, "key_hashes": [], "periods": set()}


class _Spool:
    """Frames kept until their file is staged, spilled to Parquet files past
    SPOOL_ROWS so a file with millions of bad rows does not hold its rejects
    in memory. Discarded with the attempt if the file fails."""

    def __init__(self) -> None:
        self.frames: list[pl.DataFrame] = []
        self.rows = 0
        self.dir: tempfile.TemporaryDirectory | None = None
        self.files: list[str] = []

    def append(self, frame: pl.DataFrame) -> None:
        self.frames.append(frame)
        self.rows += frame.height
        if self.rows > SPOOL_ROWS:
            if self.dir is None:
                self.dir = tempfile.TemporaryDirectory(prefix="unpol-spool-")
            path = f"{self.dir.name}/{len(self.files)}.parquet"
            pl.concat(self.frames, how="vertical_relaxed").write_parquet(path)
            self.files.append(path)
            self.frames, self.rows = [], 0

    def write(self, con, table: str) -> None:
        try:
            if self.files:
                con.execute(f"insert into {table} by name select * from read_parquet(?)", [self.files])
            for frame in self.frames:
                _insert(con, table, frame)
        finally:
            self.close()

    def close(self) -> None:
        if self.dir is not None:
            self.dir.cleanup()
            self.dir = None


@dataclass
class _Staged:
    """What staging one file produced besides its records in the stage."""
    next_rid: int
    inserted: bool = False
    failures: int = 0
    rejects: _Spool = field(default_factory=lambda: _Spool())  # for audit.rejects
    rejected: _Spool = field(default_factory=lambda: _Spool())  # rows that broke a rule
    error: BaseException | None = None  # the producer's, raised again in the caller


def _stage_file(con, spec, f, tables, info, run_id, next_rid, stage, stage_cols, stage_created) -> _Staged:
    """Parse, normalise and validate one file chunk by chunk in a producer
    thread while DuckDB writes the previous chunks into the stage: one
    ``insert`` (or ``create table``) per file reads the valid records as an
    Arrow stream. The two overlap (polars and DuckDB both release the GIL), so
    the file costs about the slower of the two, not their sum (measured:
    bench/run_bench.py). A failure anywhere aborts the statement, so a failed
    attempt stages nothing."""
    staged = _Staged(next_rid)

    def valid_chunks():
        schema = None
        for chunk in tables():
            valid = _process_chunk(spec, f, chunk, info, run_id, staged, stage_cols)
            if valid is not None and valid.height:
                schema = schema or valid.schema
                yield valid.cast(schema).to_arrow()

    chunks = _read_ahead(valid_chunks(), PREFETCH_CHUNKS, name=f"ingest-{spec.domain}")

    def batches(first):
        yield from first.to_batches()
        try:
            for table in chunks:
                yield from table.to_batches()
        except BaseException as exc:  # DuckDB reports it as its own error: keep the original
            staged.error = exc
            raise

    ok = False
    try:
        first = next(chunks, None)
        if first is None:
            ok = True
            return staged
        con.register("_records", pa_arrow.RecordBatchReader.from_batches(first.schema, batches(first)))
        try:
            if stage_created:
                con.execute(f"insert into {stage} by name select * from _records")
            else:
                con.execute(f"create table {stage} as select * from _records")
        except duckdb.Error as exc:
            # The producer's own error (a chunk the streaming reader cannot
            # parse, a refused file) comes back through DuckDB: raise the original.
            if staged.error is not None:
                raise staged.error from exc
            raise
        finally:
            con.unregister("_records")
        staged.inserted = ok = True
        return staged
    finally:
        chunks.close()
        if not ok:
            staged.rejects.close()
            staged.rejected.close()


def _process_chunk(spec, f, chunk, info, run_id, staged: _Staged, stage_cols) -> pl.DataFrame | None:
    """One chunk: parse, normalise, validate; return the valid records as the
    stage's columns and keep rejects in ``staged`` (written once the file is)."""
    domain = spec.domain
    info["blank"] += chunk.blank_rows
    info["notes"].extend(n for n in chunk.notes if n not in info["notes"])
    info["ragged"] += len(chunk.ragged)
    info["rows"] += chunk.frame.height + len(chunk.ragged)
    if chunk.ragged:
        width = len(chunk.header)
        staged.rejects.append(pl.DataFrame({
            "run_id": run_id, "domain": domain, "source_file": f.relpath,
            "source_row": [r.row for r in chunk.ragged], "column_name": None,
            "rule": "field_count_matches_header", "value": [r.text for r in chunk.ragged],
            "message": [f"{f.relpath} row {r.row}: {r.n_fields} fields where the header has {width}"
                        for r in chunk.ragged],
        }, schema=REJECTS_SCHEMA))
    parsed = spec.parsers[f.format.name](chunk, f).with_columns(
        pl.lit(f.relpath).alias("source_file"), pl.lit(f.format.name).alias("source_format"),
    ).select(pl.exclude(ROW), pl.col(ROW).cast(pl.Int64).alias("source_row"))
    # One record per row (the long formats) lets the ledger count records.
    if parsed.height != chunk.frame.height or parsed["source_row"].n_unique() != parsed.height:
        info["one_to_one"] = False
    if parsed.is_empty():
        return None
    records = spec.normalize(parsed).with_columns(
        (pl.int_range(0, pl.len(), dtype=pl.Int64) + staged.next_rid).alias("_rid"))
    staged.next_rid += records.height
    if spec.period_column:
        info["periods"].update(records.get_column(spec.period_column).drop_nulls().unique().to_list())
    validated = validate_frame(records, spec.model, spec.rule_columns)
    kind = pl.col("row_kind") if "row_kind" in records.columns else pl.lit("detail")
    if validated.failures.height:
        staged.rejects.append(_failure_rejects(spec, run_id, validated.failures, records))
        bad = records.filter(pl.col("_rid").is_in(validated.failures["_rid"].unique().implode()))
        staged.rejected.append(bad.select("source_file", "source_row", kind.alias("row_kind")))
        staged.failures += validated.failures.height
        info["rec_rejected"] += bad.height
        info["rows_rejected"] += bad["source_row"].n_unique()
    rank = records.select(spec.precedence(records).max()).item() if spec.precedence else 0
    info["rank"] = rank if info["rank"] is None else max(info["rank"], rank)
    valid = validated.valid
    info["rec_valid"] += valid.height
    # A 64-bit hash of each valid record's key: if no two are equal across the
    # whole input there is nothing to de-duplicate (checked without DuckDB).
    info["key_hashes"].append(valid.select(pl.struct(list(spec.key)).hash(seed=0)).to_series())
    info["rec_total"] += valid.filter(kind == "total").height
    # Text columns go to DuckDB as dictionaries (most repeat a few values): as
    # fast to load as plain strings, and a lower peak (10M rows: 952 MiB
    # against about 1,130 MiB).
    return valid.select([c for c in stage_cols if c in valid.columns]).with_columns(
        pl.col(pl.String).cast(pl.Categorical))


def _failure_rejects(spec: DomainSpec, run_id: str, failures: pl.DataFrame, records: pl.DataFrame) -> pl.DataFrame:
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
        _clip(pl.col("value")).alias("value"),
        pl.format("{} row {}: column {} breaks rule {} (value: {})", "source_file", "source_row",
                  "column", "rule", _clip(pl.col("value").fill_null("<blank>"))).alias("message"),
    ).cast(REJECTS_SCHEMA)


# A rejected value is kept for the reader to see, not as a copy of the input: a
# 10 MB cell would otherwise be stored twice (value and message).
MAX_VALUE_CHARS = 1000


def _clip(expr: pl.Expr) -> pl.Expr:
    return pl.when(expr.str.len_chars() > MAX_VALUE_CHARS).then(
        pl.concat_str([expr.str.slice(0, MAX_VALUE_CHARS), pl.lit(" ... (cut)")])
    ).otherwise(expr)


def _resolve_duplicates(con, spec: DomainSpec, run_id: str, stage: str, per_file: dict) -> tuple[int, bool]:
    """Find duplicate, conflicting and superseded records; leave them in the
    temp table ``_dedup (_rid, s)``. Return (conflict rejects written, whether
    any record was removed)."""
    key = ", ".join(ident(c) for c in spec.key)
    values = ", ".join(ident(c) for c in spec.values)
    hashes = [h for i in per_file.values() for h in i["key_hashes"]]
    if hashes:
        all_hashes = pl.concat(hashes)
        if all_hashes.n_unique() == all_hashes.len():
            return 0, False  # fast path: no key repeats anywhere (the usual case for one clean file)
    # Equal hashes: confirm exactly, and keep the keys that repeat: only their
    # records can be duplicates, conflicts or superseded (a few among millions).
    con.execute(f"create or replace temp table _repeated as "
                f"select {key} from {stage} group by {key} having count(*) > 1")
    if not con.execute("select count(*) from _repeated").fetchone()[0]:
        return 0, False
    ranks = pl.DataFrame(
        {"source_file": list(per_file), "_r": [float(i["rank"] or 0) for i in per_file.values()]})
    con.register("_ranks", ranks)
    order = "_r desc, source_file, source_row"
    # Key columns may be null (a total row's mission): match them as equal, as
    # the partitions below do.
    same_key = " and ".join(f"s.{ident(c)} is not distinct from r.{ident(c)}" for c in spec.key)
    con.execute(f"""
        create or replace temp table _dedup as
        with exact as (
            select _rid, source_file, {key},
                row_number() over (partition by {key}, {values} order by {order}) as rn_exact,
                _r, source_row
            from (select s.* from {stage} s semi join _repeated r on {same_key})
            join _ranks using (source_file)
        ),
        distinct_values as (
            select *, count(*) over (partition by source_file, {key}) as n_in_file
            from exact where rn_exact = 1
        ),
        candidates as (
            select *, row_number() over (partition by {key} order by {order}) as rn_key
            from distinct_values where n_in_file = 1
        )
        select _rid, '{DUPLICATE}' as s from exact where rn_exact > 1
        union all
        select _rid, 'conflict' from distinct_values where n_in_file > 1
        union all
        select _rid, '{SUPERSEDED}' from candidates where rn_key > 1
    """)
    con.unregister("_ranks")
    conflicts = con.execute(
        f"select s.* from {stage} s join _dedup d using (_rid) where d.s = 'conflict' order by s._rid").pl()
    if conflicts.is_empty():
        return 0, True
    column = spec.rule_columns.get("key_is_unique", spec.key[-1]).removesuffix("_raw")
    keycols = [c for c in spec.key if c in conflicts.columns]
    failures = conflicts.select(
        "_rid",
        pl.lit(column).alias("column"),
        pl.lit("key_is_unique").alias("rule"),
        pl.concat_str([pl.col(c).cast(pl.Utf8).fill_null("") for c in keycols], separator=" / ").alias("value"),
    )
    _insert(con, "audit.rejects", _failure_rejects(spec, run_id, failures, conflicts))
    return failures.height, True


FILE_MONTHS_SCHEMA = {"sha256": pl.Utf8, "domain": pl.Utf8, "month": pl.Date}


def _record_periods(con, domain: str, per_file: dict[str, dict]) -> None:
    """Remember which months each file content holds (by hash), for runs that
    replace some months only."""
    rows = [{"sha256": i["sha"], "domain": domain, "month": m}
            for i in per_file.values() if not i["refused"] for m in sorted(i["periods"])]
    shas = [i["sha"] for i in per_file.values() if not i["refused"]]
    con.register("_shas", pl.DataFrame({"sha256": shas}, schema={"sha256": pl.Utf8}))
    con.execute("delete from audit.file_months where domain = ? and sha256 in (select sha256 from _shas)", [domain])
    con.unregister("_shas")
    _insert(con, "audit.file_months", pl.DataFrame(rows, schema=FILE_MONTHS_SCHEMA))


def files_holding(con, domain: str, files: list[InboxFile], first, after_last) -> list[InboxFile]:
    """The files whose content holds a month in [first, after_last), plus any
    file not seen before (its months are unknown until it is read)."""
    _ensure_audit_tables(con)
    known = {sha for (sha,) in con.execute(
        "select distinct sha256 from audit.file_months where domain = ?", [domain]).fetchall()}
    hit = {sha for (sha,) in con.execute(
        "select distinct sha256 from audit.file_months where domain = ? and month >= ? and month < ?",
        [domain, first, after_last]).fetchall()}
    return [f for f in files if f.sha256 not in known or f.sha256 in hit]


def _ensure_audit_tables(con) -> None:
    for name, schema in (("audit.rejects", REJECTS_SCHEMA), ("audit.ingest_ledger", LEDGER_SCHEMA),
                         ("audit.file_months", FILE_MONTHS_SCHEMA)):
        con.register("_empty", pl.DataFrame(schema=schema))
        con.execute(f"create table if not exists {name} as select * from _empty")
        con.unregister("_empty")


def _insert(con, table: str, frame: pl.DataFrame) -> None:
    if frame.height:
        con.register("_rows", frame)
        con.execute(f"insert into {table} by name select * from _rows")
        con.unregister("_rows")


def _reject_frame(run_id, domain, file, row, column, rule, value, message) -> pl.DataFrame:
    return pl.DataFrame(
        {"run_id": [run_id], "domain": [domain], "source_file": [file], "source_row": [row],
         "column_name": [column], "rule": [rule], "value": [value], "message": [message]},
        schema=REJECTS_SCHEMA,
    )


def _ledger(con, run_id: str, domain: str, per_file: dict[str, dict], stage: str | None, rejected: str,
            deduped: bool, kind: str = "'detail'") -> pl.DataFrame:
    """One ledger row per file. A row's state is the strongest of its
    records': rejected, then total (reconciliation only), then loaded, then
    duplicate. Rows the parser made no record for carry no personnel (every
    count NA/0) and count as loaded with no fact records."""
    by_file: dict[str, dict] = {}
    # Files with one record per row are counted from the chunk counts, less
    # what de-duplication removed (a few records, counted in DuckDB); the
    # others need every record's row (a scan of their records).
    slow = [f for f, i in per_file.items() if not i["one_to_one"] or not ONE_TO_ONE_COUNTS]
    removed: dict[str, dict[tuple[str, bool], int]] = {}
    if deduped and stage is not None:
        for f, status, is_total, n in con.execute(
                f"select source_file, d.s, {kind} = 'total', count(*) from _dedup d join {stage} using (_rid) "
                "group by all").fetchall():
            removed.setdefault(f, {})[(status, bool(is_total))] = n
    if slow and stage is not None:
        dedup = "left join _dedup using (_rid)" if deduped else ""
        state = "coalesce(_dedup.s, 'keep')" if deduped else "'keep'"
        con.register("_slow_files", pl.DataFrame({"source_file": slow}))
        rows = con.execute(f"""
            with recs as (
                select source_file, source_row, {kind} as row_kind,
                    case {state} when 'conflict' then 'rejected' else {state} end as status
                from {stage} {dedup}
                where source_file in (select source_file from _slow_files)
                union all
                select source_file, source_row, row_kind, 'rejected' from {rejected}
                where source_file in (select source_file from _slow_files)
            ),
            per_row as (
                select source_file, source_row,
                    bool_or(status = 'rejected') as rej,
                    bool_and(row_kind = 'total') as tot,
                    bool_or(status = '{KEEP}') as keep
                from recs group by source_file, source_row
            ),
            rows as (
                select source_file,
                    count(*) filter (where rej) as rejected,
                    count(*) filter (where not rej and tot) as total,
                    count(*) filter (where not rej and not tot and keep) as loaded,
                    count(*) filter (where not rej and not tot and not keep) as duplicate
                from per_row group by source_file
            ),
            records as (
                select source_file,
                    count(*) filter (where status = '{KEEP}') as rec_keep,
                    count(*) filter (where status = 'rejected') as rec_rejected,
                    count(*) filter (where status = '{DUPLICATE}') as rec_duplicate,
                    count(*) filter (where status = '{SUPERSEDED}') as rec_superseded
                from recs group by source_file
            )
            select * from rows join records using (source_file)
        """).fetchall()
        con.unregister("_slow_files")
        for f, rej, tot, lo, dup, rk, rr, rd, rs in rows:
            by_file[f] = {"rejected": rej, "total": tot, "loaded": lo, "duplicate": dup, "rec_keep": rk,
                          "rec_rejected": rr, "rec_duplicate": rd, "rec_superseded": rs}
    out = []
    for file, info in per_file.items():
        c = by_file.get(file)
        if c is None:
            # One record per row: a row is its record. A conflicting record's
            # row is rejected; a duplicate or superseded total stays a total.
            r = removed.get(file, {})
            conflict_total, conflict_detail = r.get(("conflict", True), 0), r.get(("conflict", False), 0)
            dup = r.get((DUPLICATE, True), 0) + r.get((DUPLICATE, False), 0)
            sup = r.get((SUPERSEDED, True), 0) + r.get((SUPERSEDED, False), 0)
            gone_detail = r.get((DUPLICATE, False), 0) + r.get((SUPERSEDED, False), 0)
            c = {"rejected": info["rows_rejected"] + conflict_total + conflict_detail,
                 "total": info["rec_total"] - conflict_total,
                 "loaded": info["rec_valid"] - info["rec_total"] - conflict_detail - gone_detail,
                 "duplicate": gone_detail,
                 "rec_keep": info["rec_valid"] - conflict_total - conflict_detail - dup - sup,
                 "rec_rejected": info["rec_rejected"] + conflict_total + conflict_detail,
                 "rec_duplicate": dup, "rec_superseded": sup}
        parsed_rows = c["rejected"] + c["total"] + c["loaded"] + c["duplicate"]
        empty_rows = max(info["rows"] - info["ragged"] - parsed_rows, 0)
        out.append({
            "run_id": run_id, "domain": domain, "source_file": file, "source_format": info["format"],
            "file_sha256": info["sha"], "rows_read": info["rows"],
            "rows_loaded": c["loaded"] + empty_rows,
            "rows_rejected": c["rejected"] + info["ragged"],
            "rows_duplicate": c["duplicate"], "rows_total": c["total"],
            "records_loaded": c["rec_keep"], "records_rejected": c["rec_rejected"],
            "records_duplicate": c["rec_duplicate"], "records_superseded": c["rec_superseded"],
            "blank_lines": info["blank"], "file_refused": info["refused"],
            "notes": "; ".join(info["notes"]) or None,
        })
    return pl.DataFrame(out, schema=LEDGER_SCHEMA)


def now_utc() -> datetime:
    return datetime.now(UTC)


__all__ = ["DomainSpec", "InboxFile", "IngestResult", "ingest", "sha256_of", "FORMATS_BY_NAME"]
