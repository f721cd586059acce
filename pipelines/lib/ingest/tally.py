"""What reading one file counted, batch by batch, for its ledger row."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from pipelines.lib.ingest.spec import InboxFile


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
    # rows from the counts below instead of from every record in DuckDB.
    one_to_one: bool = True
    rec_valid: int = 0  # records that passed the contract (staged)
    rec_rejected: int = 0  # records that broke a rule
    rec_total: int = 0  # valid records that are published total rows
    rows_rejected: int = 0  # rows with at least one rejected record
    failures: int = 0  # rule failures of its records (a record may break several rules)
    periods: set[date] = field(default_factory=set)  # distinct values of the spec's period column

    @classmethod
    def of(cls, f: InboxFile) -> FileTally:
        return cls(format=f.format.name, sha256=f.sha256)
