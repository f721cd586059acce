-- Fatalities among personnel of UN peace operations: one row per fatality record (casualty_id), with incident date and month, mission, nationality (ISO 3166 alpha-3 and how it was matched), personnel type, incident type, gender, and the source file, row and release it comes from.
-- group: fatalities
-- column: casualty_id: The UN's identifier of the fatality record (MISSION-YYYY-MM-NNNNN); one row each.
-- column: incident_date: Date of the incident.
-- column: month: Month of the incident, keyed by its first day.
-- column: mission: Mission acronym (marts.dim_mission).
-- column: nationality_iso3: Nationality of the deceased (ISO 3166 alpha-3; withdrawn codes SCG and YUG as published); null when undetermined or not stated.
-- column: nationality_match: How nationality_iso3 was found: published_code, exact, fuzzy (e.g. 'Côte dIvoire'), override (warehouse/seeds/country_overrides.csv), undetermined ('ZZ [Undetermined]') or not_stated (blank).
-- column: nationality_name_published: The nationality as published.
-- column: personnel_type: Conformed personnel type code (marts.dim_personnel_type): MIL, EOM, POL, CIV, LOC, OTH.
-- column: personnel_type_name: Name of the personnel type.
-- column: is_police: True for UN police (Police).
-- column: personnel_type_published: The personnel type label exactly as published ('Local ' keeps its trailing space).
-- column: incident_type: Type of incident as published: Malicious Act, Accident, Illness, Self-Inflicted, To Be Determined, Unknown.
-- column: gender: M or F; null where the release has none (the open-data file has no gender column; 151 blanks in the 2025 Data Hub file).
-- column: source_file: Inbox file of the release the record was taken from (the newest release holding the casualty).
-- column: source_row: Row number in source_file (1 = first data row).
-- column: source_format: Published schema of that file (un_odp_fatalities or un_psdata_fatalities).
-- column: source_as_of: As-of date of that release: its last_update, or its latest incident date where it has none.
-- column: as_of_basis: last_update or latest_incident_date: where source_as_of comes from.
-- column: citation: source_file and row, to quote with the record.
select
    * exclude (mission_published, casualty_type, m49_code),
    source_file || ' row ' || source_row as citation
from staging.stg_fatalities
order by incident_date, casualty_id
