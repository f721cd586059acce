"""Contract for training delivered by a mission's police component."""

from __future__ import annotations

from ibis import _

from schemas import _checks as rule
from schemas._records import MissionNamingRecord


class TrainingRecord(MissionNamingRecord, nullable=(
        "period_start_raw period_start:date period_end_raw period_end:date topic trainees_raw "
        "trainees:int trainees_female_raw trainees_female:int citation is_illustrative:bool")):
    """Training delivered: grain mission x period x topic."""

    trainees_not_negative = rule.not_negative("trainees")
    trainees_female_not_negative = rule.not_negative("trainees_female")
    mission_is_known = rule.known_mission(missing_ok=False)
    period_start_is_valid_date = rule.parses("period_start", required=True)
    period_end_is_valid_date = rule.parses("period_end", required=True)
    period_end_not_in_future = rule.not_in_the_future("period_end")
    period_end_not_before_start = rule.not_before("period_end", "period_start")
    trainees_is_whole_number = rule.parses("trainees", required=True)
    trainees_female_is_whole_number = rule.parses("trainees_female")
    female_not_more_than_trainees = rule.row_rule(
        lambda: (_.trainees_female <= _.trainees).fill_null(True), about="trainees_female_raw")
    citation_present = rule.required("citation")
