"""Contract for contributor strength records: one row per contributing country x
month x category (troops, police = IPO + FPU, experts), the personnel that
country had in all UN peacekeeping at month end, as IPI published them per
country (PPP_Loader ``ppp_files/countries/<Country>.csv``) from the UN DPKO
monthly "Troop and police contributors" reports."""

from __future__ import annotations

from datetime import date

import pandera.ibis as pa

from schemas._checks import (
    KEY_IS_UNIQUE,
    not_in_the_future,
    not_negative,
    one_of,
    parses,
    required,
    rule_columns,
)
from schemas._records import InboxRecord

CATEGORIES = ["troops", "police", "experts"]


class ContributorStrengthRecord(InboxRecord):
    """Grain: country x month x category."""

    source_format: str
    month_raw: str = pa.Field(nullable=True)
    month: date = pa.Field(nullable=True)
    # The file name without its suffix: IPI writes the country nowhere else.
    country_raw: str = pa.Field(nullable=True)
    country_iso3: str = pa.Field(nullable=True)
    country_match: str = pa.Field(nullable=True)
    category: str
    personnel_raw: str = pa.Field(nullable=True)
    personnel: int = pa.Field(nullable=True)

    category_is_known = one_of("category", CATEGORIES)
    personnel_not_negative = not_negative("personnel")
    date_is_valid = required("month", about="month_raw")
    month_not_in_future = not_in_the_future("month")
    country_maps_to_iso3 = required("country_iso3", about="country_raw")
    personnel_is_whole_number = parses("personnel", required=True)


RULE_COLUMNS = rule_columns(ContributorStrengthRecord) | {KEY_IS_UNIQUE: "country_raw"}
