-- Mission calendar: one row per mission and month of its life, from its first figure (deployment detail, published total or ceiling) or its start date, whichever is later, to its end date or its last figure.
-- group: performance
-- column: mission: Mission acronym.
-- column: month: Month, keyed by its first day.
with police as (
    select distinct mission, month from marts.fct_police_deployment
),
published as (
    select mission, month
    from marts.fct_mission_strength
    where scope = 'mission' and category = 'police'
),
ceilings as (
    select * from marts.fct_authorized_strength
),
missions as (
    select * from marts.dim_mission
),
activity as (
    select mission, min(month) as first_month, max(month) as last_month
    from police
    group by mission
    union all
    select mission, date_trunc('month', min(effective_from)) as first_month, null as last_month
    from ceilings
    group by mission
    union all
    select mission, min(month) as first_month, max(month) as last_month
    from published
    group by mission
),
bounds as (
    select
        activity.mission,
        greatest(min(activity.first_month), coalesce(date_trunc('month', any_value(missions.start_date)), min(activity.first_month))) as first_month,
        coalesce(date_trunc('month', any_value(missions.end_date)), max(activity.last_month)) as last_month
    from activity
    left join missions using (mission)
    group by activity.mission
),
final as (
    select mission, cast(unnest(generate_series(first_month, last_month, interval 1 month)) as date) as month
    from bounds
    where last_month >= first_month
    union
    select mission, month from police
    union
    select mission, month from published
)
select * from final
order by mission, month
