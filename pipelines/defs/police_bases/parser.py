"""RADPKO base x year averages (Hunnicutt and Nomikos 2020,
radpko_bases_cc_y.csv) -> one record per published row: a mission's base in
a year, with the yearly averages of the monthly uniformed strength RADPKO
allocates to it (police and women among police, troops, observers),
validated with schemas.police_bases.PoliceBaseRecord. Write mode: full
replace.

The values are averages of monthly figures, so they are fractional and stay
so (PROVENANCE.md of radpko_bases_yearly: never cast without a rounding
rule). The 69 per-country column blocks are not loaded: the mission-year
police figures are what the warehouse uses them for. The host country is
descriptive (RADPKO writes 'Abyei' for UNISFA's area) and kept as published.
"""

from __future__ import annotations

import polars as pl

from pipelines.lib.cleaning import clean_text, parse_count, parse_date, parse_number
from pipelines.lib.ingest.spec import DomainSpec
from pipelines.lib.tabular import from_raw, mission_columns
from schemas.police_bases import PoliceBaseRecord

# canonical -> published column (RADPKO radpko_bases_cc_y.csv, PROVENANCE.md)
COLUMNS = {
    "mission_raw": "mission", "host_country_raw": "country", "base": "base", "date_raw": "date",
    "year_raw": "year", "latitude_raw": "latitude", "longitude_raw": "longitude",
    "uniformed_raw": "pko_deployed", "troops_raw": "untrp", "police_raw": "unpol", "observers_raw": "unmob",
    "women_troops_raw": "f_untrp", "women_police_raw": "f_unpol", "women_observers_raw": "f_unmob",
}
# Yearly averages of monthly personnel counts (fractional).
AVERAGES = ("uniformed", "troops", "police", "observers", "women_troops", "women_police", "women_observers")

OUTPUT_COLUMNS = (
    "source_file", "source_row", "source_format", "mission", "mission_published", "host_country_name", "base",
    "first_month", "year", "latitude", "longitude", *AVERAGES,
)


def spec(known_missions: list[str]) -> DomainSpec:
    def normalize(records: pl.DataFrame) -> pl.DataFrame:
        return records.with_columns(
            *mission_columns(known_missions),
            clean_text("host_country_raw").alias("host_country_name"),
            pl.when(pl.col("base").str.strip_chars() == "").then(None)
            .otherwise(pl.col("base").str.strip_chars()).alias("base"),
            # RADPKO's `date`: the first month of the year the base is observed.
            parse_date("date_raw", ("%Y-%m-%d",)).alias("first_month"),
            parse_count("year_raw").alias("year"),
            *from_raw(parse_number, "latitude", "longitude", *AVERAGES),
        )

    return DomainSpec(
        domain="police_bases",
        parsers={"radpko_bases_yearly": COLUMNS},
        # R's NaN (the coordinates of three UNMIS liaison bases in Addis Ababa,
        # 2007-2008) and NA are no value.
        missing=("NaN", "NA"),
        normalize=normalize,
        model=PoliceBaseRecord,
        unique_about="base",
        key=("mission", "base", "year"),
        values=("latitude", "longitude", *AVERAGES),
        output_columns=OUTPUT_COLUMNS,
    )
