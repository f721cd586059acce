"""Contract for figures cited in UN documents (one number a row, with its source)."""

from __future__ import annotations

from datetime import date

import pandera.ibis as pa

from schemas._checks import (
    KEY_IS_UNIQUE,
    known_mission,
    not_before,
    not_negative,
    one_of,
    parses,
    required,
    rule_columns,
    snake_case,
)
from schemas._records import MissionNamingRecord

CATEGORIES = ["training", "incident", "case", "ceiling", "staffing", "gender", "context", "target", "activity"]
METRICS = ["female_share_ipo", "female_share_fpu", "female_share_police", "police_deployed", "ceiling_fill_rate"]


class ReportedFigure(MissionNamingRecord):
    """A figure cited in a UN document: grain figure_id."""

    figure_id: str = pa.Field(nullable=True)
    indicator: str = pa.Field(nullable=True)
    category: str = pa.Field(nullable=True)
    metric: str = pa.Field(nullable=True)
    value_raw: str = pa.Field(nullable=True)
    value: float = pa.Field(nullable=True)
    unit: str = pa.Field(nullable=True)
    period_start_raw: str = pa.Field(nullable=True)
    period_start: date = pa.Field(nullable=True)
    period_end_raw: str = pa.Field(nullable=True)
    period_end: date = pa.Field(nullable=True)
    document: str = pa.Field(nullable=True)
    locator: str = pa.Field(nullable=True)
    is_illustrative: bool = pa.Field(nullable=True)

    indicator_is_snake_case = snake_case("indicator")
    category_is_known = one_of("category", CATEGORIES)
    metric_is_known = one_of("metric", METRICS)
    value_not_negative = not_negative("value")
    figure_id_present = required("figure_id")
    mission_is_known = known_mission(missing_ok=False)
    value_is_number = parses("value", required=True)
    period_start_is_valid_date = parses("period_start")
    period_end_is_valid_date = parses("period_end", required=True)
    period_end_not_before_start = not_before("period_end", "period_start")
    document_present = required("document")
    locator_present = required("locator")


RULE_COLUMNS = rule_columns(ReportedFigure) | {KEY_IS_UNIQUE: "figure_id"}
