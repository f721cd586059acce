"""Deployment locations from Geo-PKO v2.3 (Uppsala University, FrontMap) ->
one record per published row: a mission's location on a deployment map of a
year (place, coordinates, headquarters level, UN police presence and other
unit kinds), validated with schemas.police_locations.PoliceLocationRecord.
Write mode: full replace.

A location can appear more than once in a mission-year (one row per source map
of the year: PROVENANCE.md of geopko_locations_yearly), so the raw grain is the
published row and its key includes the row; the mart resolves a year's rows to
one place. The host country is descriptive here (Geo-PKO writes 'DRC',
'Ivory Coast', 'Ethiopia/Eritrea', 'Kosovo'): it is resolved to ISO 3166 where
it can be and kept as published otherwise (``host_country_match`` says which),
never a reason to drop a location.
"""

from __future__ import annotations

import polars as pl

from pipelines.lib.cleaning import clean_text, parse_count, parse_number
from pipelines.lib.countries import resolve_frame
from pipelines.lib.ingest.spec import DomainSpec
from pipelines.lib.tabular import from_raw, mission_columns
from schemas.police_locations import PoliceLocationRecord

# canonical -> published column (Geo-PKO v2.3 FrontMap, PROVENANCE.md)
COLUMNS = {
    "mission_raw": "mission", "year_raw": "year", "host_country_raw": "country", "location": "location",
    "latitude_raw": "latitude", "longitude_raw": "longitude", "unpol_raw": "UNPOL", "hq_raw": "hq",
    "infantry_raw": "Infantry", "troops_raw": "NoTroops", "reserve_raw": "Reserve", "medical_raw": "Med",
    "aviation_raw": "Av", "military_observers_raw": "UNMO", "troops_year_average_raw": "ave.no.troops",
}
# Unit kinds other than police: a count (infantry, reserve: troops of that
# kind), a flag (medical, military observers) or a level (aviation 0 .. 2).
UNIT_COUNTS = ("infantry", "troops", "reserve", "medical", "aviation", "military_observers")

OUTPUT_COLUMNS = (
    "source_file", "source_row", "source_format", "mission", "mission_published", "year", "host_country_name",
    "host_country_iso3", "host_country_match", "location", "latitude", "longitude", "unpol", "hq",
    *UNIT_COUNTS, "troops_year_average",
)


def spec(known_missions: list[str]) -> DomainSpec:
    def normalize(records: pl.DataFrame) -> pl.DataFrame:
        r = records.with_columns(
            *mission_columns(known_missions),
            clean_text("host_country_raw").alias("host_country_name"),
            pl.col("location").str.strip_chars(),
            # NA (no size on the map) stays null; a published 0 is 0.
            *from_raw(parse_count, "year", "unpol", "hq", *UNIT_COUNTS),
            *from_raw(parse_number, "latitude", "longitude", "troops_year_average"),
        )
        return resolve_frame(r, "host_country_name", None, "host_country")

    return DomainSpec(
        domain="police_locations",
        parsers={"geopko_locations": COLUMNS},
        missing=("NA",),  # R's NA (``NoTroops`` where a map gives no size) is no value
        normalize=normalize,
        model=PoliceLocationRecord,
        unique_about="location",
        # The published row is part of the key: a year's repeated rows (one per
        # source map) are all kept here and resolved in the mart.
        key=("mission", "year", "location", "source_row"),
        values=("latitude", "longitude", "unpol", "hq", *UNIT_COUNTS),
        output_columns=OUTPUT_COLUMNS,
    )
