-- Fatalities among personnel of UN peace operations for analysts: one row per fatality record (casualty_id), from the newest UN release that holds it.
-- group: analytics
-- materialize: view
-- column: casualty_id: The UN's identifier of the fatality record (MISSION-YYYY-MM-NNNNN).
-- column: incident_date: Date of the incident.
-- column: month: Month of the incident, keyed by its first day.
-- column: mission: Mission acronym (analytics.missions.mission).
-- column: nationality_iso3: Nationality of the deceased, ISO 3166 alpha-3 (analytics.countries.country_iso3); null when the UN records it as undetermined or leaves it blank.
-- column: nationality_match: How nationality_iso3 was found: published_code, exact, fuzzy, override, undetermined or not_stated.
-- column: personnel_type: Personnel type code (analytics.personnel_types): MIL military, EOM military observer, POL police, CIV international civilian, LOC local staff, OTH other.
-- column: is_police: True for UN police.
-- column: incident_type: Type of incident as the UN publishes it: Malicious Act, Accident, Illness, Self-Inflicted, To Be Determined, Unknown.
-- column: gender: M or F; null where the release gives none.
-- column: source_file: Inbox file of the release the record was taken from.
-- column: source_row: Row number in source_file (1 = first data row).
-- column: source_as_of: As-of date of that release (its last_update, or its latest incident date).
-- column: citation: Source file and row to quote with the record.
with fatalities as (
    select * from marts.fct_fatality
),
final as (
    select
        casualty_id,
        incident_date,
        month,
        mission,
        nationality_iso3,
        nationality_match,
        personnel_type,
        is_police,
        incident_type,
        gender,
        source_file,
        source_row,
        source_as_of,
        citation
    from fatalities
)
select * from final
