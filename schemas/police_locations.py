"""Contract for deployment location records: one row per row of a Geo-PKO map
table (Uppsala University, v2.3 FrontMap): a mission's location shown on a
deployment map of a year, with coordinates, unit kinds and whether UN police
are there. A location may appear once per source map of the year, so the
raw grain is the published row; ``marts.fct_police_location_year`` resolves a
year's repeated rows to one place."""

from __future__ import annotations

from datetime import date

import pandera.ibis as pa
from ibis import _

from schemas._checks import (
    KEY_IS_UNIQUE,
    known_mission,
    parsed,
    parses,
    present,
    required,
    row_rule,
    rule_columns,
)
from schemas._records import MissionNamingRecord

# Geo-PKO v2.3 codes maps from 1994 on; a year before the first UN peacekeeping
# operation (1948) or after this year is a typo.
FIRST_YEAR = 1948
# hq: 0 none, 1 .. 3 headquarters level (PROVENANCE.md of geopko_locations_yearly).
HQ_LEVELS = [0, 1, 2, 3]


class PoliceLocationRecord(MissionNamingRecord):
    """Grain: one published row of a Geo-PKO map table."""

    source_format: str
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
    # Unit kinds and sizes as the map gives them (null: no size on the map).
    infantry_raw: str = pa.Field(nullable=True)
    troops_raw: str = pa.Field(nullable=True)
    reserve_raw: str = pa.Field(nullable=True)
    medical_raw: str = pa.Field(nullable=True)
    aviation_raw: str = pa.Field(nullable=True)
    military_observers_raw: str = pa.Field(nullable=True)
    troops_year_average_raw: str = pa.Field(nullable=True)

    mission_present = required("mission", about="mission_raw")
    mission_is_known = known_mission(missing_ok=True)
    year_is_valid = row_rule(
        lambda: _.year.notnull() & (_.year >= FIRST_YEAR) & (_.year <= date.today().year),
        about="year_raw")
    location_present = required("location")
    latitude_is_between_minus_90_and_90 = row_rule(
        lambda: parsed("latitude") & present("latitude") & _.latitude.between(-90, 90).fill_null(False),
        about="latitude_raw")
    longitude_is_between_minus_180_and_180 = row_rule(
        lambda: parsed("longitude") & present("longitude") & _.longitude.between(-180, 180).fill_null(False),
        about="longitude_raw")
    unpol_flag_is_0_or_1 = row_rule(lambda: _.unpol.isin([0, 1]).fill_null(False), about="unpol_raw")
    hq_level_is_0_to_3 = row_rule(lambda: _.hq.isin(HQ_LEVELS).fill_null(False), about="hq_raw")
    infantry_is_whole_number = parses("infantry")
    troops_is_whole_number = parses("troops")
    reserve_is_whole_number = parses("reserve")
    medical_is_whole_number = parses("medical")
    aviation_is_whole_number = parses("aviation")
    military_observers_is_whole_number = parses("military_observers")
    troops_year_average_is_a_number = parses("troops_year_average")



RULE_COLUMNS = rule_columns(PoliceLocationRecord) | {KEY_IS_UNIQUE: "location"}
