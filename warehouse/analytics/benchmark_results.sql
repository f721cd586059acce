-- Benchmark results for analysts: one row per benchmark x mission (or ALL) x period x value source, the measured value against its target, met / not met / no data, with citations.
-- group: analytics
-- materialize: view
-- column: benchmark_id: Benchmark identifier from warehouse/benchmarks.toml.
-- column: benchmark_title: Benchmark title in words.
-- column: metric: Indicator scored (analytics.indicators.indicator_id), e.g. female_share_ipo, ceiling_fill_rate, female_police.
-- column: scope: mission (scored per mission) or system (all missions together, mission = ALL).
-- column: mission: Mission acronym, or ALL for system-wide benchmarks.
-- column: period: Month scored, keyed by its first day; for a no data row, the month of the deadline (null without a deadline: never the date of the run).
-- column: measured_value: Value measured that month (shares as fractions, 0.2 = 20 per cent); null when no data.
-- column: value_source: staffing_detail (computed from the staffing facts), published_total (as IPI publishes it), reported_figure (cited in a UN document; scored from its counts where it gives them) or none.
-- column: figure_id: Identifier of the cited figure (analytics.reported_figures.figure_id) when value_source = reported_figure.
-- column: value_citation: Where the measured value comes from (table or UN document).
-- column: comparison: How the value is compared with the target: >= or <=.
-- column: threshold_kind: absolute (threshold is the target), multiple_of_baseline (target = threshold x baseline_value) or target_for_year (the sourced target of the period's year, analytics.benchmark_targets).
-- column: baseline_month: Baseline month for multiple_of_baseline benchmarks.
-- column: baseline_value: Value measured in the baseline month.
-- column: target_value: Target the measured value is compared with.
-- column: target_citation: Where the target comes from: the sourced target cell for target_for_year benchmarks, else the benchmark's source.
-- column: deadline: Date by which the target is due, when the source sets one.
-- column: status: met, not met, or no data.
-- column: benchmark_source: Citation of the benchmark itself, e.g. S/RES/2382 (2017) para 12(d).
-- column: is_un_target: True when the target is set by the UN (resolution or Global Goal), false for a project benchmark.
with results as (
    select * from marts.benchmark_results
),
final as (
    select
        benchmark_id,
        benchmark_title,
        metric,
        scope,
        mission,
        period,
        measured_value,
        value_source,
        figure_id,
        value_citation,
        comparison,
        threshold_kind,
        baseline_month,
        baseline_value,
        target_value,
        target_citation,
        deadline,
        status,
        benchmark_source,
        is_un_target
    from results
)
select * from final
