"""IPI's per-country files -> one record per contributing country x month x
category (troops, police, experts), as published.

Canonical text record: month_raw, country_raw, category, personnel_raw (+ the
source file, row and format the ingest path adds).

The country is written nowhere in the file: it is the file name without its
suffix (``Cote d Ivoire.csv``), resolved to ISO 3166 alpha-3 like every other
country name (``pipelines/lib/countries.py``). A file whose name is empty
(``.csv``, an artefact of the publisher's export: one row of NA) is refused
whole, rule ``country_named_in_file``: its rows belong to no country.

``NA`` in a category is IPI's "none reported" and yields no record, as in the
mission totals; a month without a row is a month without contribution
(PROVENANCE.md of ipi_contributor_police_monthly).
"""

from __future__ import annotations

from pathlib import PurePosixPath

import polars as pl

from pipelines.lib.cleaning import DATE_FORMATS, clean_text, month_start, parse_count, parse_date
from pipelines.lib.countries import resolve_frame
from pipelines.lib.formats import DATA_SUFFIXES
from pipelines.lib.ingest import DomainSpec, InboxFile
from pipelines.lib.readers import ROW, InputFileError, TextTable
from pipelines.lib.tabular import text
from schemas.contributor_strength import RULE_COLUMNS, ContributorStrengthRecord

OUTPUT_COLUMNS = (
    "source_file", "source_row", "source_format", "month", "country_iso3", "country_name",
    "country_match", "category", "personnel",
)

# category -> published column (PROVENANCE.md of ipi_contributor_police_monthly)
COLUMNS = {"troops": "Troops", "police": "Police", "experts": "Experts"}
COUNTRY_RULE = "country_named_in_file"


def country_from_name(relpath: str) -> str:
    """The country a per-country file is about: its name without the data
    suffix, spaces trimmed; '' for a name that is only a suffix (``.csv``)."""
    name = PurePosixPath(relpath.replace("\\", "/")).name
    lowered = name.lower()
    for suffix in sorted(DATA_SUFFIXES, key=len, reverse=True):
        if lowered.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return name.strip()


def parse_contributor_totals(table: TextTable, f: InboxFile) -> pl.DataFrame:
    """One row per month -> one record per published category."""
    country = country_from_name(f.relpath)
    if not country:
        raise InputFileError(
            f.relpath,
            f"the file name is empty ({PurePosixPath(f.relpath).name!r}): this format takes the "
            "contributing country from the file name, so its "
            f"{table.frame.height} row(s) belong to no country",
            COUNTRY_RULE,
        )
    parts = [
        table.frame.select(
            pl.col(ROW),
            text("Date").alias("month_raw"),
            pl.lit(country).alias("country_raw"),
            pl.lit(category).alias("category"),
            text(col).alias("personnel_raw"),
        ).filter(pl.col("personnel_raw").is_not_null() & (pl.col("personnel_raw") != "NA"))
        for category, col in COLUMNS.items()
    ]
    return pl.concat(parts).sort(ROW, maintain_order=True)


def _empty_output() -> pl.DataFrame:
    schema = {c: pl.Utf8 for c in OUTPUT_COLUMNS}
    schema.update({"source_row": pl.Int64, "month": pl.Date, "personnel": pl.Int64})
    return pl.DataFrame(schema=schema)


def normalize(records: pl.DataFrame) -> pl.DataFrame:
    if records.is_empty():
        return _empty_output()
    r = records.with_columns(
        month_start(parse_date("month_raw", DATE_FORMATS)).alias("month"),
        parse_count("personnel_raw").alias("personnel"),
        clean_text("country_raw").alias("country_name"),
    )
    return resolve_frame(r, "country_name", None)


def precedence(records: pl.DataFrame) -> pl.Expr:
    """Two files naming one country (``Macedonia.csv`` to 2014-02, then
    ``The former Yugoslav Republic of Macedonia.csv`` from 2014-03): the file
    reaching the latest month wins a key both carry with other values."""
    latest = pl.col("month").max()
    return (latest.dt.year().cast(pl.Int64) * 12 + latest.dt.month().cast(pl.Int64)).fill_null(0)


# Rejects on a count name the canonical column ("personnel"); the row and the
# category in raw.contributor_strength identify the published cell.
_SOURCE_COLUMNS = {"month": "Date", "country": "(file name)"}


def source_column(column: str, fmt: str, failed: pl.DataFrame) -> pl.Expr:
    """The published column a reject is about: the file name for the country."""
    c = pl.col(column)
    out = pl.lit(None, dtype=pl.Utf8)
    for canon, pub in _SOURCE_COLUMNS.items():
        out = pl.when(c == canon).then(pl.lit(pub)).otherwise(out)
    return pl.coalesce(out, c)


def spec(known_missions: list[str] | None = None) -> DomainSpec:
    """``known_missions`` is unused: these records name no mission (the raw
    source factory passes it to every source)."""
    return DomainSpec(
        domain="contributor_strength",
        parsers={"ipi_contributor_totals": parse_contributor_totals},
        normalize=normalize,
        model=ContributorStrengthRecord,
        rule_columns=RULE_COLUMNS,
        key=("country_iso3", "month", "category"),
        values=("personnel",),
        output_columns=OUTPUT_COLUMNS,
        source_columns=source_column,
        precedence=precedence,
    )
