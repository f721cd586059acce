"""Small files of one domain staged together (one flush, lib/ingest/run.py) give
exactly what staging them one by one gives: per-file ledger rows, rejects,
months and precedence; a refused file in the middle leaves the others."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest

from pipelines.lib.files import sha256_of
from pipelines.lib.ingest import run
from pipelines.lib.ingest.spec import InboxFile
from tests.conftest import ingest


def _write(path, rows: str):
    path.write_text('"Date","Troops","Police","Experts"\n' + rows)
    return path


@pytest.fixture
def files(tmp_path):
    from pipelines.lib.formats import detect

    paths = [
        _write(tmp_path / "Ghana.csv", "2020-01-31,10,5,NA\n2020-02-29,11,six,1\n\n2020-03-31,12,7,2\n"),
        _write(tmp_path / ".csv", "2020-01-31,NA,NA,NA\n"),  # no country: refused whole
        _write(tmp_path / "Kenya.csv", "2020-01-31,3,NA,NA\n2020-02-31,4,1,NA\n"),
        # Two names of one country: the file reaching the later month wins.
        _write(tmp_path / "Macedonia.csv", "2014-01-31,1,2,NA\n2014-02-28,1,2,NA\n"),
        _write(tmp_path / "The former Yugoslav Republic of Macedonia.csv",
               "2014-02-28,1,3,NA\n2014-03-31,1,3,NA\n"),
    ]
    return [InboxFile(p.name, p, detect(p).format, sha256_of(p)) for p in paths]


def _run(spec_files, monkeypatch, records: int):
    from pipelines.defs.contributor_strength import parser

    monkeypatch.setattr(run, "FLUSH_RECORDS", records)
    return ingest(parser.spec(), spec_files, "t")


def test_one_batch_equals_one_file_at_a_time(files, monkeypatch):
    together = _run(files, monkeypatch, 1 << 30)
    alone = _run(files, monkeypatch, 1)  # every file fills a batch
    sort = ["source_file", "source_row", "category"]
    assert together.records.sort(sort).equals(alone.records.sort(sort))
    cols = ["source_file", "source_row", "column_name", "rule", "value", "message"]
    assert together.rejects.select(cols).sort(cols).equals(alone.rejects.select(cols).sort(cols))
    assert together.ledger.drop("run_id").equals(alone.ledger.drop("run_id"))
    assert together.file_errors == alone.file_errors == [together.file_errors[0]]
    ledger = {r["source_file"]: r for r in together.ledger.iter_rows(named=True)}
    assert ledger[".csv"]["file_refused"] and not ledger["Ghana.csv"]["file_refused"]
    assert (ledger["Ghana.csv"]["rows_read"], ledger["Ghana.csv"]["rows_rejected"]) == (3, 1)
    assert ledger["Kenya.csv"]["rows_rejected"] == 1
    # 2014-02: police superseded (2 against 3), troops a repeat (1 and 1).
    assert (ledger["Macedonia.csv"]["records_superseded"], ledger["Macedonia.csv"]["records_duplicate"]) == (1, 1)
    assert together.records.filter(pl.col("source_file") == "Macedonia.csv").height == 2


def test_progress_is_told_for_the_first_and_last_file_and_at_most_every_interval(files, monkeypatch):
    from pipelines.defs.contributor_strength import parser

    def told(every_s: float) -> list[str]:
        monkeypatch.setattr(run, "PROGRESS_EVERY_S", every_s)
        messages: list[str] = []
        con = duckdb.connect()
        con.execute("create schema raw; create schema audit")
        run.ingest_into(con, parser.spec(), files, "t", "records", on_progress=messages.append)
        con.close()
        return messages

    every = told(0.0)
    assert [m.split(" files")[0] for m in every] == [f"contributor_strength: {i}/5" for i in range(1, 6)]
    assert every[-1].endswith("(The former Yugoslav Republic of Macedonia.csv)")
    # An interval longer than the step: the first file and the last one only.
    assert told(3600.0) == [every[0], every[-1]]
