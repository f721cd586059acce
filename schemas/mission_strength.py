"""Contract for published strength records: one row per month x mission (or ALL
for the whole system) x category (troops, police, observers, total), as IPI
publishes them from the UN DPKO monthly reports."""

from __future__ import annotations

from datetime import date

import pandera.polars as pa
import polars as pl

from schemas._checks import not_in_future, parsed, present

CATEGORIES = ["troops", "police", "observers", "total"]


class MissionStrengthRecord(pa.DataFrameModel):
    source_file: str
    source_row: int
    source_format: str
    scope: str = pa.Field(isin=["mission", "system"])
    month_raw: str = pa.Field(nullable=True)
    month: date = pa.Field(nullable=True)
    mission_raw: str = pa.Field(nullable=True)
    mission: str = pa.Field(nullable=True)
    mission_known: bool
    category: str = pa.Field(isin=CATEGORIES)
    personnel_raw: str = pa.Field(nullable=True)
    personnel: int = pa.Field(nullable=True, ge=0)
    contributors_raw: str = pa.Field(nullable=True)
    contributors: int = pa.Field(nullable=True, ge=0)
    host_country_raw: str = pa.Field(nullable=True)
    host_country_iso3: str = pa.Field(nullable=True)
    host_country_match: str = pa.Field(nullable=True)
    key_conflict: bool

    @pa.dataframe_check(name="date_is_valid")
    def _date(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(present("month"))

    @pa.dataframe_check(name="month_not_in_future")
    def _future(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(not_in_future("month"))

    @pa.dataframe_check(name="mission_present")
    def _mission(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(present("mission"))

    @pa.dataframe_check(name="mission_is_known")
    def _mission_known(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("mission_known") | pl.col("mission").is_null())

    @pa.dataframe_check(name="personnel_is_whole_number")
    def _personnel(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(parsed("personnel") & present("personnel"))

    @pa.dataframe_check(name="contributors_is_whole_number")
    def _contributors(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(parsed("contributors"))

    @pa.dataframe_check(name="host_country_maps_to_iso3")
    def _host(cls, data) -> pl.LazyFrame:
        # System rows have no host; a mission row whose host names a country
        # must map (a blank host is allowed: some political missions have none).
        ok = (pl.col("scope") == "system") | pl.col("host_country_raw").is_null() | present("host_country_iso3")
        return data.lazyframe.select(ok)

    @pa.dataframe_check(name="key_is_unique")
    def _unique(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(~pl.col("key_conflict"))

    class Config:
        # strict=False: bookkeeping columns (host names, published acronym) pass
        # through. coerce=False: the normaliser casts, so a type mismatch here
        # is a parser bug, not bad data.
        strict = False
        coerce = False


RULE_COLUMNS: dict[str, str] = {
    "date_is_valid": "month_raw",
    "month_not_in_future": "month_raw",
    "mission_present": "mission_raw",
    "mission_is_known": "mission_raw",
    "personnel_is_whole_number": "personnel_raw",
    "contributors_is_whole_number": "contributors_raw",
    "host_country_maps_to_iso3": "host_country_raw",
    "key_is_unique": "mission_raw",
}
