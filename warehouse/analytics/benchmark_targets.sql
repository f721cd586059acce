-- Gender parity targets for analysts: one row per category x year, the share of women targeted, sourced (given by a public document, cited) or derived (a straight line between two sourced cells, for charts only: never a target); years with neither have no row.
-- group: analytics
-- materialize: view
-- column: category: IPO, FPU, POL (all UN police), SO_MO (staff officers and military observers) or TRP (troops).
-- column: category_label: The category in words.
-- column: metric: The indicator the target applies to (analytics.indicators), null where the warehouse has none for the category.
-- column: target_set: The strategy or goal that set it, e.g. Uniformed Gender Parity Strategy 2018-2028.
-- column: year: Calendar year the target is for.
-- column: target_share: Share of women targeted, as a fraction (0.3 = 30 per cent).
-- column: status: sourced (benchmarks are scored against it) or derived (shown, never scored).
-- column: citation: Where the sourced cell is given; for a derived row, the two cells it is drawn between.
with targets as (
    select * from marts.benchmark_targets
),
final as (
    select
        category,
        category_label,
        metric,
        target_set,
        year,
        target_share,
        status,
        citation
    from targets
)
select * from final
