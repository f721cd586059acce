"""Contract for published strength records: one row per month x mission (or ALL
for the whole system) x category (troops, police, observers, total), as IPI
publishes them from the UN DPKO monthly reports."""

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

CATEGORIES = ["troops", "police", "observers", "total"]


class MissionStrengthRecord(MissionNamingRecord):
    """Published strength: grain month x mission (or ALL) x category."""

    source_format: str
    scope: str
    month_raw: str = pa.Field(nullable=True)
    month: date = pa.Field(nullable=True)
    category: str
    personnel_raw: str = pa.Field(nullable=True)
    personnel: int = pa.Field(nullable=True)
    contributors_raw: str = pa.Field(nullable=True)
    contributors: int = pa.Field(nullable=True)
    host_country_raw: str = pa.Field(nullable=True)
    host_country_iso3: str = pa.Field(nullable=True)
    host_country_match: str = pa.Field(nullable=True)

    scope_is_mission_or_system = one_of("scope", ["mission", "system"])
    category_is_known = one_of("category", CATEGORIES)
    personnel_not_negative = not_negative("personnel")
    contributors_not_negative = not_negative("contributors")
    date_is_valid = parses("month", required=True)
    month_not_in_future = not_in_the_future("month")
    mission_present = required("mission", about="mission_raw")
    mission_is_known = known_mission(missing_ok=True)
    personnel_is_whole_number = parses("personnel", required=True)
    contributors_is_whole_number = parses("contributors")
    # System rows have no host; a mission row whose host names a country must
    # map (a blank host is allowed: some political missions have none).
    host_country_maps_to_iso3 = row_rule(
        lambda: (_.scope == "system") | _.host_country_raw.isnull() | present("host_country_iso3"),
        about="host_country_raw")


RULE_COLUMNS = rule_columns(MissionStrengthRecord) | {KEY_IS_UNIQUE: "mission_raw"}
