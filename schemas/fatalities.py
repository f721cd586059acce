"""Contract for fatality records: one row per casualty (the UN's record of every
known fatality among personnel of UN peace operations), from either published
schema after renaming."""

from __future__ import annotations

from datetime import date

import pandera.polars as pa
import polars as pl

from schemas._checks import not_in_future, parsed, present

# A nationality may stay without ISO code only when the publisher says it is
# unknown ('ZZ [Undetermined]', via the override table) or leaves it blank: the
# fatality still counts. A name that maps to nothing is rejected, not guessed.
NATIONALITY_WITHOUT_CODE = ["undetermined", "not_stated"]


class FatalityRecord(pa.DataFrameModel):
    source_file: str
    source_row: int
    source_format: str
    casualty_id: str = pa.Field(nullable=True)
    incident_date_raw: str = pa.Field(nullable=True)
    incident_date: date = pa.Field(nullable=True)
    month: date = pa.Field(nullable=True)
    mission_raw: str = pa.Field(nullable=True)
    mission: str = pa.Field(nullable=True)
    mission_known: bool
    casualty_type: str = pa.Field(nullable=True)
    nationality_raw: str = pa.Field(nullable=True)
    nationality_iso3: str = pa.Field(nullable=True)
    nationality_match: str = pa.Field(nullable=True)
    m49_code_raw: str = pa.Field(nullable=True)
    m49_code: int = pa.Field(nullable=True, ge=0)
    personnel_type_raw: str = pa.Field(nullable=True)
    personnel_type: str = pa.Field(nullable=True)
    incident_type: str = pa.Field(nullable=True)
    gender_raw: str = pa.Field(nullable=True)
    gender: str = pa.Field(nullable=True, isin=["M", "F"])
    last_update_raw: str = pa.Field(nullable=True)
    last_update: date = pa.Field(nullable=True)
    key_conflict: bool

    @pa.dataframe_check(name="casualty_id_present")
    def _id(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(present("casualty_id"))

    @pa.dataframe_check(name="date_is_valid")
    def _date(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(present("incident_date"))

    @pa.dataframe_check(name="incident_date_not_in_future")
    def _future(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(not_in_future("incident_date"))

    @pa.dataframe_check(name="mission_present")
    def _mission(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(present("mission"))

    @pa.dataframe_check(name="mission_is_known")
    def _mission_known(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("mission_known") | pl.col("mission").is_null())

    @pa.dataframe_check(name="casualty_is_fatality")
    def _fatality(cls, data) -> pl.LazyFrame:
        # The dataset records deaths only; another casualty type is not a fatality record.
        return data.lazyframe.select((pl.col("casualty_type") == "Fatality").fill_null(False))

    @pa.dataframe_check(name="nationality_maps_to_iso3")
    def _nationality(cls, data) -> pl.LazyFrame:
        ok = present("nationality_iso3") | pl.col("nationality_match").is_in(NATIONALITY_WITHOUT_CODE)
        return data.lazyframe.select(ok.fill_null(False))

    @pa.dataframe_check(name="m49_is_whole_number")
    def _m49(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(parsed("m49_code"))

    @pa.dataframe_check(name="personnel_type_is_known")
    def _ptype(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(present("personnel_type"))

    @pa.dataframe_check(name="incident_type_present")
    def _itype(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(present("incident_type"))

    @pa.dataframe_check(name="gender_is_known")
    def _gender(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(parsed("gender"))

    @pa.dataframe_check(name="last_update_is_valid")
    def _last_update(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(parsed("last_update"))

    @pa.dataframe_check(name="key_is_unique")
    def _unique(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(~pl.col("key_conflict"))

    class Config:
        # strict=False: bookkeeping columns (published names, labels, as-of)
        # pass through. coerce=False: the normaliser casts.
        strict = False
        coerce = False


RULE_COLUMNS: dict[str, str] = {
    "casualty_id_present": "casualty_id",
    "date_is_valid": "incident_date_raw",
    "incident_date_not_in_future": "incident_date_raw",
    "mission_present": "mission_raw",
    "mission_is_known": "mission_raw",
    "casualty_is_fatality": "casualty_type",
    "nationality_maps_to_iso3": "nationality_raw",
    "m49_is_whole_number": "m49_code_raw",
    "personnel_type_is_known": "personnel_type_raw",
    "incident_type_present": "incident_type",
    "gender_is_known": "gender_raw",
    "last_update_is_valid": "last_update_raw",
    "key_is_unique": "casualty_id",
}
