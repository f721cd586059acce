-- Mission dimension: one row per mission acronym, with host country, dates and predecessor/successor links.
-- group: missions
with missions as (
    select * from staging.stg_missions
),
final as (
    select
        missions.* exclude (predecessor_mission, source),
        missions.predecessor_mission,
        successors.mission as successor_mission,
        missions.source
    from missions
    left join missions as successors on successors.predecessor_mission = missions.mission
)
select * from final
