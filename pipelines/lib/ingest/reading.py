"""A file as text tables: in one piece, or in blocks for large UTF-8 CSV files
(read ahead in a thread) so memory stays bounded whatever the file size."""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from pipelines.lib.formats import EXCEL_SUFFIXES
from pipelines.lib.ingest.read_ahead import read_ahead
from pipelines.lib.ingest.spec import InboxFile
from pipelines.lib.readers import (
    TextTable,
    read_excel_table,
    read_header,
    read_text_table,
    stream_text_table,
)

# Files above this size are read in blocks of CHUNK_BYTES, so memory stays
# bounded whatever the file size (measured: bench/run_bench.py).
STREAM_MIN_BYTES = 64 * 2**20
CHUNK_BYTES = 8 * 2**20  # about 105k records of the UN long layout


class StreamFailed(Exception):
    """The streaming reader met something only the careful reader handles."""


def read_file(f: InboxFile) -> TextTable:
    if f.path.suffix.lower() in {".xlsx", ".xlsm", ".xls"}:
        return read_excel_table(f.path, f.sheet or f.format.sheet)
    return read_text_table(f.path)


def small(f: InboxFile) -> bool:
    """Read in one piece whatever its encoding (staged with other small files)."""
    return f.path.suffix.lower() in EXCEL_SUFFIXES or f.path.stat().st_size < STREAM_MIN_BYTES


def tables(f: InboxFile) -> Iterator[TextTable]:
    """The file as one table, or as row chunks for large UTF-8 CSV files so
    memory stays bounded whatever the file size."""
    if small(f):
        yield read_file(f)
        return
    encoding, delimiter, header = read_header(f.path)
    if encoding not in ("utf-8", "utf-8-sig"):
        yield read_file(f)
        return
    try:
        # The next block is read and parsed in a thread of its own while this
        # one is normalised and validated (both release the GIL).
        yield from read_ahead(stream_text_table(f.path, delimiter, header, encoding, CHUNK_BYTES))
    except pl.exceptions.PolarsError as exc:
        raise StreamFailed(str(exc)) from exc
