"""Training delivered (workbook sheet 'training' or CSV) -> training records."""

from __future__ import annotations

import polars as pl

from pipelines.lib.cleaning import DATE_FORMATS, parse_count, parse_date
from pipelines.lib.ingest import DomainSpec, InboxFile
from pipelines.lib.readers import TextTable
from pipelines.lib.tabular import mission_columns, parse_bool, select_text
from schemas.training import TrainingRecord

OUTPUT_COLUMNS = (
    "source_file", "source_row", "mission", "period_start", "period_end", "topic", "trainee_kind",
    "trainees", "trainees_female", "citation", "is_illustrative", "note",
)


def parse(table: TextTable, f: InboxFile) -> pl.DataFrame:
    return select_text(table, {
        "mission_raw": "mission", "period_start_raw": "period_start", "period_end_raw": "period_end",
        "topic": "topic", "trainee_kind": "trainee_kind", "trainees_raw": "trainees",
        "trainees_female_raw": "trainees_female", "citation": "citation",
        "is_illustrative_raw": "is_illustrative", "note": "note",
    })


def spec(known: list[str]) -> DomainSpec:
    def normalize(r: pl.DataFrame) -> pl.DataFrame:
        return r.with_columns(
            *mission_columns(known),
            parse_date("period_start_raw", DATE_FORMATS).alias("period_start"),
            parse_date("period_end_raw", DATE_FORMATS).alias("period_end"),
            parse_count("trainees_raw").alias("trainees"),
            parse_count("trainees_female_raw").alias("trainees_female"),
            parse_bool("is_illustrative_raw").fill_null(False).alias("is_illustrative"),
        )

    return DomainSpec(
        domain="training", parsers={"training_delivered": parse}, normalize=normalize, model=TrainingRecord,
        unique_about="mission_raw", key=("mission", "period_start", "period_end", "topic"),
        values=("trainees", "trainees_female"), output_columns=OUTPUT_COLUMNS,
    )
