"""Contract for authorized police strength (ceilings) set by Security Council resolutions."""

from __future__ import annotations

from datetime import date

import pandera.polars as pa
import polars as pl

from schemas._checks import parsed, present

SCOPES = ["police_total", "ipo", "fpu", "spt"]


class CeilingRecord(pa.DataFrameModel):
    source_file: str
    source_row: int
    mission_raw: str = pa.Field(nullable=True)
    mission: str = pa.Field(nullable=True)
    mission_known: bool
    personnel_scope: str = pa.Field(nullable=True, isin=SCOPES)
    authorized_strength_raw: str = pa.Field(nullable=True)
    authorized_strength: int = pa.Field(nullable=True, gt=0)
    effective_from_raw: str = pa.Field(nullable=True)
    effective_from: date = pa.Field(nullable=True)
    set_by: str = pa.Field(nullable=True)
    citation: str = pa.Field(nullable=True)
    key_conflict: bool

    @pa.dataframe_check(name="mission_is_known")
    def _mission(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("mission_known"))

    @pa.dataframe_check(name="authorized_strength_is_whole_number")
    def _n(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(parsed("authorized_strength") & present("authorized_strength"))

    @pa.dataframe_check(name="effective_from_is_valid_date")
    def _d(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(present("effective_from"))

    @pa.dataframe_check(name="set_by_present")
    def _set_by(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(present("set_by"))

    @pa.dataframe_check(name="citation_present")
    def _cite(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(present("citation"))

    @pa.dataframe_check(name="key_is_unique")
    def _unique(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(~pl.col("key_conflict"))

    class Config:
        strict = False
        coerce = False


RULE_COLUMNS = {
    "mission_is_known": "mission_raw",
    "authorized_strength_is_whole_number": "authorized_strength_raw",
    "effective_from_is_valid_date": "effective_from_raw",
    "set_by_present": "set_by",
    "citation_present": "citation",
    "key_is_unique": "mission_raw",
}
