-- Metrics benchmarks are scored on, long: one row per metric x mission (or ALL) x month x value source (staffing detail or a cited figure).
-- group: performance
with scorecard as (
    select * from marts.mission_police_scorecard where has_deployment_data
),
computed as (
    unpivot (
        select
            mission,
            month,
            female_share_ipo,
            female_share_fpu,
            female_share_police,
            cast(female_police as double) as female_police,
            cast(police_deployed as double) as police_deployed,
            ceiling_fill_rate
        from scorecard
    )
    on female_share_ipo, female_share_fpu, female_share_police, female_police, police_deployed, ceiling_fill_rate
    into name metric value value
),
mission_level as (
    select
        metric,
        mission,
        month,
        value,
        'staffing_detail' as value_source,
        cast(null as varchar) as figure_id,
        'marts.mission_police_scorecard' as citation,
        1 as missions_covered
    from computed
    where value is not null
),
system_level as (
    -- All missions together, over the missions present in the detail that month.
    select
        metric,
        'ALL' as mission,
        month,
        case
            when metric in ('female_police', 'police_deployed') then sum(value)
        end as value,
        'staffing_detail' as value_source,
        cast(null as varchar) as figure_id,
        'marts.fct_police_deployment, summed over missions' as citation,
        count(*) as missions_covered
    from computed
    where metric in ('female_police', 'police_deployed') and value is not null
    group by metric, month
),
cited as (
    select
        metric,
        mission,
        cast(date_trunc('month', period_end) as date) as month,
        case when unit = 'percent' then value / 100 else value end as value,
        'reported_figure' as value_source,
        figure_id,
        citation,
        cast(null as bigint) as missions_covered
    from marts.reported_figures
    where metric is not null and not is_illustrative
),
final as (
    select * from mission_level
    union all
    select * from system_level
    union all
    select * from cited
)
select * from final
