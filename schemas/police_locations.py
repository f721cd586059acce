"""Contract for deployment location records: one row per row of a Geo-PKO map
table (Uppsala University, v2.3 FrontMap): a mission's location shown on a
deployment map of a year, with coordinates, unit kinds and whether UN police
are there. A location may appear once per source map of the year, so the
raw grain is the published row; ``marts.fct_police_location_year`` resolves a
year's repeated rows to one place."""

from __future__ import annotations

from ibis import _

from schemas import _checks as rule
from schemas._records import MissionNamingRecord

# hq: 0 none, 1 .. 3 headquarters level (PROVENANCE.md of geopko_locations_yearly).
HQ_LEVELS = [0, 1, 2, 3]


class PoliceLocationRecord(MissionNamingRecord, nullable=(
        "year_raw year:int host_country_raw host_country_iso3 host_country_match location "
        "latitude_raw latitude:float longitude_raw longitude:float unpol_raw unpol:int hq_raw "
        "hq:int infantry_raw troops_raw reserve_raw medical_raw aviation_raw "
        "military_observers_raw troops_year_average_raw infantry:int troops:int reserve:int medical:int "
        "aviation:int military_observers:int troops_year_average:float")):
    """Grain: one published row of a Geo-PKO map table."""

    source_format: str

    mission_present = rule.required("mission", about="mission_raw")
    mission_is_known = rule.known_mission(missing_ok=True)
    year_is_valid = rule.peacekeeping_year("year")
    location_present = rule.required("location")
    # Required: a coordinate outside its range, unparsed or absent (null) breaks it.
    latitude_is_between_minus_90_and_90 = rule.row_rule(
        lambda: _.latitude.between(-90, 90).fill_null(False), about="latitude_raw")
    longitude_is_between_minus_180_and_180 = rule.row_rule(
        lambda: _.longitude.between(-180, 180).fill_null(False), about="longitude_raw")
    unpol_flag_is_0_or_1 = rule.row_rule(lambda: _.unpol.isin([0, 1]).fill_null(False), about="unpol_raw")
    hq_level_is_0_to_3 = rule.row_rule(lambda: _.hq.isin(HQ_LEVELS).fill_null(False), about="hq_raw")
    infantry_is_whole_number = rule.parses("infantry")
    troops_is_whole_number = rule.parses("troops")
    reserve_is_whole_number = rule.parses("reserve")
    medical_is_whole_number = rule.parses("medical")
    aviation_is_whole_number = rule.parses("aviation")
    military_observers_is_whole_number = rule.parses("military_observers")
    troops_year_average_is_a_number = rule.parses("troops_year_average")
