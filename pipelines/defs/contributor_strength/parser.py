"""IPI's per-country files (PPP_Loader ppp_files/countries/<Country>.csv:
troops, police = IPO + FPU, experts per month since 1990) -> one record per
contributing country x month x category, as published, validated with
schemas.contributor_strength.ContributorStrengthRecord. Write mode: full
replace.

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

from pipelines.lib.cleaning import DATE_FORMATS, clean_text, parse_count, parse_date
from pipelines.lib.countries import resolve_frame
from pipelines.lib.formats import DATA_SUFFIXES
from pipelines.lib.ingest.spec import DomainSpec, InboxFile
from pipelines.lib.readers import InputFileError, TextTable
from pipelines.lib.tabular import latest_month, published_columns, text, unpivot
from schemas.contributor_strength import ContributorStrengthRecord

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
    suffix = next((s for s in DATA_SUFFIXES if name.lower().endswith(s)), "")  # none is the end of another
    return name[: len(name) - len(suffix)].strip()


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
    return unpivot(table, [text("Date").alias("month_raw"), pl.lit(country).alias("country_raw")],
                   COLUMNS, "category", "personnel_raw")


def normalize(records: pl.DataFrame) -> pl.DataFrame:
    r = records.with_columns(
        parse_date("month_raw", DATE_FORMATS).dt.truncate("1mo").alias("month"),
        parse_count("personnel_raw").alias("personnel"),
        clean_text("country_raw").alias("country_name"),
    )
    return resolve_frame(r, "country_name", None)


def spec(known_missions: list[str] | None = None) -> DomainSpec:
    """``known_missions`` is unused: these records name no mission."""
    return DomainSpec(
        domain="contributor_strength",
        parsers={"ipi_contributor_totals": parse_contributor_totals},
        normalize=normalize,
        model=ContributorStrengthRecord,
        unique_about="country_raw",
        key=("country_iso3", "month", "category"),
        values=("personnel",),
        output_columns=OUTPUT_COLUMNS,
        # Rejects on a count name the canonical column ("personnel"); the row
        # and the category identify the published cell.
        source_columns=published_columns({None: {"month": "Date", "country": "(file name)"}}),
        # Two files naming one country (``Macedonia.csv`` to 2014-02, then ``The
        # former Yugoslav Republic of Macedonia.csv``): the later one wins.
        precedence=lambda records: latest_month(),
    )
