-- Missions for analysts: one row per mission acronym, with host country, dates and predecessor / successor.
-- group: analytics
-- materialize: view
-- column: mission: Mission acronym, the key every other analytics view uses (e.g. MINUSMA).
-- column: mission_name: Full mission name, where a source gives it.
-- column: host_country_iso3: Host country, ISO 3166 alpha-3.
-- column: start_date: Date the mission started.
-- column: end_date: Date the mission ended; null while active or unknown.
-- column: is_active: True when the mission list marks it as active; null when unknown.
-- column: hq_location: Mission headquarters, where given.
-- column: mission_kind: peacekeeping (peacekeeping operation) or other (special political mission, office...).
-- column: predecessor_mission: Mission it succeeded, e.g. MINUJUSTH follows MINUSTAH.
-- column: successor_mission: Mission that succeeded it.
-- column: source: Files the mission row was curated from.
with missions as (
    select * from marts.dim_mission
),
final as (
    select
        mission,
        mission_name,
        host_country_iso3,
        start_date,
        end_date,
        is_active,
        hq_location,
        mission_kind,
        predecessor_mission,
        successor_mission,
        source
    from missions
)
select * from final
