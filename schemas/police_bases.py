"""Contract for base-year records: one row per row of RADPKO's base x year
table (Hunnicutt and Nomikos 2020): a mission's base in a year, with yearly
averages of the monthly uniformed strength RADPKO allocates to it. The values
are averages, so fractional; ``marts.fct_police_mission_year`` sums them over
a mission's bases."""

from __future__ import annotations

from datetime import date

import pandera.ibis as pa
from ibis import _

from schemas._checks import KEY_IS_UNIQUE, known_mission, present, required, row_rule, rule_columns
from schemas._records import MissionNamingRecord

# No UN peacekeeping operation before 1948 (RADPKO itself covers 1999-2019).
FIRST_YEAR = 1948


def _average_rule(col: str):
    """A yearly average is a number, not negative, where published."""
    return row_rule(lambda: (_[f"{col}_raw"].isnull() | (_[col] >= 0)).fill_null(False), about=f"{col}_raw")


class PoliceBaseRecord(MissionNamingRecord):
    """Grain: one published row of RADPKO's base x year table."""

    source_format: str
    host_country_raw: str = pa.Field(nullable=True)
    base: str = pa.Field(nullable=True)
    date_raw: str = pa.Field(nullable=True)
    first_month: date = pa.Field(nullable=True)
    year_raw: str = pa.Field(nullable=True)
    year: int = pa.Field(nullable=True)
    latitude_raw: str = pa.Field(nullable=True)
    latitude: float = pa.Field(nullable=True)
    longitude_raw: str = pa.Field(nullable=True)
    longitude: float = pa.Field(nullable=True)
    police_raw: str = pa.Field(nullable=True)
    police: float = pa.Field(nullable=True)
    women_police_raw: str = pa.Field(nullable=True)
    women_police: float = pa.Field(nullable=True)
    uniformed_raw: str = pa.Field(nullable=True)
    uniformed: float = pa.Field(nullable=True)
    troops_raw: str = pa.Field(nullable=True)
    troops: float = pa.Field(nullable=True)
    observers_raw: str = pa.Field(nullable=True)
    observers: float = pa.Field(nullable=True)
    women_troops_raw: str = pa.Field(nullable=True)
    women_troops: float = pa.Field(nullable=True)
    women_observers_raw: str = pa.Field(nullable=True)
    women_observers: float = pa.Field(nullable=True)

    mission_present = required("mission", about="mission_raw")
    mission_is_known = known_mission(missing_ok=True)
    # 3 published rows have no base name (PROVENANCE.md): a base-year without
    # a base is no place to sum, so it is kept as a reject.
    base_present = required("base")
    year_is_valid = row_rule(
        lambda: _.year.notnull() & (_.year >= FIRST_YEAR) & (_.year <= date.today().year),
        about="year_raw")
    date_is_valid = row_rule(lambda: present("first_month"), about="date_raw")
    date_is_in_the_year = row_rule(lambda: (_.first_month.year() == _.year).fill_null(True), about="date_raw")
    latitude_is_between_minus_90_and_90 = row_rule(
        lambda: _.latitude.between(-90, 90).fill_null(_.latitude_raw.isnull()), about="latitude_raw")
    longitude_is_between_minus_180_and_180 = row_rule(
        lambda: _.longitude.between(-180, 180).fill_null(_.longitude_raw.isnull()), about="longitude_raw")
    police_present = row_rule(lambda: _.police_raw.notnull(), about="police_raw")
    uniformed_is_a_number_not_negative = _average_rule("uniformed")
    troops_is_a_number_not_negative = _average_rule("troops")
    police_is_a_number_not_negative = _average_rule("police")
    observers_is_a_number_not_negative = _average_rule("observers")
    women_troops_is_a_number_not_negative = _average_rule("women_troops")
    women_police_is_a_number_not_negative = _average_rule("women_police")
    women_observers_is_a_number_not_negative = _average_rule("women_observers")
    women_police_not_more_than_police = row_rule(
        lambda: (_.women_police <= _.police).fill_null(True), about="women_police_raw")



RULE_COLUMNS = rule_columns(PoliceBaseRecord) | {KEY_IS_UNIQUE: "base"}
