-- Mission dimension: one row per mission acronym, with host country, dates and predecessor/successor links.
-- group: missions
with missions as (
    select * from staging.stg_missions
),
final as (
    select
        missions.mission,
        missions.mission_name,
        missions.host_country_iso3,
        missions.start_date,
        missions.end_date,
        missions.is_active,
        missions.hq_location,
        missions.mission_kind,
        missions.mission_kind_citation,
        missions.predecessor_mission,
        successors.mission as successor_mission,
        missions.source
    from missions
    left join missions as successors on successors.predecessor_mission = missions.mission
)
select * from final
