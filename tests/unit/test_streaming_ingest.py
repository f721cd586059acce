"""The ingest read in batches (large files, batch by batch, staged a flush at a
time) gives exactly what reading every file in one piece gives, and a file the
streaming reader refuses part-way is read again without losing or repeating a row.

The batch sizes are lowered so a small SYNTHETIC file (bench/generate.py) takes
the path a 10M-row file takes."""

from __future__ import annotations

import polars as pl
import pytest

from bench.generate import staffing
from pipelines.defs.factories.raw import over_limit_line
from pipelines.lib.files import sha256_of
from pipelines.lib.ingest import run
from pipelines.lib.ingest.spec import InboxFile
from tests.conftest import ingest

ROWS, BLOCK = 12_000, 200_000  # bytes: five or six blocks of a 1 MB file


@pytest.fixture
def spec():
    from pipelines.defs.staffing import parser
    from pipelines.lib.reference import known_missions

    return parser.spec(known_missions())


def _file(path):
    from pipelines.lib.formats import detect

    return InboxFile(path.name, path, detect(path).format, sha256_of(path))


def _run(spec, paths, monkeypatch, stream: bool):
    # Streamed: batches of a file checked and staged in several flushes (the
    # second file's records partly in the first file's last flush).
    monkeypatch.setattr(run, "BLOCK_BYTES", BLOCK if stream else None)
    monkeypatch.setattr(run, "FLUSH_RECORDS", 4_000 if stream else 1 << 30)
    return ingest(spec, [_file(p) for p in paths], "t")


def _write(frame: pl.DataFrame, path):
    frame.write_csv(path)
    return path


def _bad_rows(frame: pl.DataFrame) -> pl.DataFrame:
    """Break rows in the first, a middle and the last chunk (data rows are
    numbered from 1; frame index i is source row i + 1)."""
    return frame.with_columns(
        pl.when(pl.int_range(pl.len()) == 10).then(pl.lit("twelve"))
        .otherwise(pl.col("Female_Personnel").cast(pl.Utf8)).alias("Female_Personnel"),
        pl.when(pl.int_range(pl.len()) == 6_000).then(pl.lit("31-Feb-15"))
        .otherwise(pl.col("Last_Reporting_Date")).alias("Last_Reporting_Date"),
        pl.when(pl.int_range(pl.len()) == ROWS - 1).then(pl.lit("ATLANTIS"))
        .otherwise(pl.col("Mission_Acronym")).alias("Mission_Acronym"),
    )


def _comparable(res):
    records = res.records.sort("source_file", "source_row")
    rejects = res.rejects.drop("run_id").sort("source_file", "source_row", "rule")
    ledger = res.ledger.drop("run_id", "notes").sort("source_file")
    return records, rejects, ledger


def test_streamed_chunks_equal_the_one_piece_read(spec, tmp_path, monkeypatch):
    clean = staffing(ROWS, months=12, seed=7)
    a = _write(_bad_rows(clean), tmp_path / "a.csv")
    # A second file repeating the first 3,000 rows: duplicates are resolved
    # across files and chunks, after streaming. Its copy of row 11 is valid.
    b = _write(clean.head(3_000), tmp_path / "b.csv")
    streamed = _run(spec, [a, b], monkeypatch, stream=True)
    whole = _run(spec, [a, b], monkeypatch, stream=False)
    for s, w in zip(_comparable(streamed), _comparable(whole), strict=True):
        assert s.equals(w)
    records, rejects, ledger = _comparable(streamed)
    # The bad rows of the first, a middle and the last chunk, at their file rows.
    assert rejects.select("source_row", "rule").rows() == [
        (11, "female_is_whole_number"), (6_001, "date_is_valid"), (ROWS, "mission_is_known")]
    assert ledger["rows_read"].to_list() == [ROWS, 3_000]
    assert ledger["rows_rejected"].to_list() == [3, 0]
    assert ledger.select("records_loaded", "records_duplicate").rows() == [(ROWS - 3, 0), (1, 2_999)]
    assert records.height == ROWS - 2
    assert records.select("source_file", "source_row").is_unique().all()


