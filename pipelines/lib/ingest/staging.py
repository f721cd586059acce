"""Stage one file, or a batch of small files: the valid records stream into
the stage table (one insert each) while a producer thread parses, normalises
and validates the next chunks."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import duckdb
import polars as pl
import pyarrow as pa_arrow

from pipelines.lib.ingest.chunk import process_chunk
from pipelines.lib.ingest.pending import Staged
from pipelines.lib.ingest.read_ahead import read_ahead
from pipelines.lib.ingest.spec import DomainSpec, InboxFile
from pipelines.lib.ingest.tally import FileTally
from pipelines.lib.readers import TextTable
from pipelines.lib.validation import Checker, checking_connection

# Chunks parsed ahead of DuckDB's write.
PREFETCH_CHUNKS = 1
# DuckDB's row group (rows). Records reach the stage in batches of exactly this
# many: an insert keeps each smaller batch in memory until it can merge it with
# its neighbours (10M rows in 8 MiB blocks: peak RSS 1,141 MiB with the blocks'
# own batches, 864 MiB in row groups; bench/run_bench.py, BENCHMARKS.md).
ROW_GROUP_ROWS = 122_880


def row_groups(frames: Iterator[pl.DataFrame], rows: int | None = None) -> Iterator[pa_arrow.Table]:
    """The records of ``frames``, in order, as Arrow tables of exactly ``rows``
    (default ``ROW_GROUP_ROWS``) records each in one batch (the last one may be
    shorter)."""
    rows = rows or ROW_GROUP_ROWS
    rest = None
    for frame in frames:
        rest = frame if rest is None else pl.concat([rest, frame], rechunk=False)
        whole = rest.height - rest.height % rows
        for start in range(0, whole, rows):
            yield rest.slice(start, rows).rechunk().to_arrow()
        rest = rest.slice(whole)
    if rest is not None and rest.height:
        yield rest.rechunk().to_arrow()


def stage_file(con: duckdb.DuckDBPyConnection, spec: DomainSpec, f: InboxFile,
               tables: Callable[[], Iterator[TextTable]], tally: FileTally, run_id: str, next_rid: int,
               stage: str, stage_cols: list[str], stage_created: bool, checker: Checker) -> Staged:
    """Parse, normalise and validate one file chunk by chunk in a producer
    thread while DuckDB writes the previous chunks into the stage: one
    ``insert`` (or ``create table``) per file reads the valid records as an
    Arrow stream. The two overlap (polars and DuckDB both release the GIL), so
    the file costs about the slower of the two, not their sum (measured:
    bench/run_bench.py). A failure anywhere aborts the statement, so a failed
    attempt stages nothing."""
    staged = Staged(next_rid)

    def produce(duck):
        chunks = tables()
        try:
            for chunk in chunks:
                yield process_chunk(spec, f, chunk, tally, run_id, staged, stage_cols, checker, duck)
        finally:  # stops the reader's thread, also when a chunk fails
            if hasattr(chunks, "close"):
                chunks.close()

    return stage_chunks(con, produce, staged, stage, stage_created, f"ingest-{spec.domain}")


def stage_chunks(con: duckdb.DuckDBPyConnection,
                 produce: Callable[[duckdb.DuckDBPyConnection], Iterator[pl.DataFrame | None]],
                 staged: Staged, stage: str, stage_created: bool, name: str) -> Staged:
    """Stage the valid records ``produce`` yields (given the producer's
    connection to the in-memory DuckDB where chunks are checked), made in a
    producer thread, with one ``insert`` (or ``create table``); their rejects
    and counts are in ``staged``."""

    def valid_frames(duck):
        schema = None
        for valid in produce(duck):
            if valid is not None and valid.height:
                schema = schema or valid.schema
                yield valid.cast(schema)

    def valid_chunks():
        duck = checking_connection()
        try:
            yield from row_groups(valid_frames(duck))
        finally:
            duck.close()

    chunks = read_ahead(valid_chunks(), PREFETCH_CHUNKS, name=name)

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
