"""Authorized police strength from ceiling workbooks (sheet 'ceilings') or
CSVs in the inbox -> ceiling records (grain mission x personnel scope x
effective date), validated with schemas.police_ceilings.CeilingRecord. Write
mode: full replace."""

from __future__ import annotations

import polars as pl

from pipelines.lib.cleaning import DATE_FORMATS, parse_count, parse_date
from pipelines.lib.ingest.spec import DomainSpec
from pipelines.lib.tabular import mission_columns, named_as_published
from schemas.police_ceilings import CeilingRecord

OUTPUT_COLUMNS = (
    "source_file", "source_row", "mission", "personnel_scope", "authorized_strength", "effective_from",
    "set_by", "citation", "verified_against", "note",
)
COLUMNS = named_as_published(
    "mission_raw", "personnel_scope", "authorized_strength_raw", "effective_from_raw", "set_by", "citation",
    "verified_against", "note")


def spec(known: list[str]) -> DomainSpec:
    def normalize(r: pl.DataFrame) -> pl.DataFrame:
        return r.with_columns(
            *mission_columns(known),
            pl.col("personnel_scope").str.to_lowercase(),
            parse_count("authorized_strength_raw").alias("authorized_strength"),
            parse_date("effective_from_raw", DATE_FORMATS).alias("effective_from"),
        )

    return DomainSpec(
        domain="police_ceilings", parsers={"police_ceilings": COLUMNS}, normalize=normalize, model=CeilingRecord,
        unique_about="mission_raw", key=("mission", "personnel_scope", "effective_from"),
        values=("authorized_strength", "set_by"), output_columns=OUTPUT_COLUMNS,
    )
