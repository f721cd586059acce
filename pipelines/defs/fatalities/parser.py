"""Fatality records from the UN open-data file (odp_noticas.csv, Title_Case)
and the Peace and Security Data Hub file (DPPADPOSS-FATALITIES, lower case)
-> one record per casualty, validated with schemas.fatalities.FatalityRecord.
Write mode: full replace.

Both versions are snapshots of the same dataset: the same ``casualty_id`` in
two files is the same record. The newer release wins (its ``last_update``, or
for the older schema, which has none, its latest incident date); an unchanged
record in an older file is counted as a duplicate, a revised one as superseded.
"""

from __future__ import annotations

import polars as pl

from pipelines.lib.cleaning import DATE_FORMATS, clean_text, parse_count, parse_date
from pipelines.lib.countries import resolve_frame
from pipelines.lib.ingest.spec import DomainSpec, InboxFile
from pipelines.lib.readers import TextTable
from pipelines.lib.reference import personnel_types
from pipelines.lib.tabular import from_raw, mission_columns, published_columns, select_text
from schemas.fatalities import FatalityRecord

OUTPUT_COLUMNS = (
    "source_file", "source_row", "source_format", "source_as_of", "as_of_basis", "casualty_id",
    "incident_date", "month", "mission", "mission_published", "casualty_type", "nationality_name",
    "nationality_iso3", "nationality_match", "m49_code", "personnel_type", "personnel_type_label",
    "personnel_type_published", "incident_type", "gender",
)

# canonical -> published column of the open-data file (PROVENANCE.md of
# un_fatalities); the Data Hub's are the same in lower case, with two more.
_ODP = {
    "casualty_id": "Casualty_ID", "incident_date_raw": "Incident_Date", "mission_raw": "Mission_Acronym",
    "casualty_type_raw": "Type_of_Casualty", "nationality_raw": "Casualty_Nationality",
    "m49_code_raw": "M49_Code", "nationality_iso3_raw": "ISOCode3",
    "personnel_type_raw": "Casualty_Personnel_Type", "incident_type_raw": "Type_Of_Incident",
}
COLUMNS = {
    "un_odp_fatalities": _ODP | {"gender_raw": None, "last_update_raw": None},
    "un_psdata_fatalities": {c: pub.lower() for c, pub in _ODP.items()} | {
        "gender_raw": "gender", "last_update_raw": "last_update"},
}


def parse_fatalities(table: TextTable, f: InboxFile) -> pl.DataFrame:
    """Either schema -> canonical text. The personnel type is kept exactly as
    published ('Local ' with its trailing space); everything else is trimmed."""
    columns = COLUMNS[f.format.name]
    return select_text(table, columns).with_columns(
        table.frame.get_column(columns["personnel_type_raw"]).alias("personnel_type_raw"))


def spec(known_missions: list[str]) -> DomainSpec:
    types = personnel_types().select(pl.col("label").alias("personnel_type_label"), "personnel_type").unique(
        "personnel_type_label")

    def normalize(records: pl.DataFrame) -> pl.DataFrame:
        r = records.with_columns(
            *from_raw(parse_date, "incident_date", "last_update", formats=DATE_FORMATS),
            *mission_columns(known_missions),
            pl.col("casualty_type_raw").str.strip_chars().alias("casualty_type"),
            clean_text("nationality_raw").alias("nationality_name"),
            clean_text("nationality_iso3_raw").alias("_iso_clean"),
            # The Data Hub writes M49 as a float ("250.0"); parse_count takes it.
            parse_count("m49_code_raw").alias("m49_code"),
            pl.col("personnel_type_raw").alias("personnel_type_published"),
            # 'Local ' is published with a trailing space.
            pl.col("personnel_type_raw").str.strip_chars().alias("personnel_type_label"),
            pl.col("incident_type_raw").str.strip_chars().alias("incident_type"),
            pl.col("gender_raw").str.strip_chars().str.to_uppercase().alias("_gender"),
        ).with_columns(
            pl.col("incident_date").dt.truncate("1mo").alias("month"),
            pl.when(pl.col("_gender").is_in(["M", "F"])).then(pl.col("_gender")).alias("gender"),
        )
        r = resolve_frame(r, "nationality_name", "_iso_clean", "nationality")
        not_stated = pl.col("nationality_name").is_null() & pl.col("_iso_clean").is_null()
        # Version and as-of of each file: the Data Hub's last_update, else the
        # latest incident the file records (the open-data file has no date).
        has_update = pl.col("last_update").is_not_null().any().over("source_file")
        r = r.with_columns(
            pl.when(not_stated).then(pl.lit("not_stated")).otherwise(pl.col("nationality_match"))
            .alias("nationality_match"),
            pl.when(has_update).then(pl.col("last_update").max().over("source_file"))
            .otherwise(pl.col("incident_date").max().over("source_file")).alias("source_as_of"),
            pl.when(has_update).then(pl.lit("last_update")).otherwise(pl.lit("latest_incident_date"))
            .alias("as_of_basis"),
        )
        return r.join(types, on="personnel_type_label", how="left").drop("_iso_clean", "_gender")

    return DomainSpec(
        domain="fatalities",
        parsers={"un_odp_fatalities": parse_fatalities, "un_psdata_fatalities": parse_fatalities},
        normalize=normalize,
        model=FatalityRecord,
        unique_about="casualty_id",
        key=("casualty_id",),
        # What the record says about the fatality. Gender (new in the Data Hub
        # file) and the file's version are not compared: a record the newer
        # release repeats unchanged is a duplicate, not a revision.
        values=("incident_date", "mission", "casualty_type", "nationality_name", "nationality_iso3",
                "personnel_type", "incident_type"),
        output_columns=OUTPUT_COLUMNS,
        source_columns=published_columns(COLUMNS),
        # The newer release wins: the file with the later as-of date.
        precedence=lambda records: pl.col("source_as_of").cast(pl.Int64).fill_null(0),
    )
