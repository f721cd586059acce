"""What a domain hands the ingest (its parsers, normaliser, contract and key),
the inbox files it is given, and what reading each file counted (FileTally)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandera.ibis as pa
import polars as pl
from ibis.formats.polars import PolarsType

from pipelines.lib.formats import Format
from pipelines.lib.readers import TextTable
from pipelines.lib.tabular import published_columns, select_text


@dataclass
class InboxFile:
    relpath: str  # path relative to the inbox, as shown in every message
    path: Path
    format: Format
    sha256: str
    sheet: str | None = None


# A format's parser: a function, or canonical column -> published column
# (None: absent), each read as text (``lib/tabular.py``: select_text).
Parser = Callable[[TextTable, InboxFile], pl.DataFrame] | dict[str, str | None]


@dataclass
class DomainSpec:
    domain: str
    parsers: dict[str, Parser]
    normalize: Callable[[pl.DataFrame], pl.DataFrame]
    model: type[pa.DataFrameModel]
    unique_about: str  # the column a key_is_unique reject names
    key: tuple[str, ...]
    values: tuple[str, ...]
    output_columns: tuple[str, ...]
    # Which published column a canonical column came from, per format, so a
    # reject names the column the user sees in the file.
    source_columns: Callable[[str, str, pl.DataFrame], pl.Expr] | None = None
    # Higher wins when two files carry the same key with different values; an
    # expression aggregated over each file's records in a chunk (group by
    # source_file), the file's value being the largest over its chunks.
    precedence: Callable[[pl.DataFrame], pl.Expr] | None = None
    # A date column whose distinct values are recorded per file content hash in
    # audit.file_months, so a run for some months can skip files without them.
    period_column: str | None = None
    missing: tuple[str, ...] = ()  # the publisher's markers of no value, for the column maps

    def __post_init__(self) -> None:
        """A reject names the published column of a column map (the canonical
        name without ``_raw`` otherwise)."""
        maps = {fmt: p for fmt, p in self.parsers.items() if isinstance(p, dict)}
        if maps and self.source_columns is None:
            self.source_columns = published_columns(maps)

    def parse(self, table: TextTable, f: InboxFile) -> pl.DataFrame:
        parser = self.parsers[f.format.name]
        return select_text(table, parser, *self.missing) if isinstance(parser, dict) else parser(table, f)

    def output_schema(self) -> dict[str, pl.DataType]:
        """The raw table's columns and types, from the contract (text where it names none)."""
        columns = self.model.to_schema().columns
        return {c: PolarsType.from_ibis(columns[c].dtype.type) if c in columns else pl.Utf8 for c in self.output_columns}


@dataclass
class FileTally:
    format: str  # the recognised format's name
    sha256: str
    rows: int = 0  # data records read, ragged lines included (blank lines are not rows)
    blank: int = 0  # blank lines
    ragged: int = 0  # lines with more fields than the header (rejected)
    notes: list[str] = field(default_factory=list)
    refused: bool = False  # the whole file was refused (unreadable, wrong layout)
    rank: float | None = None  # precedence: the largest over the file's batches
    # True while every row made exactly one record: the ledger can then count
    # its rows as its records instead of grouping them by row.
    one_to_one: bool = True
    failures: int = 0  # rule failures of its records (a record may break several rules)
    periods: set[date] = field(default_factory=set)  # distinct values of the spec's period column
