"""Contract for authorized police strength (ceilings) set by Security Council resolutions."""

from __future__ import annotations

from datetime import date

import pandera.ibis as pa

from schemas._checks import (
    KEY_IS_UNIQUE,
    known_mission,
    one_of,
    parses,
    positive,
    required,
    rule_columns,
)
from schemas._records import MissionNamingRecord

SCOPES = ["police_total", "ipo", "fpu", "spt"]


class CeilingRecord(MissionNamingRecord):
    """An authorized police strength: grain mission x personnel scope x effective date."""

    personnel_scope: str = pa.Field(nullable=True)
    authorized_strength_raw: str = pa.Field(nullable=True)
    authorized_strength: int = pa.Field(nullable=True)
    effective_from_raw: str = pa.Field(nullable=True)
    effective_from: date = pa.Field(nullable=True)
    set_by: str = pa.Field(nullable=True)
    citation: str = pa.Field(nullable=True)

    personnel_scope_is_known = one_of("personnel_scope", SCOPES)
    authorized_strength_is_positive = positive("authorized_strength")
    mission_is_known = known_mission(missing_ok=False)
    authorized_strength_is_whole_number = parses("authorized_strength", required=True)
    effective_from_is_valid_date = parses("effective_from", required=True)
    set_by_present = required("set_by")
    citation_present = required("citation")


RULE_COLUMNS = rule_columns(CeilingRecord) | {KEY_IS_UNIQUE: "mission_raw"}
