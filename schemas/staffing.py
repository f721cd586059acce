"""Contract for staffing records: one row per month x mission x contributing
country x personnel type, from any staffing format after unpivoting."""

from __future__ import annotations

from ibis import _

from schemas import _checks as rule
from schemas._records import MissionNamingRecord

IS_TOTAL = _.row_kind == "total"


class StaffingRecord(MissionNamingRecord, nullable=(
        "month_raw month:date country_raw country_iso3_raw country_iso3 country_match "
        "personnel_type_raw personnel_type female_raw female:int male_raw male:int total_raw "
        "total:int citation")):
    """Staffing: grain month x mission x contributing country x personnel type (or a published total row)."""

    source_format: str
    row_kind: str

    row_kind_is_detail_or_total = rule.one_of("row_kind", ["detail", "total"])
    female_not_negative = rule.not_negative("female")
    male_not_negative = rule.not_negative("male")
    total_not_negative = rule.not_negative("total")
    date_is_valid = rule.parses("month", required=True)
    month_not_in_future = rule.not_in_the_future("month")
    # A published total row names no mission or country (it sums over them).
    mission_present = rule.row_rule(lambda: rule.present("mission") | IS_TOTAL, about="mission_raw")
    mission_is_known = rule.known_mission(missing_ok=True)
    country_maps_to_iso3 = rule.row_rule(lambda: rule.present("country_iso3") | IS_TOTAL, about="country_raw")
    # A published ISO code whose country name says another country (or no
    # country): pipelines/lib/countries.py resolve().
    country_code_matches_name = rule.row_rule(
        lambda: (_.country_match != "code_name_mismatch").fill_null(True), about="country_raw")
    personnel_type_is_known = rule.required("personnel_type", about="personnel_type_raw")
    female_is_whole_number = rule.parses("female")
    male_is_whole_number = rule.parses("male")
    total_is_whole_number = rule.parses("total")
    # Only checked when no count text failed to parse (that rule says more).
    count_present = rule.row_rule(
        lambda: rule.present("total") | rule.present("female_raw") | rule.present("male_raw") | rule.present("total_raw"),
        about="total_raw")
    # Published total rows are exempt: IPI's system totals include personnel
    # reported without sex; reconciliation reports that gap instead.
    female_plus_male_equals_total = rule.row_rule(
        lambda: ((_.female + _.male == _.total) | IS_TOTAL).fill_null(True),
        about="total_raw")
