-- Mission reference: the shipped seed overlaid by UN mission-list files from the inbox; one row per mission acronym, with its kind (warehouse/seeds/mission_kinds.csv, each classification cited).
-- group: missions
with seed as (
    select
        upper(mission) as mission,
        nullif(mission_name, '') as mission_name,
        nullif(host_country_iso3, '') as host_country_iso3,
        try_cast(nullif(start_date, '') as date) as start_date,
        try_cast(nullif(end_date, '') as date) as end_date,
        nullif(predecessor_mission, '') as predecessor_mission,
        source
    from raw.seed_missions
),
kinds as (
    select upper(mission) as mission, mission_kind, citation as mission_kind_citation
    from raw.seed_mission_kinds
),
inbox as (
    select
        mission,
        mission_name,
        start_date,
        end_date,
        is_active,
        hq_location,
        source_file || ' row ' || source_row as source
    from raw.missions
),
final as (
    select
        coalesce(inbox.mission, seed.mission) as mission,
        coalesce(inbox.mission_name, seed.mission_name) as mission_name,
        seed.host_country_iso3,
        coalesce(inbox.start_date, seed.start_date) as start_date,
        coalesce(inbox.end_date, seed.end_date) as end_date,
        inbox.is_active,
        inbox.hq_location,
        seed.predecessor_mission,
        -- A mission only an inbox mission list names is in the UN's list of
        -- peacekeeping operations (the only mission list format read).
        coalesce(kinds.mission_kind, case when inbox.mission is not null then 'peacekeeping operation' end)
            as mission_kind,
        coalesce(kinds.mission_kind_citation,
            case when inbox.mission is not null then 'In the UN''s list of peacekeeping operations: ' || inbox.source end)
            as mission_kind_citation,
        concat_ws('; ', inbox.source, 'seed: ' || seed.source) as source
    from seed
    full outer join inbox on inbox.mission = seed.mission
    left join kinds on kinds.mission = coalesce(inbox.mission, seed.mission)
)
select * from final
