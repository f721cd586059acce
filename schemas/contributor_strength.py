"""Contract for contributor strength records: one row per contributing country x
month x category (troops, police = IPO + FPU, experts), the personnel that
country had in all UN peacekeeping at month end, as IPI published them per
country (PPP_Loader ``ppp_files/countries/<Country>.csv``) from the UN DPKO
monthly "Troop and police contributors" reports."""

from __future__ import annotations

from datetime import date

import pandera.polars as pa
import polars as pl

from schemas._checks import not_in_future, parsed, present

CATEGORIES = ["troops", "police", "experts"]


class ContributorStrengthRecord(pa.DataFrameModel):
    source_file: str
    source_row: int
    source_format: str
    month_raw: str = pa.Field(nullable=True)
    month: date = pa.Field(nullable=True)
    # The file name without its suffix: IPI writes the country nowhere else.
    country_raw: str = pa.Field(nullable=True)
    country_iso3: str = pa.Field(nullable=True)
    country_match: str = pa.Field(nullable=True)
    category: str = pa.Field(isin=CATEGORIES)
    personnel_raw: str = pa.Field(nullable=True)
    personnel: int = pa.Field(nullable=True, ge=0)
    key_conflict: bool

    @pa.dataframe_check(name="date_is_valid")
    def _date(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(present("month"))

    @pa.dataframe_check(name="month_not_in_future")
    def _future(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(not_in_future("month"))

    @pa.dataframe_check(name="country_maps_to_iso3")
    def _country(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(present("country_iso3"))

    @pa.dataframe_check(name="personnel_is_whole_number")
    def _personnel(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(parsed("personnel") & present("personnel"))

    @pa.dataframe_check(name="key_is_unique")
    def _unique(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(~pl.col("key_conflict"))

    class Config:
        # strict=False: bookkeeping columns (the country's published name) pass
        # through. coerce=False: the normaliser casts, so a type mismatch here
        # is a parser bug, not bad data.
        strict = False
        coerce = False


RULE_COLUMNS: dict[str, str] = {
    "date_is_valid": "month_raw",
    "month_not_in_future": "month_raw",
    "country_maps_to_iso3": "country_raw",
    "personnel_is_whole_number": "personnel_raw",
    "key_is_unique": "country_raw",
}
