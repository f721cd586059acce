-- Benchmark results: one row per benchmark x mission (or ALL) x month x value source with measured value, target (for target_for_year benchmarks, the target of the period's year, sourced or derived) and met / not met / no data (a figure after a benchmark's deadline: met later / not met later; a year the strategy gives no target: no target for the year), and the benchmark's citation.
-- group: performance
with benchmarks as (
    select * from staging.stg_benchmarks
),
indicator_values as (
    -- A benchmark's metric is an indicator id; its values from every source
    -- (a figure cited in a document is scored from its counts where given).
    select * from marts.fct_indicator_value
),
figures as (
    select figure_id, source_file, source_row from marts.reported_figures
),
targets as (
    -- A year's target: the sourced cell, else the derived line between two
    -- sourced cells (scored, and marked derived in target_status).
    select metric, year, target_share, status, citation from marts.benchmark_targets
    where metric is not null
    qualify row_number() over (partition by metric, year order by status = 'sourced' desc) = 1
),
metrics as (
    select
        indicator_values.indicator_id as metric,
        indicator_values.subject_id as mission,
        indicator_values.period as month,
        indicator_values.value,
        indicator_values.value_source,
        figures.figure_id,
        indicator_values.citation
    from indicator_values
    left join figures
        on indicator_values.value_source = 'reported_figure'
        and figures.source_file = indicator_values.source_file
        and figures.source_row = indicator_values.source_row
    where indicator_values.value is not null
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
            when in_scope.threshold_kind = 'target_for_year' then targets.target_share
            else in_scope.threshold * baselines.baseline_value
        end as target_value,
        targets.citation as target_citation,
        case when in_scope.threshold_kind = 'target_for_year' then year(in_scope.month) end as target_year,
        targets.status as target_status
    from in_scope
    left join baselines using (benchmark_id, mission)
    left join targets
        on in_scope.threshold_kind = 'target_for_year'
        and targets.metric = in_scope.metric
        and targets.year = year(in_scope.month)
    -- Every year with a figure gets a row (target_for_year): one without a
    -- target reads "no target for the year", never a neighbouring year's.
    where in_scope.threshold_kind <> 'multiple_of_baseline' or in_scope.month >= in_scope.baseline_month
),
missions_in_scope as (
    select distinct scorecard.mission, dim_mission.start_date, dim_mission.end_date
    from marts.mission_police_scorecard as scorecard
    left join marts.dim_mission using (mission)
    union
    select 'ALL', null, null
),
no_data as (
    -- A benchmark with no measured value for a mission it binds still gets a row
    -- (what it lacks is null in the union by name).
    select
        benchmarks.*,
        missions_in_scope.mission,
        -- Dated by the deadline, or not at all: never by the clock.
        cast(date_trunc('month', benchmarks.deadline) as date) as month,
        'none' as value_source,
        -- A fixed target is known without a figure; one from a baseline or a year is not.
        case when benchmarks.threshold_kind = 'absolute' then benchmarks.threshold end as target_value
    from benchmarks
    join missions_in_scope on (missions_in_scope.mission = 'ALL') = (benchmarks.scope = 'system')
    -- A goal binds the missions deployed between the day it was set and its
    -- deadline: a mission that had ended before it is not scored against it.
    where (benchmarks.applies_from is null or missions_in_scope.end_date is null
           or missions_in_scope.end_date >= benchmarks.applies_from)
        and (benchmarks.deadline is null or missions_in_scope.start_date is null
             or missions_in_scope.start_date <= benchmarks.deadline)
        and not exists (
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
        target_year,
        target_status,
        -- The target cell scored against (target_for_year), else the benchmark's own source.
        coalesce(target_citation, source) as target_citation,
        deadline,
        -- A deadline is the goal's (not the strategy's end, for target_for_year).
        case when threshold_kind <> 'target_for_year' and deadline is not null then month <= deadline end as by_deadline,
        case
            when value is null then 'no data'
            when target_value is null and threshold_kind = 'target_for_year' then 'no target for the year'
            when target_value is null then 'no data'
            when (comparison = '>=' and value >= target_value) or (comparison = '<=' and value <= target_value)
                then case when by_deadline = false then 'met later' else 'met' end
            else case when by_deadline = false then 'not met later' else 'not met' end
        end as status,
        source as benchmark_source,
        is_un_target
    from scored
)
select * from final
order by benchmark_id, mission, period, value_source
