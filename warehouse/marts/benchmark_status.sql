-- Latest benchmark status: one row per benchmark x mission (or ALL). A benchmark with a deadline is scored on the latest figure at or before it (met / not met / no data by deadline), the latest figure after it beside (later_*); a target-for-the-year benchmark on its latest figure against that year's target (target_year); staffing detail preferred over cited figures in the same month.
-- group: performance
with results as (
    select * from marts.benchmark_results
),
ranked as (
    -- by_deadline is null without a deadline: those rows are one group.
    select
        *,
        row_number() over (
            partition by benchmark_id, mission, by_deadline is not false
            order by value_source = 'none', period desc, value_source = 'staffing_detail' desc
        ) as recency
    from results
),
scored as (
    select * exclude (recency) from ranked where recency = 1 and by_deadline is not false
),
later as (
    select
        benchmark_id,
        mission,
        period as later_period,
        measured_value as later_value,
        value_source as later_value_source,
        status as later_status
    from ranked
    where recency = 1 and by_deadline = false
),
no_figure_by_deadline as (
    -- Figures only after the deadline: nothing to score by it.
    select
        * exclude (recency) replace (
            cast(date_trunc('month', deadline) as date) as period,
            cast(null as double) as measured_value,
            'none' as value_source,
            cast(null as varchar) as figure_id,
            cast(null as varchar) as value_citation,
            true as by_deadline,
            'no data' as status
        )
    from ranked
    where recency = 1 and by_deadline = false
        and not exists (
            select 1 from scored where scored.benchmark_id = ranked.benchmark_id and scored.mission = ranked.mission
        )
),
latest as (
    select * from scored
    union all by name
    select * from no_figure_by_deadline
),
final as (
    select
        latest.* exclude (by_deadline) replace (
            case when latest.by_deadline then latest.status || ' by deadline' else latest.status end as status
        ),
        later.later_period,
        later.later_value,
        later.later_value_source,
        later.later_status
    from latest
    left join later using (benchmark_id, mission)
)
select * from final
order by benchmark_id, mission
