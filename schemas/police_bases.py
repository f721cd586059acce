"""Contract for base-year records: one row per row of RADPKO's base x year
table (Hunnicutt and Nomikos 2020): a mission's base in a year, with yearly
averages of the monthly uniformed strength RADPKO allocates to it. The values
are averages, so fractional; ``marts.fct_police_mission_year`` sums them over
a mission's bases."""

from __future__ import annotations

from ibis import _

from schemas import _checks as rule
from schemas._records import MissionNamingRecord


def _average_rule(col: str):
    """A yearly average is a number, not negative, where published."""
    return rule.row_rule(lambda: (_[f"{col}_raw"].isnull() | (_[col] >= 0)).fill_null(False), about=f"{col}_raw")


class PoliceBaseRecord(MissionNamingRecord, nullable=(
        "host_country_raw base date_raw first_month:date year_raw year:int latitude_raw "
        "latitude:float longitude_raw longitude:float police_raw police:float women_police_raw "
        "women_police:float uniformed_raw uniformed:float troops_raw troops:float observers_raw "
        "observers:float women_troops_raw women_troops:float women_observers_raw "
        "women_observers:float")):
    """Grain: one published row of RADPKO's base x year table."""

    source_format: str

    mission_present = rule.required("mission", about="mission_raw")
    mission_is_known = rule.known_mission(missing_ok=True)
    # 3 published rows have no base name (PROVENANCE.md): a base-year without
    # a base is no place to sum, so it is kept as a reject.
    base_present = rule.required("base")
    year_is_valid = rule.peacekeeping_year("year")
    date_is_valid = rule.row_rule(lambda: rule.present("first_month"), about="date_raw")
    date_is_in_the_year = rule.row_rule(lambda: (_.first_month.year() == _.year).fill_null(True), about="date_raw")
    latitude_is_between_minus_90_and_90 = rule.row_rule(
        lambda: _.latitude.between(-90, 90).fill_null(_.latitude_raw.isnull()), about="latitude_raw")
    longitude_is_between_minus_180_and_180 = rule.row_rule(
        lambda: _.longitude.between(-180, 180).fill_null(_.longitude_raw.isnull()), about="longitude_raw")
    police_present = rule.row_rule(lambda: _.police_raw.notnull(), about="police_raw")
    uniformed_is_a_number_not_negative = _average_rule("uniformed")
    troops_is_a_number_not_negative = _average_rule("troops")
    police_is_a_number_not_negative = _average_rule("police")
    observers_is_a_number_not_negative = _average_rule("observers")
    women_troops_is_a_number_not_negative = _average_rule("women_troops")
    women_police_is_a_number_not_negative = _average_rule("women_police")
    women_observers_is_a_number_not_negative = _average_rule("women_observers")
    women_police_not_more_than_police = rule.row_rule(
        lambda: (_.women_police <= _.police).fill_null(True), about="women_police_raw")
