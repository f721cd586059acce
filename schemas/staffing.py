"""Contract for staffing records: one row per month x mission x contributing
country x personnel type, from any staffing format after unpivoting."""

from __future__ import annotations

from datetime import date

import pandera.polars as pa
import polars as pl

from schemas._checks import not_in_future, parsed, present


class StaffingRecord(pa.DataFrameModel):
    source_file: str
    source_row: int
    source_format: str
    row_kind: str = pa.Field(isin=["detail", "total"])
    month_raw: str = pa.Field(nullable=True)
    month: date = pa.Field(nullable=True)
    mission_raw: str = pa.Field(nullable=True)
    mission: str = pa.Field(nullable=True)
    mission_known: bool
    country_raw: str = pa.Field(nullable=True)
    country_iso3_raw: str = pa.Field(nullable=True)
    country_iso3: str = pa.Field(nullable=True)
    country_match: str = pa.Field(nullable=True)
    personnel_type_raw: str = pa.Field(nullable=True)
    personnel_type: str = pa.Field(nullable=True)
    female_raw: str = pa.Field(nullable=True)
    female: int = pa.Field(nullable=True, ge=0)
    male_raw: str = pa.Field(nullable=True)
    male: int = pa.Field(nullable=True, ge=0)
    total_raw: str = pa.Field(nullable=True)
    total: int = pa.Field(nullable=True, ge=0)
    key_conflict: bool
    citation: str = pa.Field(nullable=True)

    @pa.dataframe_check(name="date_is_valid")
    def _date(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(present("month"))

    @pa.dataframe_check(name="month_not_in_future")
    def _future(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(not_in_future("month"))

    @pa.dataframe_check(name="mission_present")
    def _mission(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(present("mission") | (pl.col("row_kind") == "total"))

    @pa.dataframe_check(name="mission_is_known")
    def _mission_known(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("mission_known") | pl.col("mission").is_null())

    @pa.dataframe_check(name="country_maps_to_iso3")
    def _country(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(present("country_iso3") | (pl.col("row_kind") == "total"))

    @pa.dataframe_check(name="country_code_matches_name")
    def _country_code(cls, data) -> pl.LazyFrame:
        # A published ISO code whose country name says another country (or
        # no country): pipelines/lib/countries.py resolve().
        return data.lazyframe.select((pl.col("country_match") != "code_name_mismatch").fill_null(True))

    @pa.dataframe_check(name="personnel_type_is_known")
    def _ptype(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(present("personnel_type"))

    @pa.dataframe_check(name="female_is_whole_number")
    def _female(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(parsed("female"))

    @pa.dataframe_check(name="male_is_whole_number")
    def _male(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(parsed("male"))

    @pa.dataframe_check(name="total_is_whole_number")
    def _total(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(parsed("total"))

    @pa.dataframe_check(name="count_present")
    def _count_present(cls, data) -> pl.LazyFrame:
        # Only checked when no count text failed to parse (that rule says more).
        raw_present = pl.any_horizontal(pl.col("female_raw", "male_raw", "total_raw").is_not_null())
        return data.lazyframe.select(present("total") | raw_present)

    @pa.dataframe_check(name="female_plus_male_equals_total")
    def _sum(cls, data) -> pl.LazyFrame:
        # Published total rows are exempt: IPI's system totals include personnel
        # reported without sex; reconciliation reports that gap instead.
        ok = (pl.col("female") + pl.col("male") == pl.col("total")) | (pl.col("row_kind") == "total")
        return data.lazyframe.select(ok.fill_null(True))

    @pa.dataframe_check(name="key_is_unique")
    def _unique(cls, data) -> pl.LazyFrame:
        # The ingest path validates chunk by chunk, so it finds key conflicts
        # across all files in DuckDB (pipelines/lib/ingest.py) and reports them
        # under this rule's name; here the rule reads the flag a caller sets.
        return data.lazyframe.select(~pl.col("key_conflict"))

    class Config:
        # strict=False: the contract covers the columns it names; bookkeeping
        # columns (country_name, labels) pass through. coerce=False: the
        # normaliser casts, so a type mismatch here is a parser bug.
        strict = False
        coerce = False


# Dataframe-level rules report the column they are about.
RULE_COLUMNS: dict[str, str] = {
    "date_is_valid": "month_raw",
    "month_not_in_future": "month_raw",
    "mission_present": "mission_raw",
    "mission_is_known": "mission_raw",
    "country_maps_to_iso3": "country_raw",
    "country_code_matches_name": "country_raw",
    "personnel_type_is_known": "personnel_type_raw",
    "female_is_whole_number": "female_raw",
    "male_is_whole_number": "male_raw",
    "total_is_whole_number": "total_raw",
    "count_present": "total_raw",
    "female_plus_male_equals_total": "total_raw",
    "key_is_unique": "country_raw",
}