def test_a_ragged_line_mid_file_is_read_again_carefully(spec, tmp_path, monkeypatch):
    path = _write(staffing(ROWS, months=12, seed=3), tmp_path / "ragged.csv")
    lines = path.read_text().splitlines(keepends=True)
    lines[9_001] = lines[9_001].rstrip("\n") + ",extra,cells\n"  # data row 9001, in the fourth batch
    path.write_text("".join(lines))
    res = _run(spec, [path], monkeypatch, stream=True)
    # Every other row once: the batches before the ragged line, then the rest.
    assert res.records.height == ROWS - 1
    assert res.records["source_row"].is_unique().all()
    assert 9_001 not in res.records["source_row"].to_list()
    assert res.rejects.select("source_row", "rule").rows() == [(9_001, "field_count_matches_header")]
    ledger = res.ledger.row(0, named=True)
    assert (ledger["rows_read"], ledger["rows_loaded"], ledger["rows_rejected"]) == (ROWS, ROWS - 1, 1)
    assert "read again after row" in ledger["notes"]


def test_ledger_counts_duplicates_superseded_records_and_conflicts(spec, tmp_path, monkeypatch):
    """One-record-per-row files are counted from batch counts less what
    de-duplication removed: every row is accounted for, each case once."""
    clean = staffing(6_000, months=12, seed=11)
    a = _write(_bad_rows(clean), tmp_path / "a.csv")
    b = _write(clean.head(1_000), tmp_path / "b.csv")  # exact repeats of a's first rows
    # An older release with other values for a's rows 2001-2500: superseded by a.
    older = clean.slice(2_000, 500).filter(pl.col("Last_Reporting_Date") != "31-Dec-10").with_columns(
        (pl.col("Male_Personnel") + 1).alias("Male_Personnel"))
    c = _write(older, tmp_path / "c.csv")
    # One key twice with different values in one file (neither a copy of a's
    # row): both rows rejected, a's row kept.
    d = _write(pl.concat([clean.slice(4_000, 3), clean.slice(4_000, 1)]).with_columns(
        (pl.col("Male_Personnel") + 7 + pl.int_range(pl.len()).eq(3).cast(pl.Int64)).alias("Male_Personnel")),
        tmp_path / "d.csv")
    files = [a, b, c, d]
    ledger = _comparable(_run(spec, files, monkeypatch, stream=True))[2]
    counts = ledger.select("source_file", "rows_loaded", "rows_rejected", "rows_duplicate",
                           "records_duplicate", "records_superseded").rows()
    assert counts[1][3] > 0 and counts[2][5] > 0 and counts[3][2] == 2  # each case happened
    assert ledger.select(pl.col("rows_read") == pl.sum_horizontal(
        "rows_loaded", "rows_rejected", "rows_duplicate", "rows_total")).to_series().all()


def test_a_file_refused_part_way_leaves_nothing_behind(spec, tmp_path, monkeypatch):
    """Its first blocks are checked and staged before its last one proves it
    is not text: the file is refused whole, none of its rows or rejects stay."""
    clean = staffing(ROWS, months=12, seed=9)
    path = _write(_bad_rows(clean), tmp_path / "late_binary.csv")
    path.write_bytes(path.read_bytes() + b"\x81\x8d\x8f\n")  # bytes no encoding read here decodes
    res = _run(spec, [path], monkeypatch, stream=True)
    assert res.records.is_empty()
    assert res.rejects.select("source_row", "rule").rows() == [(None, "encoding_is_supported")]
    ledger = res.ledger.row(0, named=True)
    assert ledger["file_refused"] and ledger["rows_read"] == 0
    # The reject-share check names the refusal, not "0/0 rows rejected (100.0%)".
    line = over_limit_line("late_binary.csv", 0, 0, True, ledger["notes"])
    assert line.startswith("late_binary.csv: refused: ") and "0/0" not in line and "%" not in line


def test_an_error_while_staging_reaches_the_caller_as_itself(spec, tmp_path, monkeypatch):
    """DuckDB pulls the records from the ingest's generator: an error there
    comes back as the original exception, not as DuckDB's own."""
    path = _write(staffing(ROWS, months=12, seed=5), tmp_path / "s.csv")
    calls = {"n": 0}
    normalize = spec.normalize

    def failing(frame):
        calls["n"] += bool(frame.height)
        if calls["n"] == 3:
            raise RuntimeError("normaliser broke on flush 3")
        return normalize(frame)

    spec.normalize = failing
    with pytest.raises(RuntimeError, match="normaliser broke on flush 3"):
        _run(spec, [path], monkeypatch, stream=True)
