"""Staffing formats -> one canonical long shape -> typed, checked records."""

from __future__ import annotations

import polars as pl

from pipelines.lib.cleaning import DATE_FORMATS, clean_text, parse_count, parse_date, via_unique
from pipelines.lib.countries import resolve_frame
from pipelines.lib.ingest.spec import DomainSpec, InboxFile
from pipelines.lib.readers import ROW, TextTable
from pipelines.lib.reference import mission_aliases, normalize_mission, personnel_types
from pipelines.lib.tabular import latest_month
from schemas.staffing import StaffingRecord

OUTPUT_COLUMNS = (
    "source_file", "source_row", "source_format", "row_kind", "month", "mission", "country_iso3",
    "country_name", "country_match", "personnel_type", "personnel_type_label", "female", "male",
    "total", "citation", "citation_row",
)

IPI_KINDS = ("Individual_Police", "Formed_Police_Units", "Experts_on_Mission", "Troops")


# canonical -> published column of the UN long layout (the Data Hub's is lower case)
LONG_COLUMNS = {
    "month_raw": "Last_Reporting_Date", "mission_raw": "Mission_Acronym", "country_raw": "Contributing_Country",
    "country_iso3_raw": "ISOCode3", "personnel_type_raw": "Personnel_Type", "female_raw": "Female_Personnel",
    "male_raw": "Male_Personnel",
}


def parse_un_long(table: TextTable, f: InboxFile) -> pl.DataFrame:
    """UN open-data long layout, Title_Case or lower-case names. The file has no
    total column: total = female + male, blanks counting as none."""
    lower = f.format.name == "un_psdata_staffing_long"
    n = (lambda c: c.lower()) if lower else (lambda c: c)
    cols = table.frame.columns
    # Optional citation columns (the bundled data's, and the benchmark's
    # SYNTHETIC label): dataset and file form the citation; the row number
    # stays a column of its own (one distinct string per row would cost more
    # to load than every other column together).
    parts = [pl.col(c) for c in (n("Source_Dataset"), n("Source_File")) if c in cols]
    citation = (pl.concat_str(parts, separator=", ", ignore_nulls=True) if parts
                else pl.lit(None, dtype=pl.Utf8))
    citation_row = pl.col(n("Source_Row")) if n("Source_Row") in cols else pl.lit(None, dtype=pl.Utf8)
    # Published text as is: the CSV reader already gives empty cells as null;
    # trimming happens once per distinct value in normalize (10x cheaper).
    return table.frame.select(
        pl.col(ROW),
        *[pl.col(n(src)).alias(canon) for canon, src in LONG_COLUMNS.items()],
        pl.lit(None, dtype=pl.Utf8).alias("total_raw"),
        pl.lit("detail").alias("row_kind"),
        citation.alias("citation"),
        citation_row.alias("citation_row"),
    )


def parse_ipi_wide(table: TextTable, f: InboxFile) -> pl.DataFrame:
    """IPI wide layout -> one record per personnel type. Rows for 'all'
    contributors or missions are published totals, kept for reconciliation only."""
    sep = " " if f.format.name == "ipi_gender_wide_spaced" else "_"
    is_total = (pl.col("Contributor").str.strip_chars().str.strip_chars("'").str.to_lowercase() == "all") | (
        pl.col("Mission").str.strip_chars().str.strip_chars("'").str.to_lowercase() == "all"
    )
    kinds = {kind: [f"{kind.replace('_', sep)}{sep}{x}" for x in ("Female", "Male", "Total")] for kind in IPI_KINDS}
    return _ipi_records(table, f"Contributor{sep}ISO-3", kinds,
                        pl.when(is_total).then(pl.lit("total")).otherwise(pl.lit("detail")))


def parse_ipi_snapshot(table: TextTable, f: InboxFile) -> pl.DataFrame:
    """IPI monthly drop: totals per type, no sex split (female/male stay null)."""
    # The individual police column is published as 'Inidividual_Police' (sic).
    kinds = {kind: [None, None, "Inidividual_Police" if kind == "Individual_Police" else kind] for kind in IPI_KINDS}
    return _ipi_records(table, "Contributor_ISO-3", kinds, pl.lit("detail"))


def _ipi_records(table: TextTable, iso_col: str, kinds: dict[str, list[str | None]], row_kind: pl.Expr):
    """One record per personnel type (-> its female, male and total columns). A
    type whose counts are all NA or 0 has no personnel in that row (IPI writes
    NA, the older scraper 0) and yields no record."""
    none = pl.lit(None, dtype=pl.Utf8)
    base = [pl.col(ROW), pl.col("Date").alias("month_raw"), pl.col("Mission").alias("mission_raw"),
            pl.col("Contributor").alias("country_raw"), pl.col(iso_col).alias("country_iso3_raw"),
            row_kind.alias("row_kind"), none.alias("citation"), none.alias("citation_row")]
    counts = ("female_raw", "male_raw", "total_raw")
    no_personnel = pl.all_horizontal([pl.col(x).is_null() | pl.col(x).is_in(["NA", "0"]) for x in counts])
    parts = [table.frame.select(*base, pl.lit(kind).alias("personnel_type_raw"),
                                *[(none if c is None else pl.col(c)).alias(x) for c, x in zip(cols, counts)])
             .filter(~no_personnel) for kind, cols in kinds.items()]
    return pl.concat(parts).sort(ROW, maintain_order=True)


