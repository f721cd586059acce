-- UN police deployed at month end (IPOs, FPUs and other police types), per mission and for ALL missions: summed from the contributor rows where they exist, as IPI publishes the total (every month since 1990), and as UN documents cite it; and, per mission and year, RADPKO's yearly averages (value_source radpko_yearly_average, period the year's 1 January: an estimate of the year, not a month-end count).
-- title: Police deployed
-- unit: persons
-- direction: neither
-- subject: mission
-- grain: month
-- source: IPI Peacekeeping Database (contributor rows: marts.fct_police_deployment; mission and system totals: marts.fct_mission_strength); figures cited in UN documents (marts.reported_figures); RADPKO, Hunnicutt and Nomikos 2020 (marts.fct_police_mission_year)
-- IPI's ALL total (data_monthly_system) counts every mission of the DPKO
-- reports, special political missions such as UNAMA included (ALL_PKO in
-- marts.mission_strength counts peacekeeping operations only); the detail's ALL sums the missions in the contributor rows.
with published as (
    select * from marts.fct_mission_strength
    where category = 'police'
),
cited as (
    select * from marts.reported_figures
    where metric = 'police_deployed' and not is_illustrative and qualifier <> 'target'
),
detail as (
{{ police_count('police_deployed') }}
),
published_total as (
    select
        mission as subject_id,
        month as period,
        'published_total' as value_source,
        personnel as value,
        'IPI ' || case when scope = 'system' then 'system' else 'mission' end || ' totals, police (IPO + FPU): '
            || citation as citation,
        source_file,
        source_row
    from published
),
reported as (
    select
        mission as subject_id,
        cast(date_trunc('month', period_end) as date) as period,
        'reported_figure' as value_source,
        value,
        citation || case when qualifier = 'more_than' then ' (more than this figure)' else '' end as citation,
        source_file,
        source_row
    from cited
),
yearly as (
{{ radpko_yearly_rows('police') }}
),
final as (
    select * from detail
    union all by name
    select * from published_total
    union all by name
    select * from reported
    union all by name
    select * from yearly
)
select * from final
