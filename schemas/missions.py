"""Contract for mission reference rows (UN mission list and the shipped seed)."""

from __future__ import annotations

from schemas import _checks as rule
from schemas._records import InboxRecord


class MissionRecord(InboxRecord, nullable=(
        "mission_raw mission mission_name start_date_raw start_date:date end_date_raw "
        "end_date:date is_active:bool")):
    """A mission of the UN mission list: grain one row per mission per file."""

    mission_present = rule.required("mission", about="mission_raw")
    start_date_is_valid = rule.parses("start_date")
    end_date_is_valid = rule.parses("end_date")
    end_not_before_start = rule.not_before("end_date", "start_date")
