"""Contract for mission reference rows (UN mission list and the shipped seed)."""

from __future__ import annotations

from datetime import date

import pandera.ibis as pa

from schemas._checks import KEY_IS_UNIQUE, not_before, parses, required, rule_columns
from schemas._records import InboxRecord


class MissionRecord(InboxRecord):
    """A mission of the UN mission list: grain one row per mission per file."""

    mission_raw: str = pa.Field(nullable=True)
    mission: str = pa.Field(nullable=True)
    mission_name: str = pa.Field(nullable=True)
    start_date_raw: str = pa.Field(nullable=True)
    start_date: date = pa.Field(nullable=True)
    end_date_raw: str = pa.Field(nullable=True)
    end_date: date = pa.Field(nullable=True)

    mission_present = required("mission", about="mission_raw")
    start_date_is_valid = parses("start_date")
    end_date_is_valid = parses("end_date")
    end_not_before_start = not_before("end_date", "start_date")


RULE_COLUMNS = rule_columns(MissionRecord) | {KEY_IS_UNIQUE: "mission_raw"}
