"""Contract for training delivered by a mission's police component."""

from __future__ import annotations

from datetime import date

import pandera.ibis as pa
from ibis import _

from schemas._checks import (
    KEY_IS_UNIQUE,
    known_mission,
    not_before,
    not_in_the_future,
    not_negative,
    parses,
    required,
    row_rule,
    rule_columns,
)
from schemas._records import MissionNamingRecord


class TrainingRecord(MissionNamingRecord):
    """Training delivered: grain mission x period x topic."""

    period_start_raw: str = pa.Field(nullable=True)
    period_start: date = pa.Field(nullable=True)
    period_end_raw: str = pa.Field(nullable=True)
    period_end: date = pa.Field(nullable=True)
    topic: str = pa.Field(nullable=True)
    trainees_raw: str = pa.Field(nullable=True)
    trainees: int = pa.Field(nullable=True)
    trainees_female_raw: str = pa.Field(nullable=True)
    trainees_female: int = pa.Field(nullable=True)
    citation: str = pa.Field(nullable=True)

    trainees_not_negative = not_negative("trainees")
    trainees_female_not_negative = not_negative("trainees_female")
    mission_is_known = known_mission(missing_ok=False)
    period_start_is_valid_date = parses("period_start", required=True)
    period_end_is_valid_date = parses("period_end", required=True)
    period_end_not_in_future = not_in_the_future("period_end")
    period_end_not_before_start = not_before("period_end", "period_start")
    trainees_is_whole_number = parses("trainees", required=True)
    trainees_female_is_whole_number = parses("trainees_female")
    female_not_more_than_trainees = row_rule(
        lambda: (_.trainees_female <= _.trainees).fill_null(True), about="trainees_female_raw")
    citation_present = required("citation")


RULE_COLUMNS = rule_columns(TrainingRecord) | {KEY_IS_UNIQUE: "mission_raw"}
