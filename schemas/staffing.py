"""Contract for staffing records: one row per month x mission x contributing
country x personnel type, from any staffing format after unpivoting."""

from __future__ import annotations

from datetime import date

import pandera.ibis as pa
from ibis import _

from schemas._checks import (
    KEY_IS_UNIQUE,
    known_mission,
    not_in_the_future,
    not_negative,
    one_of,
    parses,
    present,
    required,
    row_rule,
    rule_columns,
)
from schemas._records import MissionNamingRecord

IS_TOTAL = _.row_kind == "total"


class StaffingRecord(MissionNamingRecord):
    """Staffing: grain month x mission x contributing country x personnel type (or a published total row)."""

    source_format: str
    row_kind: str
    month_raw: str = pa.Field(nullable=True)
    month: date = pa.Field(nullable=True)
    country_raw: str = pa.Field(nullable=True)
    country_iso3_raw: str = pa.Field(nullable=True)
    country_iso3: str = pa.Field(nullable=True)
    country_match: str = pa.Field(nullable=True)
    personnel_type_raw: str = pa.Field(nullable=True)
    personnel_type: str = pa.Field(nullable=True)
    female_raw: str = pa.Field(nullable=True)
    female: int = pa.Field(nullable=True)
    male_raw: str = pa.Field(nullable=True)
    male: int = pa.Field(nullable=True)
    total_raw: str = pa.Field(nullable=True)
    total: int = pa.Field(nullable=True)
    citation: str = pa.Field(nullable=True)

    row_kind_is_detail_or_total = one_of("row_kind", ["detail", "total"])
    female_not_negative = not_negative("female")
    male_not_negative = not_negative("male")
    total_not_negative = not_negative("total")
    date_is_valid = parses("month", required=True)
    month_not_in_future = not_in_the_future("month")
    # A published total row names no mission or country (it sums over them).
    mission_present = row_rule(lambda: present("mission") | IS_TOTAL, about="mission_raw")
    mission_is_known = known_mission(missing_ok=True)
    country_maps_to_iso3 = row_rule(lambda: present("country_iso3") | IS_TOTAL, about="country_raw")
    # A published ISO code whose country name says another country (or no
    # country): pipelines/lib/countries.py resolve().
    country_code_matches_name = row_rule(
        lambda: (_.country_match != "code_name_mismatch").fill_null(True), about="country_raw")
    personnel_type_is_known = required("personnel_type", about="personnel_type_raw")
    female_is_whole_number = parses("female")
    male_is_whole_number = parses("male")
    total_is_whole_number = parses("total")
    # Only checked when no count text failed to parse (that rule says more).
    count_present = row_rule(
        lambda: present("total") | present("female_raw") | present("male_raw") | present("total_raw"),
        about="total_raw")
    # Published total rows are exempt: IPI's system totals include personnel
    # reported without sex; reconciliation reports that gap instead.
    female_plus_male_equals_total = row_rule(
        lambda: ((_.female + _.male == _.total) | IS_TOTAL).fill_null(True),
        about="total_raw")


RULE_COLUMNS = rule_columns(StaffingRecord) | {KEY_IS_UNIQUE: "country_raw"}
