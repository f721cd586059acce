-- Benchmark results: one row per benchmark x mission (or ALL) x month x value source with measured value, target and met / not met / no data, and the benchmark's citation.
-- group: performance
with benchmarks as (
    select * from staging.stg_benchmarks
),
metrics as (
    select * from marts.mission_metrics
),
in_scope as (
    select
        benchmarks.*,
        metrics.mission,
        metrics.month,
        metrics.value,
        metrics.value_source,
        metrics.figure_id,
        metrics.citation as value_citation
    from benchmarks
    join metrics
        on metrics.metric = benchmarks.metric
        and (metrics.mission = 'ALL') = (benchmarks.scope = 'system')
),
baselines as (
    select benchmark_id, mission, any_value(value order by value_source) as baseline_value
    from in_scope
    where threshold_kind = 'multiple_of_baseline' and month = baseline_month
    group by benchmark_id, mission
),
measured as (
    select
        in_scope.*,
        baselines.baseline_value,
        case
            when in_scope.threshold_kind = 'absolute' then in_scope.threshold
            else in_scope.threshold * baselines.baseline_value
        end as target_value
    from in_scope
    left join baselines using (benchmark_id, mission)
    where in_scope.threshold_kind = 'absolute' or in_scope.month >= in_scope.baseline_month
),
missions_in_scope as (
    select distinct mission from marts.mission_police_scorecard
    union
    select 'ALL'
),
no_data as (
    -- A benchmark with no measured value for a mission still gets a row.
    select
        benchmarks.*,
        missions_in_scope.mission,
        cast(date_trunc('month', coalesce(benchmarks.deadline, current_date)) as date) as month,
        cast(null as double) as value,
        'none' as value_source,
        cast(null as varchar) as figure_id,
        cast(null as varchar) as value_citation,
        cast(null as double) as baseline_value,
        cast(null as double) as target_value
    from benchmarks
    join missions_in_scope on (missions_in_scope.mission = 'ALL') = (benchmarks.scope = 'system')
    where not exists (
        select 1 from measured
        where measured.benchmark_id = benchmarks.benchmark_id and measured.mission = missions_in_scope.mission
    )
),
scored as (
    select * from measured
    union all by name
    select * from no_data
),
final as (
    select
        benchmark_id,
        title as benchmark_title,
        metric,
        scope,
        mission,
        month as period,
        value as measured_value,
        value_source,
        figure_id,
        value_citation,
        comparison,
        threshold_kind,
        baseline_month,
        baseline_value,
        target_value,
        deadline,
        case
            when value is null or target_value is null then 'no data'
            when comparison = '>=' and value >= target_value then 'met'
            when comparison = '<=' and value <= target_value then 'met'
            else 'not met'
        end as status,
        source as benchmark_source,
        is_un_target
    from scored
)
select * from final
order by benchmark_id, mission, period, value_source
