"""What reading one file counted, chunk by chunk, for its ledger row."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import polars as pl

from pipelines.lib.ingest.spec import InboxFile


class KeyHashes:
    """A 64-bit hash of each valid record's key, for one file. Past
    ``SPILL_AT`` hashes they are written to a temporary file instead of held
    through the rest of the read (10M records: 76 MiB less at the peak;
    BENCHMARKS.md)."""

    SPILL_AT = 1 << 20

    def __init__(self) -> None:
        self._held: list[np.ndarray] = []
        self._count = 0
        self._spill = None

    def append(self, hashes: pl.Series) -> None:
        self._held.append(hashes.to_numpy())
        self._count += len(hashes)
        if self._count >= self.SPILL_AT:
            self._spill = self._spill or tempfile.TemporaryFile(prefix="unpol-key-hashes-")
            for part in self._held:
                part.tofile(self._spill)
            self._held, self._count = [], 0

    @property
    def spilled(self) -> bool:
        """Whether hashes went to the temporary file."""
        return self._spill is not None

    def arrays(self) -> list[np.ndarray]:
        """Every hash appended, as arrays, in order."""
        if self._spill is None:
            return list(self._held)
        self._spill.seek(0)
        return [np.fromfile(self._spill, dtype=np.uint64), *self._held]


@dataclass
class FileTally:
    format: str  # the recognised format's name
    sha256: str
    rows: int = 0  # data records read, ragged lines included (blank lines are not rows)
    blank: int = 0  # blank lines
    ragged: int = 0  # lines with more fields than the header (rejected)
    notes: list[str] = field(default_factory=list)
    refused: bool = False  # the whole file was refused (unreadable, wrong layout)
    rank: float | None = None  # precedence: the largest over the file's chunks
    # True while every row made exactly one record: the ledger can then count
    # rows from the counts below instead of from every record in DuckDB.
    one_to_one: bool = True
    rec_valid: int = 0  # records that passed the contract (staged)
    rec_rejected: int = 0  # records that broke a rule
    rec_total: int = 0  # valid records that are published total rows
    rows_rejected: int = 0  # rows with at least one rejected record
    key_hashes: KeyHashes = field(default_factory=KeyHashes)
    periods: set[date] = field(default_factory=set)  # distinct values of the spec's period column

    @classmethod
    def of(cls, f: InboxFile) -> FileTally:
        return cls(format=f.format.name, sha256=f.sha256)
