"""Contract for figures cited in UN documents (one number a row, with its source)."""

from __future__ import annotations

from schemas import _checks as rule
from schemas._records import MissionNamingRecord

CATEGORIES = ["training", "incident", "case", "ceiling", "staffing", "gender", "context", "target", "activity"]
METRICS = ["female_share_ipo", "female_share_fpu", "female_share_police", "police_deployed", "ceiling_fill_rate"]


class ReportedFigure(MissionNamingRecord, nullable=(
        "figure_id indicator category metric value_raw value:float unit period_start_raw "
        "period_start:date period_end_raw period_end:date document locator is_illustrative:bool")):
    """A figure cited in a UN document: grain figure_id."""

    indicator_is_snake_case = rule.snake_case("indicator")
    category_is_known = rule.one_of("category", CATEGORIES)
    metric_is_known = rule.one_of("metric", METRICS)
    value_not_negative = rule.not_negative("value")
    figure_id_present = rule.required("figure_id")
    mission_is_known = rule.known_mission(missing_ok=False)
    value_is_number = rule.parses("value", required=True)
    period_start_is_valid_date = rule.parses("period_start")
    period_end_is_valid_date = rule.parses("period_end", required=True)
    period_end_not_before_start = rule.not_before("period_end", "period_start")
    document_present = rule.required("document")
    locator_present = rule.required("locator")
