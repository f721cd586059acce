"""Fields every record read from the inbox carries, declared once."""

from __future__ import annotations

import pandera.ibis as pa


class InboxRecord(pa.DataFrameModel):
    """A record made from one data row of an inbox file."""

    source_file: str
    source_row: int

    class Config:
        # strict=False: the contract covers the columns it names; bookkeeping
        # columns (labels, published names, as-of) pass through.
        # coerce=False: the normaliser casts, so a type mismatch here is a
        # parser bug, not bad data.
        strict = False
        coerce = False


class MissionNamingRecord(InboxRecord):
    """A record that names a mission: as published, as resolved through the
    aliases, and whether that mission is known."""

    mission_raw: str = pa.Field(nullable=True)
    mission: str = pa.Field(nullable=True)
    mission_known: bool
