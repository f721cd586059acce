"""Training delivered, from training workbooks (sheet 'training') or CSVs in
the inbox -> training records (grain mission x period x topic), validated
with schemas.training.TrainingRecord. Write mode: full replace. Training
figures cited in UN documents arrive through reported figures and join in
marts.fct_training."""

from __future__ import annotations

import polars as pl

from pipelines.lib.cleaning import DATE_FORMATS, parse_count, parse_date
from pipelines.lib.ingest.spec import DomainSpec
from pipelines.lib.tabular import from_raw, mission_columns, named_as_published, parse_bool
from schemas.training import TrainingRecord

OUTPUT_COLUMNS = (
    "source_file", "source_row", "mission", "period_start", "period_end", "topic", "trainee_kind",
    "trainees", "trainees_female", "citation", "is_illustrative", "note",
)
COLUMNS = named_as_published(
    "mission_raw", "period_start_raw", "period_end_raw", "topic", "trainee_kind", "trainees_raw",
    "trainees_female_raw", "citation", "is_illustrative_raw", "note")


def spec(known: list[str]) -> DomainSpec:
    def normalize(r: pl.DataFrame) -> pl.DataFrame:
        return r.with_columns(
            *mission_columns(known),
            *from_raw(parse_date, "period_start", "period_end", formats=DATE_FORMATS),
            *from_raw(parse_count, "trainees", "trainees_female"),
            parse_bool("is_illustrative_raw").fill_null(False).alias("is_illustrative"),
        )

    return DomainSpec(
        domain="training", parsers={"training_delivered": COLUMNS}, normalize=normalize, model=TrainingRecord,
        unique_about="mission_raw", key=("mission", "period_start", "period_end", "topic"),
        values=("trainees", "trainees_female"), output_columns=OUTPUT_COLUMNS,
    )
