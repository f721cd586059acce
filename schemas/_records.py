"""Fields every record read from the inbox carries, declared once."""

from __future__ import annotations

from datetime import date

import pandera.ibis as pa

TYPES = {"str": str, "int": int, "float": float, "date": date, "bool": bool}


class InboxRecord(pa.DataFrameModel):
    """A record made from one data row of an inbox file."""

    source_file: str
    source_row: int

    def __init_subclass__(cls, nullable: str = "", **kwargs):
        """A model's nullable columns as one table, ``name`` (text) or
        ``name:type``, after the required ones annotated in its body."""
        own = cls.__annotations__  # the class's own (Python 3.10+ makes an empty one if the body has none)
        for cell in nullable.split():
            name, _, kind = cell.partition(":")
            own[name] = TYPES[kind or "str"]
            field = pa.Field(nullable=True)
            field.__set_name__(cls, name)
            setattr(cls, name, field)
        super().__init_subclass__(**kwargs)

    class Config:
        # strict=False: the contract covers the columns it names; bookkeeping
        # columns (labels, published names, as-of) pass through.
        # coerce=False: the normaliser casts, so a type mismatch here is a
        # parser bug, not bad data.
        strict = False
        coerce = False


class MissionNamingRecord(InboxRecord, nullable="mission_raw mission"):
    """A record that names a mission: as published, as resolved through the
    aliases, and whether that mission is known."""

    mission_known: bool
