"""Contract for contributor strength records: one row per contributing country x
month x category (troops, police = IPO + FPU, experts), the personnel that
country had in all UN peacekeeping at month end, as IPI published them per
country (PPP_Loader ``ppp_files/countries/<Country>.csv``) from the UN DPKO
monthly "Troop and police contributors" reports."""

from __future__ import annotations

from schemas import _checks as rule
from schemas._records import InboxRecord

CATEGORIES = ["troops", "police", "experts"]


class ContributorStrengthRecord(InboxRecord, nullable=(
        "month_raw month:date country_raw country_iso3 country_match personnel_raw personnel:int")):
    """Grain: country x month x category. The country (country_raw) is the file name
    without its suffix: IPI writes the country nowhere else."""

    source_format: str
    category: str

    category_is_known = rule.one_of("category", CATEGORIES)
    personnel_not_negative = rule.not_negative("personnel")
    date_is_valid = rule.required("month", about="month_raw")
    month_not_in_future = rule.not_in_the_future("month")
    country_maps_to_iso3 = rule.required("country_iso3", about="country_raw")
    personnel_is_whole_number = rule.parses("personnel", required=True)
