"""Figures cited in UN documents (briefings, resolutions, Secretary-General
reports) -> one row per number (grain figure_id), validated with
schemas.reported_figures.ReportedFigure. Write mode: full replace."""

from __future__ import annotations

import polars as pl

from pipelines.lib.cleaning import DATE_FORMATS, parse_date, parse_number
from pipelines.lib.ingest.spec import DomainSpec
from pipelines.lib.tabular import from_raw, mission_columns, named_as_published, parse_bool
from schemas.reported_figures import ReportedFigure

OUTPUT_COLUMNS = (
    "source_file", "source_row", "figure_id", "mission", "indicator", "category", "metric", "value", "unit",
    "qualifier", "period_start", "period_end", "document", "locator", "description", "is_illustrative",
)
COLUMNS = named_as_published(
    "figure_id", "indicator", "category", "metric", "unit", "qualifier", "document", "locator", "description",
    "mission_raw", "value_raw", "period_start_raw", "period_end_raw", "is_illustrative_raw")


def spec(known: list[str]) -> DomainSpec:
    def normalize(r: pl.DataFrame) -> pl.DataFrame:
        return r.with_columns(
            *mission_columns(known + ["ALL"]),
            parse_number("value_raw").alias("value"),
            *from_raw(parse_date, "period_start", "period_end", formats=DATE_FORMATS),
            parse_bool("is_illustrative_raw").alias("is_illustrative"),
        )

    return DomainSpec(
        domain="reported_figures", parsers={"reported_figures": COLUMNS}, normalize=normalize,
        model=ReportedFigure, unique_about="figure_id", key=("figure_id",),
        values=("mission", "indicator", "value", "period_end"), output_columns=OUTPUT_COLUMNS,
    )
