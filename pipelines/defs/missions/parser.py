"""The UN mission list (Peace and Security Data Hub) -> mission reference rows."""

from __future__ import annotations

import polars as pl

from pipelines.lib.cleaning import parse_date
from pipelines.lib.ingest.spec import DomainSpec, InboxFile
from pipelines.lib.readers import TextTable
from pipelines.lib.reference import mission_aliases, normalize_mission
from pipelines.lib.tabular import from_raw, select_text
from schemas.missions import MissionRecord

OUTPUT_COLUMNS = (
    "source_file", "source_row", "mission", "mission_name", "is_active", "start_date", "end_date",
    "hq_location",
)


def parse_psdata_missions(table: TextTable, f: InboxFile) -> pl.DataFrame:
    return select_text(table, {
        "mission_raw": "mission_acronym", "mission_name": "mission_name", "is_active": "mission_isactive",
        "start_date_raw": "start_date", "end_date_raw": "end_date", "hq_location": "mission_location",
    })


def normalize(records: pl.DataFrame) -> pl.DataFrame:
    return records.with_columns(
        normalize_mission("mission_raw", mission_aliases()).alias("mission"),
        pl.col("is_active").str.to_lowercase() == "yes",  # 'NO' (MINUSTAH) and 'No' alike
        *from_raw(parse_date, "start_date", "end_date", formats=("%Y-%m-%d",)),
    )


def spec() -> DomainSpec:
    return DomainSpec(
        domain="missions",
        parsers={"un_psdata_missions": parse_psdata_missions},
        normalize=normalize,
        model=MissionRecord,
        unique_about="mission_raw",
        key=("mission",),
        values=("mission_name", "start_date", "end_date"),
        output_columns=OUTPUT_COLUMNS,
    )
