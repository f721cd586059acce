"""Contract for figures cited in UN documents (one number a row, with its source)."""

from __future__ import annotations

from datetime import date

import pandera.polars as pa
import polars as pl

from schemas._checks import parsed, present

CATEGORIES = ["training", "incident", "case", "ceiling", "staffing", "gender", "context", "target", "activity"]
METRICS = ["female_share_ipo", "female_share_fpu", "female_share_police", "police_deployed", "ceiling_fill_rate"]


class ReportedFigure(pa.DataFrameModel):
    source_file: str
    source_row: int
    figure_id: str = pa.Field(nullable=True)
    mission_raw: str = pa.Field(nullable=True)
    mission: str = pa.Field(nullable=True)
    mission_known: bool
    indicator: str = pa.Field(nullable=True, str_matches=r"^[a-z][a-z0-9_]*$")
    category: str = pa.Field(nullable=True, isin=CATEGORIES)
    metric: str = pa.Field(nullable=True, isin=METRICS)
    value_raw: str = pa.Field(nullable=True)
    value: float = pa.Field(nullable=True, ge=0)
    unit: str = pa.Field(nullable=True)
    period_start_raw: str = pa.Field(nullable=True)
    period_start: date = pa.Field(nullable=True)
    period_end_raw: str = pa.Field(nullable=True)
    period_end: date = pa.Field(nullable=True)
    document: str = pa.Field(nullable=True)
    locator: str = pa.Field(nullable=True)
    is_illustrative: bool = pa.Field(nullable=True)
    key_conflict: bool

    @pa.dataframe_check(name="figure_id_present")
    def _id(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(present("figure_id"))

    @pa.dataframe_check(name="mission_is_known")
    def _mission(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("mission_known"))

    @pa.dataframe_check(name="value_is_number")
    def _v(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(parsed("value") & present("value"))

    @pa.dataframe_check(name="period_start_is_valid_date")
    def _ps(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(parsed("period_start"))

    @pa.dataframe_check(name="period_end_is_valid_date")
    def _pe(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(parsed("period_end") & present("period_end"))

    @pa.dataframe_check(name="period_end_not_before_start")
    def _order(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select((pl.col("period_end") >= pl.col("period_start")).fill_null(True))

    @pa.dataframe_check(name="document_present")
    def _doc(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(present("document"))

    @pa.dataframe_check(name="locator_present")
    def _loc(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(present("locator"))

    @pa.dataframe_check(name="key_is_unique")
    def _unique(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(~pl.col("key_conflict"))

    class Config:
        strict = False
        coerce = False


RULE_COLUMNS = {
    "figure_id_present": "figure_id",
    "mission_is_known": "mission_raw",
    "value_is_number": "value_raw",
    "period_start_is_valid_date": "period_start_raw",
    "period_end_is_valid_date": "period_end_raw",
    "period_end_not_before_start": "period_end_raw",
    "document_present": "document",
    "locator_present": "locator",
    "key_is_unique": "figure_id",
}
