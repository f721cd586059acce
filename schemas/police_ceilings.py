"""Contract for authorized police strength (ceilings) set by Security Council resolutions."""

from __future__ import annotations

from schemas import _checks as rule
from schemas._records import MissionNamingRecord

SCOPES = ["police_total", "ipo", "fpu", "spt"]


class CeilingRecord(MissionNamingRecord, nullable=(
        "personnel_scope authorized_strength_raw authorized_strength:int effective_from_raw "
        "effective_from:date set_by citation")):
    """An authorized police strength: grain mission x personnel scope x effective date."""

    personnel_scope_is_known = rule.one_of("personnel_scope", SCOPES)
    authorized_strength_is_positive = rule.positive("authorized_strength")
    mission_is_known = rule.known_mission(missing_ok=False)
    authorized_strength_is_whole_number = rule.parses("authorized_strength", required=True)
    effective_from_is_valid_date = rule.parses("effective_from", required=True)
    set_by_present = rule.required("set_by")
    citation_present = rule.required("citation")
