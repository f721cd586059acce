-- Latest benchmark status: one row per benchmark x mission (or ALL), the most recent period scored, preferring staffing detail over cited figures in the same month.
-- group: performance
with results as (
    select * from marts.benchmark_results
),
ranked as (
    select
        *,
        row_number() over (
            partition by benchmark_id, mission
            order by period desc, value_source = 'staffing_detail' desc
        ) as recency
    from results
),
final as (
    select * exclude (recency) from ranked where recency = 1
)
select * from final
order by benchmark_id, mission
