"""Contract for mission reference rows (UN mission list and the shipped seed)."""

from __future__ import annotations

from datetime import date

import pandera.polars as pa
import polars as pl

from schemas._checks import parsed, present


class MissionRecord(pa.DataFrameModel):
    source_file: str
    source_row: int
    mission_raw: str = pa.Field(nullable=True)
    mission: str = pa.Field(nullable=True)
    mission_name: str = pa.Field(nullable=True)
    start_date_raw: str = pa.Field(nullable=True)
    start_date: date = pa.Field(nullable=True)
    end_date_raw: str = pa.Field(nullable=True)
    end_date: date = pa.Field(nullable=True)
    key_conflict: bool

    @pa.dataframe_check(name="mission_present")
    def _mission(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(present("mission"))

    @pa.dataframe_check(name="start_date_is_valid")
    def _start(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(parsed("start_date"))

    @pa.dataframe_check(name="end_date_is_valid")
    def _end(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(parsed("end_date"))

    @pa.dataframe_check(name="end_not_before_start")
    def _order(cls, data) -> pl.LazyFrame:
        ok = pl.col("end_date").is_null() | pl.col("start_date").is_null() | (pl.col("end_date") >= pl.col("start_date"))
        return data.lazyframe.select(ok)

    @pa.dataframe_check(name="key_is_unique")
    def _unique(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(~pl.col("key_conflict"))

    class Config:
        strict = False  # bookkeeping columns (location, flags) pass through
        coerce = False


RULE_COLUMNS = {
    "mission_present": "mission_raw",
    "start_date_is_valid": "start_date_raw",
    "end_date_is_valid": "end_date_raw",
    "end_not_before_start": "end_date_raw",
    "key_is_unique": "mission_raw",
}
