"""What a domain hands the ingest (its parsers, normaliser, contract and key)
and the inbox files it is given."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandera.ibis as pa
import polars as pl

from pipelines.lib.formats import Format
from pipelines.lib.readers import TextTable


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
    # The output columns that are not text (the raw table's types when no record loads).
    output_types: dict[str, pl.DataType] = field(default_factory=dict)
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


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
