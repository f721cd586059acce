"""Contract for fatality records: one row per casualty (the UN's record of every
known fatality among personnel of UN peace operations), from either published
schema after renaming."""

from __future__ import annotations

from ibis import _

from schemas import _checks as rule
from schemas._records import MissionNamingRecord

# A nationality may stay without ISO code only when the publisher says it is
# unknown ('ZZ [Undetermined]', via the override table) or leaves it blank: the
# fatality still counts. A name that maps to nothing is rejected, not guessed.
NATIONALITY_WITHOUT_CODE = ["undetermined", "not_stated"]


class FatalityRecord(MissionNamingRecord, nullable=(
        "casualty_id incident_date_raw incident_date:date month:date casualty_type "
        "nationality_raw nationality_iso3 nationality_match m49_code_raw m49_code:int "
        "personnel_type_raw personnel_type incident_type gender_raw gender last_update_raw "
        "last_update:date source_as_of:date")):
    """One casualty: grain casualty_id (either published schema)."""

    source_format: str

    m49_code_not_negative = rule.not_negative("m49_code")
    gender_is_m_or_f = rule.one_of("gender", ["M", "F"])
    casualty_id_present = rule.required("casualty_id")
    date_is_valid = rule.parses("incident_date", required=True)
    incident_date_not_in_future = rule.not_in_the_future("incident_date")
    mission_present = rule.required("mission", about="mission_raw")
    mission_is_known = rule.known_mission(missing_ok=True)
    # The dataset records deaths only; another casualty type is not a fatality record.
    casualty_is_fatality = rule.row_rule(lambda: (_.casualty_type == "Fatality").fill_null(False),
                                    about="casualty_type")
    nationality_maps_to_iso3 = rule.row_rule(
        lambda: (rule.present("nationality_iso3") | _.nationality_match.isin(NATIONALITY_WITHOUT_CODE))
        .fill_null(False),
        about="nationality_raw")
    m49_is_whole_number = rule.parses("m49_code")
    personnel_type_is_known = rule.required("personnel_type", about="personnel_type_raw")
    incident_type_present = rule.required("incident_type")
    gender_is_known = rule.parses("gender")
    last_update_is_valid = rule.parses("last_update")
