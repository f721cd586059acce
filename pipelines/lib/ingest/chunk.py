"""One chunk of records: parse it (one file's), then normalise it, check it
against the domain's contract (in DuckDB: lib/validation.py) and count it in
the tally of each file it holds. A chunk is a block of one large file, or a
batch of small files parsed one by one (batch.py); both count the same way."""

from __future__ import annotations

import polars as pl

from pipelines.lib.ingest.pending import Staged
from pipelines.lib.ingest.rejects import failure_rejects, ragged_rejects
from pipelines.lib.ingest.spec import DomainSpec, InboxFile
from pipelines.lib.ingest.tally import FileTally
from pipelines.lib.readers import ROW, TextTable
from pipelines.lib.validation import Checker, validate_frame


def process_chunk(spec: DomainSpec, f: InboxFile, chunk: TextTable, tally: FileTally, run_id: str,
                  staged: Staged, stage_cols: list[str], checker: Checker, duck) -> pl.DataFrame | None:
    """Return the chunk's valid records as the stage's columns and keep its
    rejects in ``staged`` (written once the file is)."""
    parsed, ragged = parse_chunk(spec, f, chunk, tally, run_id)
    if ragged is not None:
        staged.rejects.append(ragged)
    return check_records(spec, parsed, {f.relpath: tally}, run_id, staged, stage_cols, checker, duck)


def parse_chunk(spec: DomainSpec, f: InboxFile, chunk: TextTable, tally: FileTally,
                run_id: str) -> tuple[pl.DataFrame, pl.DataFrame | None]:
    """The chunk's canonical text records (with their file, row and format)
    and the rejects of its ragged lines, if any; counted in the file's tally."""
    parsed = spec.parsers[f.format.name](chunk, f).with_columns(
        pl.lit(f.relpath).alias("source_file"), pl.lit(f.format.name).alias("source_format"),
    ).select(pl.exclude(ROW), pl.col(ROW).cast(pl.Int64).alias("source_row"))
    tally.blank += chunk.blank_rows
    tally.notes.extend(n for n in chunk.notes if n not in tally.notes)
    tally.ragged += len(chunk.ragged)
    tally.rows += chunk.frame.height + len(chunk.ragged)
    # One record per row (the long formats) lets the ledger count records.
    if parsed.height != chunk.frame.height or parsed["source_row"].n_unique() != parsed.height:
        tally.one_to_one = False
    ragged = ragged_rejects(run_id, spec.domain, f.relpath, chunk.ragged, len(chunk.header)) if chunk.ragged else None
    return parsed, ragged


def check_records(spec: DomainSpec, parsed: pl.DataFrame, tallies: dict[str, FileTally], run_id: str,
                  staged: Staged, stage_cols: list[str], checker: Checker, duck) -> pl.DataFrame | None:
    """Normalise and check ``parsed`` (the records of the files in ``tallies``,
    in file order), count each file's records in its tally (by source_file),
    keep the rejects in ``staged`` and return the valid records as the
    stage's columns."""
    if parsed.is_empty():
        return None
    records = spec.normalize(parsed).with_columns(
        (pl.int_range(0, pl.len(), dtype=pl.Int64) + staged.next_rid).alias("_rid"))
    staged.next_rid += records.height
    # The contract's rules run in DuckDB (``duck``, in memory) on the chunk.
    validated = validate_frame(records, spec.model, con=duck, checker=checker)
    kind = pl.col("row_kind") if "row_kind" in records.columns else pl.lit("detail")
    if validated.failures.height:
        staged.rejects.append(failure_rejects(spec, run_id, validated.failures, records))
        bad = records.filter(pl.col("_rid").is_in(validated.failures["_rid"].unique().implode()))
        staged.rejected.append(bad.select("source_file", "source_row", kind.alias("row_kind")))
        staged.failures += validated.failures.height
        for file, n, rows in bad.group_by("source_file").agg(
                pl.len(), pl.col("source_row").n_unique()).iter_rows():
            tallies[file].rec_rejected += n
            tallies[file].rows_rejected += rows
    # Precedence and months per file (a file's rank is the largest over its chunks).
    rank = spec.precedence(records).max() if spec.precedence else pl.lit(0)
    months = pl.col(spec.period_column).drop_nulls().unique() if spec.period_column else pl.lit(None)
    for file, r, periods in records.group_by("source_file").agg(rank.alias("r"), months.alias("p")).iter_rows():
        t = tallies[file]
        t.rank = r if t.rank is None else max(t.rank, r)
        if spec.period_column:
            t.periods.update(periods)
    valid = validated.valid
    for file, n, totals in valid.group_by("source_file").agg(pl.len(), (kind == "total").sum()).iter_rows():
        tallies[file].rec_valid += n
        tallies[file].rec_total += totals
    # A 64-bit hash of each valid record's key: if no two are equal across the
    # whole input there is nothing to de-duplicate (checked without DuckDB).
    hashes = valid.select("source_file", pl.struct(list(spec.key)).hash(seed=0).alias("h"))
    for (file,), part in hashes.partition_by("source_file", as_dict=True).items():
        tallies[file].key_hashes.append(part.get_column("h"))
    # Text columns go to DuckDB as dictionaries (most repeat a few values): as
    # fast to load as plain strings, and a lower peak (10M rows: 952 MiB
    # against about 1,130 MiB).
    return valid.select([c for c in stage_cols if c in valid.columns]).with_columns(
        pl.col(pl.String).cast(pl.Categorical))
