"""Contract for deployment location records: one row per row of a Geo-PKO map
table (Uppsala University, v2.3 FrontMap): a mission's location shown on a
deployment map of a year, with coordinates, unit kinds and whether UN police
are there. A location may appear once per source map of the year, so the
raw grain is the published row; ``marts.fct_police_location_year`` resolves a
year's repeated rows to one place."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from schemas._checks import parsed, present

# Geo-PKO v2.3 codes maps from 1994 on; a year before the first UN peacekeeping
# operation (1948) or after this year is a typo.
FIRST_YEAR = 1948
# hq: 0 none, 1 .. 3 headquarters level (PROVENANCE.md of geopko_locations_yearly).
HQ_LEVELS = [0, 1, 2, 3]


class PoliceLocationRecord(pa.DataFrameModel):
    source_file: str
    source_row: int
    source_format: str
    mission_raw: str = pa.Field(nullable=True)
    mission: str = pa.Field(nullable=True)
    mission_known: bool
    year_raw: str = pa.Field(nullable=True)
    year: int = pa.Field(nullable=True)
    host_country_raw: str = pa.Field(nullable=True)
    host_country_iso3: str = pa.Field(nullable=True)
    host_country_match: str = pa.Field(nullable=True)
    location: str = pa.Field(nullable=True)
    latitude_raw: str = pa.Field(nullable=True)
    latitude: float = pa.Field(nullable=True)
    longitude_raw: str = pa.Field(nullable=True)
    longitude: float = pa.Field(nullable=True)
    unpol_raw: str = pa.Field(nullable=True)
    unpol: int = pa.Field(nullable=True)
    hq_raw: str = pa.Field(nullable=True)
    hq: int = pa.Field(nullable=True)
    key_conflict: bool

    @pa.dataframe_check(name="mission_present")
    def _mission(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(present("mission"))

    @pa.dataframe_check(name="mission_is_known")
    def _mission_known(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("mission_known") | pl.col("mission").is_null())

    @pa.dataframe_check(name="year_is_valid")
    def _year(cls, data) -> pl.LazyFrame:
        from datetime import date

        y = pl.col("year")
        return data.lazyframe.select(y.is_not_null() & (y >= FIRST_YEAR) & (y <= date.today().year))

    @pa.dataframe_check(name="location_present")
    def _location(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(present("location"))

    @pa.dataframe_check(name="latitude_is_between_minus_90_and_90")
    def _lat(cls, data) -> pl.LazyFrame:
        lat = pl.col("latitude")
        return data.lazyframe.select(parsed("latitude") & present("latitude") & lat.is_between(-90, 90).fill_null(False))

    @pa.dataframe_check(name="longitude_is_between_minus_180_and_180")
    def _lon(cls, data) -> pl.LazyFrame:
        lon = pl.col("longitude")
        return data.lazyframe.select(parsed("longitude") & present("longitude") & lon.is_between(-180, 180).fill_null(False))

    @pa.dataframe_check(name="unpol_flag_is_0_or_1")
    def _unpol(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("unpol").is_in([0, 1]).fill_null(False))

    @pa.dataframe_check(name="hq_level_is_0_to_3")
    def _hq(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("hq").is_in(HQ_LEVELS).fill_null(False))

    @pa.dataframe_check(name="infantry_is_whole_number")
    def _infantry(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(parsed("infantry"))

    @pa.dataframe_check(name="troops_is_whole_number")
    def _troops(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(parsed("troops"))

    @pa.dataframe_check(name="reserve_is_whole_number")
    def _reserve(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(parsed("reserve"))

    @pa.dataframe_check(name="medical_is_whole_number")
    def _medical(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(parsed("medical"))

    @pa.dataframe_check(name="aviation_is_whole_number")
    def _aviation(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(parsed("aviation"))

    @pa.dataframe_check(name="military_observers_is_whole_number")
    def _military_observers(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(parsed("military_observers"))

    @pa.dataframe_check(name="troops_year_average_is_a_number")
    def _troops_avg(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(parsed("troops_year_average"))

    @pa.dataframe_check(name="key_is_unique")
    def _unique(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(~pl.col("key_conflict"))

    class Config:
        # strict=False: the unit-kind columns (infantry, troops, medical, ...)
        # pass through as published counts; coerce=False: the normaliser casts.
        strict = False
        coerce = False


RULE_COLUMNS: dict[str, str] = {
    "mission_present": "mission_raw",
    "mission_is_known": "mission_raw",
    "year_is_valid": "year_raw",
    "location_present": "location",
    "latitude_is_between_minus_90_and_90": "latitude_raw",
    "longitude_is_between_minus_180_and_180": "longitude_raw",
    "unpol_flag_is_0_or_1": "unpol_raw",
    "hq_level_is_0_to_3": "hq_raw",
    "infantry_is_whole_number": "infantry_raw",
    "troops_is_whole_number": "troops_raw",
    "reserve_is_whole_number": "reserve_raw",
    "medical_is_whole_number": "medical_raw",
    "aviation_is_whole_number": "aviation_raw",
    "military_observers_is_whole_number": "military_observers_raw",
    "troops_year_average_is_a_number": "troops_year_average_raw",
    "key_is_unique": "location",
}
