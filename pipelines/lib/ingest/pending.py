"""What staging one file produces besides its records (rejects, rejected rows,
counts), held until the file's records are staged: a failed attempt leaves
nothing behind."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field

import polars as pl

from pipelines.lib.ingest.audit import insert

# Rejects of one file held in memory before they spill to a Parquet file.
SPOOL_ROWS = 250_000


class Spool:
    """Frames kept until their file is staged, spilled to Parquet files past
    SPOOL_ROWS so a file with millions of bad rows does not hold its rejects
    in memory. Discarded with the attempt if the file fails."""

    def __init__(self) -> None:
        self.frames: list[pl.DataFrame] = []
        self.rows = 0
        self.dir: tempfile.TemporaryDirectory | None = None
        self.files: list[str] = []

    def append(self, frame: pl.DataFrame) -> None:
        self.frames.append(frame)
        self.rows += frame.height
        if self.rows > SPOOL_ROWS:
            if self.dir is None:
                self.dir = tempfile.TemporaryDirectory(prefix="unpol-spool-")
            path = f"{self.dir.name}/{len(self.files)}.parquet"
            pl.concat(self.frames, how="vertical_relaxed").write_parquet(path)
            self.files.append(path)
            self.frames, self.rows = [], 0

    def write(self, con, table: str) -> None:
        try:
            if self.files:
                con.execute(f"insert into {table} by name select * from read_parquet(?)", [self.files])
            for frame in self.frames:
                insert(con, table, frame)
        finally:
            self.close()

    def close(self) -> None:
        if self.dir is not None:
            self.dir.cleanup()
            self.dir = None


@dataclass
class Staged:
    """What staging one file produced besides its records in the stage."""
    next_rid: int
    inserted: bool = False
    failures: int = 0
    rejects: Spool = field(default_factory=lambda: Spool())  # for audit.rejects
    rejected: Spool = field(default_factory=lambda: Spool())  # rows that broke a rule
    error: BaseException | None = None  # the producer's, raised again in the caller
