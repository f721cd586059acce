"""Published strength from IPI's mission totals (data_mission.csv: troops,
police = IPO + FPU, observers and total per mission and month) and system
totals (data_monthly.csv: the sums over contributors, mission 'ALL') -> one
record per month x mission (or ALL) x category, as published, validated with
schemas.mission_strength.MissionStrengthRecord. Write mode: full replace.

``NA`` in a category column is IPI's "no personnel of that type" (the mission
file writes no 0): such a category yields no record, as in the staffing
parsers. The system file writes sums, where none is a published ``0``: that is
a record with 0.
"""

from __future__ import annotations

import polars as pl

from pipelines.lib.cleaning import DATE_FORMATS, clean_text, parse_count, parse_date
from pipelines.lib.countries import resolve_frame
from pipelines.lib.ingest.spec import DomainSpec, InboxFile
from pipelines.lib.readers import TextTable
from pipelines.lib.tabular import latest_month, mission_columns, published_columns, text, unpivot
from schemas.mission_strength import MissionStrengthRecord

OUTPUT_COLUMNS = (
    "source_file", "source_row", "source_format", "scope", "month", "mission", "mission_published",
    "category", "personnel", "contributors", "host_country_iso3", "host_country_name", "host_country_match",
)

# category -> published column, per file (PROVENANCE.md of ipi_mission_totals_monthly)
MISSION_COLUMNS = {"troops": "Troops", "police": "Police", "observers": "Observers", "total": "Total"}
SYSTEM_COLUMNS = {
    "troops": "Troop Contributions", "police": "Police Contributions",
    "observers": "EOM Contributions", "total": "Total Contributions",
}
SYSTEM_MISSION = "ALL"


def parse_mission_totals(table: TextTable, f: InboxFile) -> pl.DataFrame:
    """data_mission.csv: one row per mission x month -> one record per category."""
    return unpivot(table, [
        text("Date").alias("month_raw"),
        text("Mission").alias("mission_raw"),
        text("Country of Mission").alias("host_country_raw"),
        text("Country of Mission ISO-3").alias("host_country_iso3_raw"),
        text("Number of Contributors").alias("contributors_raw"),
        pl.lit("mission").alias("scope"),
    ], MISSION_COLUMNS, "category", "personnel_raw")


def parse_system_totals(table: TextTable, f: InboxFile) -> pl.DataFrame:
    """data_monthly.csv: one row per month for all of UN peacekeeping. Only the
    sums are loaded; the means, medians and SDs over contributors are derived."""
    return unpivot(table, [
        text("Date").alias("month_raw"),
        pl.lit(SYSTEM_MISSION).alias("mission_raw"),
        pl.lit(None, dtype=pl.Utf8).alias("host_country_raw"),
        pl.lit(None, dtype=pl.Utf8).alias("host_country_iso3_raw"),
        text("Number of Contributors").alias("contributors_raw"),
        pl.lit("system").alias("scope"),
    ], SYSTEM_COLUMNS, "category", "personnel_raw")


# Rejects on a count name the canonical column ("personnel"); the row and the
# category in raw.mission_strength's source row identify the published cell.
_SOURCE_COLUMNS = {
    "ipi_mission_totals": {"month": "Date", "mission": "Mission", "contributors": "Number of Contributors",
                           "host_country": "Country of Mission"},
    "ipi_system_totals": {"month": "Date", "contributors": "Number of Contributors"},
}


def spec(known_missions: list[str]) -> DomainSpec:
    def normalize(records: pl.DataFrame) -> pl.DataFrame:
        r = records.with_columns(
            parse_date("month_raw", DATE_FORMATS).dt.truncate("1mo").alias("month"),
            # ONUCI and UNOCI both appear for the operation in Côte d'Ivoire:
            # the alias seed folds them into one acronym.
            *mission_columns([*known_missions, SYSTEM_MISSION]),
            parse_count("personnel_raw").alias("personnel"),
            parse_count("contributors_raw").alias("contributors"),
            # "South Sudan'" (36 rows) loses its stray apostrophe here.
            clean_text("host_country_raw").alias("host_country_name"),
            clean_text("host_country_iso3_raw").alias("_host_iso"),
        )
        r = resolve_frame(r, "host_country_name", "_host_iso", "host_country")
        no_host = pl.col("host_country_name").is_null() & pl.col("_host_iso").is_null()
        return r.with_columns(
            pl.when(no_host).then(None).otherwise(pl.col("host_country_match")).alias("host_country_match"),
        ).drop("_host_iso")

    return DomainSpec(
        domain="mission_strength",
        parsers={"ipi_mission_totals": parse_mission_totals, "ipi_system_totals": parse_system_totals},
        normalize=normalize,
        model=MissionStrengthRecord,
        unique_about="mission_raw",
        key=("month", "mission", "category"),
        values=("personnel", "contributors"),
        output_columns=OUTPUT_COLUMNS,
        source_columns=published_columns(_SOURCE_COLUMNS),
        # A later release of the series revises earlier months: the file reaching the latest month wins.
        precedence=lambda records: latest_month(),
    )
