"""Police ceilings workbook (sheet 'ceilings') or CSV -> ceiling records."""

from __future__ import annotations

import polars as pl

from pipelines.lib.cleaning import DATE_FORMATS, parse_count, parse_date
from pipelines.lib.ingest import DomainSpec, InboxFile
from pipelines.lib.readers import TextTable
from pipelines.lib.tabular import mission_columns, select_text
from schemas.police_ceilings import CeilingRecord

OUTPUT_COLUMNS = (
    "source_file", "source_row", "mission", "personnel_scope", "authorized_strength", "effective_from",
    "set_by", "citation", "verified_against", "note",
)


def parse(table: TextTable, f: InboxFile) -> pl.DataFrame:
    return select_text(table, {
        "mission_raw": "mission", "personnel_scope": "personnel_scope",
        "authorized_strength_raw": "authorized_strength", "effective_from_raw": "effective_from",
        "set_by": "set_by", "citation": "citation", "verified_against": "verified_against", "note": "note",
    })


def spec(known: list[str]) -> DomainSpec:
    def normalize(r: pl.DataFrame) -> pl.DataFrame:
        return r.with_columns(
            *mission_columns(known),
            pl.col("personnel_scope").str.to_lowercase(),
            parse_count("authorized_strength_raw").alias("authorized_strength"),
            parse_date("effective_from_raw", DATE_FORMATS).alias("effective_from"),
        )

    return DomainSpec(
        domain="police_ceilings", parsers={"police_ceilings": parse}, normalize=normalize, model=CeilingRecord,
        unique_about="mission_raw", key=("mission", "personnel_scope", "effective_from"),
        values=("authorized_strength", "set_by"), output_columns=OUTPUT_COLUMNS,
    )
