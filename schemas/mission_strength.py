"""Contract for published strength records: one row per month x mission (or ALL
for the whole system) x category (troops, police, observers, total), as IPI
publishes them from the UN DPKO monthly reports."""

from __future__ import annotations

from ibis import _

from schemas import _checks as rule
from schemas._records import MissionNamingRecord

CATEGORIES = ["troops", "police", "observers", "total"]


class MissionStrengthRecord(MissionNamingRecord, nullable=(
        "month_raw month:date personnel_raw personnel:int contributors_raw contributors:int "
        "host_country_raw host_country_iso3 host_country_match")):
    """Published strength: grain month x mission (or ALL) x category."""

    source_format: str
    scope: str
    category: str

    scope_is_mission_or_system = rule.one_of("scope", ["mission", "system"])
    category_is_known = rule.one_of("category", CATEGORIES)
    personnel_not_negative = rule.not_negative("personnel")
    contributors_not_negative = rule.not_negative("contributors")
    date_is_valid = rule.parses("month", required=True)
    month_not_in_future = rule.not_in_the_future("month")
    mission_present = rule.required("mission", about="mission_raw")
    mission_is_known = rule.known_mission(missing_ok=True)
    personnel_is_whole_number = rule.parses("personnel", required=True)
    contributors_is_whole_number = rule.parses("contributors")
    # System rows have no host; a mission row whose host names a country must
    # map (a blank host is allowed: some political missions have none).
    host_country_maps_to_iso3 = rule.row_rule(
        lambda: (_.scope == "system") | _.host_country_raw.isnull() | rule.present("host_country_iso3"),
        about="host_country_raw")
