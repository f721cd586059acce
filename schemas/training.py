"""Contract for training delivered by a mission's police component."""

from __future__ import annotations

from datetime import date

import pandera.polars as pa
import polars as pl

from schemas._checks import not_in_future, parsed, present


class TrainingRecord(pa.DataFrameModel):
    source_file: str
    source_row: int
    mission_raw: str = pa.Field(nullable=True)
    mission: str = pa.Field(nullable=True)
    mission_known: bool
    period_start_raw: str = pa.Field(nullable=True)
    period_start: date = pa.Field(nullable=True)
    period_end_raw: str = pa.Field(nullable=True)
    period_end: date = pa.Field(nullable=True)
    topic: str = pa.Field(nullable=True)
    trainees_raw: str = pa.Field(nullable=True)
    trainees: int = pa.Field(nullable=True, ge=0)
    trainees_female_raw: str = pa.Field(nullable=True)
    trainees_female: int = pa.Field(nullable=True, ge=0)
    citation: str = pa.Field(nullable=True)
    key_conflict: bool

    @pa.dataframe_check(name="mission_is_known")
    def _mission(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("mission_known"))

    @pa.dataframe_check(name="period_start_is_valid_date")
    def _ps(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(present("period_start"))

    @pa.dataframe_check(name="period_end_is_valid_date")
    def _pe(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(present("period_end"))

    @pa.dataframe_check(name="period_end_not_in_future")
    def _future(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(not_in_future("period_end"))

    @pa.dataframe_check(name="period_end_not_before_start")
    def _order(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select((pl.col("period_end") >= pl.col("period_start")).fill_null(True))

    @pa.dataframe_check(name="trainees_is_whole_number")
    def _n(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(parsed("trainees") & present("trainees"))

    @pa.dataframe_check(name="trainees_female_is_whole_number")
    def _f(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(parsed("trainees_female"))

    @pa.dataframe_check(name="female_not_more_than_trainees")
    def _fm(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select((pl.col("trainees_female") <= pl.col("trainees")).fill_null(True))

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
    "period_start_is_valid_date": "period_start_raw",
    "period_end_is_valid_date": "period_end_raw",
    "period_end_not_in_future": "period_end_raw",
    "period_end_not_before_start": "period_end_raw",
    "trainees_is_whole_number": "trainees_raw",
    "trainees_female_is_whole_number": "trainees_female_raw",
    "female_not_more_than_trainees": "trainees_female_raw",
    "citation_present": "citation",
    "key_is_unique": "mission_raw",
}