_IPI_SUFFIX = {"female": "Female", "male": "Male", "total": "Total"}
_LONG_COLUMNS = {c.removesuffix("_raw"): pub for c, pub in LONG_COLUMNS.items() if c != "country_iso3_raw"} | {
    "total": "Female_Personnel"}
_IPI_COLUMNS = {"month": "Date", "mission": "Mission", "country": "Contributor"}


def source_column(column: str, fmt: str, failed: pl.DataFrame) -> pl.Expr:
    """The published column a reject is about, as the user sees it in the file."""
    c, ptype, f = pl.col(column), pl.col("personnel_type_label"), pl.col(fmt)  # the published label, trimmed
    long = c.replace_strict(_LONG_COLUMNS, default=None, return_dtype=pl.Utf8)
    ipi = pl.coalesce(c.replace_strict(_IPI_COLUMNS, default=None, return_dtype=pl.Utf8), pl.concat_str(
        [ptype, pl.lit("_"), c.replace_strict(_IPI_SUFFIX, default=None, return_dtype=pl.Utf8)]))
    out = (
        pl.when(f == "un_psdata_staffing_long").then(long.str.to_lowercase())
        .when(f.str.starts_with("un_")).then(long)
        .when(f == "ipi_gender_wide_spaced").then(ipi.str.replace_all("_", " "))
        .when((f == "ipi_monthly_snapshot") & (c == "total")).then(ptype.replace("Individual_Police", "Inidividual_Police"))
        .otherwise(ipi)
    )
    return pl.coalesce(out, c)


def precedence(records: pl.DataFrame) -> pl.Expr:
    """When two files disagree on a key, the file reaching the latest month
    wins (a later release revises earlier months); then a file with the sex
    split over one without it."""
    return latest_month() * 2 + pl.col("female").is_not_null().any().cast(pl.Int64)


def spec(known_missions: list[str]) -> DomainSpec:
    aliases = mission_aliases()
    types = personnel_types().select(pl.col("label").alias("personnel_type_label"), "personnel_type")

    def normalize(records: pl.DataFrame) -> pl.DataFrame:
        # Each parse runs once per distinct published value (see via_unique).
        r = records.with_columns(
            via_unique(records, "country_raw", clean_text("country_raw")).alias("country_name"),
            via_unique(records, "country_iso3_raw", clean_text("country_iso3_raw")).alias("_iso_clean"),
            via_unique(records, "month_raw", parse_date("month_raw", DATE_FORMATS).dt.truncate("1mo")).alias("month"),
            via_unique(records, "mission_raw", normalize_mission("mission_raw", aliases)).alias("mission"),
            via_unique(records, "female_raw", parse_count("female_raw")).alias("female"),
            via_unique(records, "male_raw", parse_count("male_raw")).alias("male"),
            via_unique(records, "total_raw", parse_count("total_raw")).alias("_total"),
            pl.col("personnel_type_raw").str.strip_chars().alias("personnel_type_label"),
        )
        total_rows = pl.col("row_kind") == "total"
        r = r.with_columns(
            # The UN long files have no total column: female + male, and a
            # record with neither is left without a total (count_present).
            pl.when(pl.col("total_raw").is_null() & (pl.col("female").is_not_null() | pl.col("male").is_not_null()))
            .then(pl.col("female").fill_null(0) + pl.col("male").fill_null(0))
            .otherwise(pl.col("_total"))
            .alias("total"),
            pl.when(total_rows & (pl.col("mission_raw").str.strip_chars("'").str.to_lowercase() == "all"))
            .then(pl.lit("ALL")).otherwise(pl.col("mission")).alias("mission"),
        )
        r = resolve_frame(r, "country_name", "_iso_clean")
        r = r.with_columns(
            pl.when(total_rows & (pl.col("country_name").str.to_lowercase() == "all"))
            .then(pl.lit("ALL")).otherwise(pl.col("country_iso3")).alias("country_iso3"),
            pl.col("mission").is_in(known_missions + ["ALL"]).fill_null(False).alias("mission_known"),
        )
        return r.join(types, on="personnel_type_label", how="left").drop("_iso_clean", "_total")

    return DomainSpec(
        domain="staffing",
        parsers={
            "un_odp_staffing_long": parse_un_long,
            "un_psdata_staffing_long": parse_un_long,
            "ipi_gender_wide": parse_ipi_wide,
            "ipi_gender_wide_spaced": parse_ipi_wide,
            "ipi_monthly_snapshot": parse_ipi_snapshot,
        },
        normalize=normalize,
        model=StaffingRecord,
        unique_about="country_raw",
        key=("row_kind", "month", "mission", "country_iso3", "personnel_type"),
        values=("female", "male", "total"),
        output_columns=OUTPUT_COLUMNS,
        source_columns=source_column,
        precedence=precedence,
        period_column="month",
    )
