-- Mission calendar: one row per mission and month of its lifetime, from its first figure (deployment detail, published total or ceiling) or its start date, whichever is later, to its end date (else its last figure). A figure dated outside the lifetime creates no month: audit.figures_outside_lifetime lists it.
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
figures as (
    select * from police
    union
    select * from published
),
lifetimes as (
    -- First and last month of each mission's life in the mission list; null where the list gives no date.
    select
        mission,
        cast(date_trunc('month', start_date) as date) as start_month,
        cast(date_trunc('month', end_date) as date) as end_month
    from missions
),
in_lifetime as (
    select figures.mission, figures.month
    from figures
    left join lifetimes using (mission)
    where figures.month >= coalesce(lifetimes.start_month, figures.month)
        and figures.month <= coalesce(lifetimes.end_month, figures.month)
),
activity as (
    select mission, min(month) as first_month, max(month) as last_month
    from in_lifetime
    group by mission
    union all
    select mission, date_trunc('month', min(effective_from)) as first_month, null as last_month
    from ceilings
    group by mission
),
bounds as (
    select
        activity.mission,
        greatest(min(activity.first_month), coalesce(any_value(lifetimes.start_month), min(activity.first_month))) as first_month,
        coalesce(any_value(lifetimes.end_month), max(activity.last_month)) as last_month
    from activity
    left join lifetimes using (mission)
    group by activity.mission
),
final as (
    select mission, cast(unnest(generate_series(first_month, last_month, interval 1 month)) as date) as month
    from bounds
    where last_month >= first_month
    union
    select mission, month from in_lifetime
)
select * from final
order by mission, month
