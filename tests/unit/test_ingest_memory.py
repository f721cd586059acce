"""What keeps the streaming ingest's memory bounded: records reach DuckDB in
whole row groups, and a large file's key hashes wait in a spill file."""

from __future__ import annotations

import numpy as np
import polars as pl
import pyarrow as pa

from pipelines.lib.ingest.staging import row_groups
from pipelines.lib.ingest.tally import KeyHashes


def _frames(sizes: list[int]) -> list[pl.DataFrame]:
    out, start = [], 0
    for n in sizes:
        ids = list(range(start, start + n))
        out.append(pl.DataFrame({"id": pl.Series(ids, dtype=pl.Int64),
                                 "kind": pl.Series([f"k{i % 7}" for i in ids], dtype=pl.Categorical)}))
        start += n
    return out


def test_row_groups_are_whole_and_keep_every_record_in_order():
    frames = _frames([250, 0, 40, 1_000, 7])
    out = list(row_groups(iter(frames), rows=100))
    assert all(isinstance(t, pa.Table) for t in out)
    assert [t.num_rows for t in out] == [100] * 12 + [97]
    assert all(len(t.to_batches()) == 1 for t in out)
    got = pl.from_arrow(pa.concat_tables(out))
    want = pl.concat(frames)
    assert got["id"].to_list() == list(range(1_297))
    assert got["kind"].cast(pl.Utf8).to_list() == want["kind"].cast(pl.Utf8).to_list()


def test_row_groups_of_nothing_and_of_an_exact_multiple():
    assert list(row_groups(iter([]), rows=10)) == []
    assert [t.num_rows for t in row_groups(iter(_frames([20, 10])), rows=10)] == [10, 10, 10]


def test_key_hashes_spill_and_come_back_in_order(monkeypatch):
    monkeypatch.setattr(KeyHashes, "SPILL_AT", 5)
    hashes = KeyHashes()
    parts = [pl.Series([1, 2, 3], dtype=pl.UInt64), pl.Series([4, 5, 6], dtype=pl.UInt64),
             pl.Series([7], dtype=pl.UInt64)]
    for p in parts:
        hashes.append(p)
    assert hashes.spilled  # the first six went to the file
    arrays = hashes.arrays()
    assert arrays[0].flags.writeable  # dedup sorts the spilled hashes in place
    assert np.concatenate(arrays).tolist() == [1, 2, 3, 4, 5, 6, 7]


def test_key_hashes_below_the_threshold_stay_in_memory():
    hashes = KeyHashes()
    hashes.append(pl.Series([9, 8], dtype=pl.UInt64))
    assert not hashes.spilled
    assert np.concatenate(hashes.arrays()).tolist() == [9, 8]
