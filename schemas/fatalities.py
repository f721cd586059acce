"""Contract for fatality records: one row per casualty (the UN's record of every
known fatality among personnel of UN peace operations), from either published
schema after renaming."""

from __future__ import annotations

from datetime import date

import pandera.ibis as pa
from ibis import _

from schemas._checks import (
    KEY_IS_UNIQUE,
    known_mission,
    not_in_the_future,
    not_negative,
    one_of,
    parses,
    present,
    required,
    row_rule,
    rule_columns,
)
from schemas._records import MissionNamingRecord

# A nationality may stay without ISO code only when the publisher says it is
# unknown ('ZZ [Undetermined]', via the override table) or leaves it blank: the
# fatality still counts. A name that maps to nothing is rejected, not guessed.
NATIONALITY_WITHOUT_CODE = ["undetermined", "not_stated"]


class FatalityRecord(MissionNamingRecord):
    """One casualty: grain casualty_id (either published schema)."""

    source_format: str
    casualty_id: str = pa.Field(nullable=True)
    incident_date_raw: str = pa.Field(nullable=True)
    incident_date: date = pa.Field(nullable=True)
    month: date = pa.Field(nullable=True)
    casualty_type: str = pa.Field(nullable=True)
    nationality_raw: str = pa.Field(nullable=True)
    nationality_iso3: str = pa.Field(nullable=True)
    nationality_match: str = pa.Field(nullable=True)
    m49_code_raw: str = pa.Field(nullable=True)
    m49_code: int = pa.Field(nullable=True)
    personnel_type_raw: str = pa.Field(nullable=True)
    personnel_type: str = pa.Field(nullable=True)
    incident_type: str = pa.Field(nullable=True)
    gender_raw: str = pa.Field(nullable=True)
    gender: str = pa.Field(nullable=True)
    last_update_raw: str = pa.Field(nullable=True)
    last_update: date = pa.Field(nullable=True)

    m49_code_not_negative = not_negative("m49_code")
    gender_is_m_or_f = one_of("gender", ["M", "F"])
    casualty_id_present = required("casualty_id")
    date_is_valid = parses("incident_date", required=True)
    incident_date_not_in_future = not_in_the_future("incident_date")
    mission_present = required("mission", about="mission_raw")
    mission_is_known = known_mission(missing_ok=True)
    # The dataset records deaths only; another casualty type is not a fatality record.
    casualty_is_fatality = row_rule(lambda: (_.casualty_type == "Fatality").fill_null(False),
                                    about="casualty_type")
    nationality_maps_to_iso3 = row_rule(
        lambda: (present("nationality_iso3") | _.nationality_match.isin(NATIONALITY_WITHOUT_CODE))
        .fill_null(False),
        about="nationality_raw")
    m49_is_whole_number = parses("m49_code")
    personnel_type_is_known = required("personnel_type", about="personnel_type_raw")
    incident_type_present = required("incident_type")
    gender_is_known = parses("gender")
    last_update_is_valid = parses("last_update")


RULE_COLUMNS = rule_columns(FatalityRecord) | {KEY_IS_UNIQUE: "casualty_id"}
