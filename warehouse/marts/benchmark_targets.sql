-- Gender parity targets as data: one row per category x year, the share of women targeted, sourced (a cell a public document gives: warehouse/seeds/gender_parity_targets.csv) or derived (a straight line between two sourced cells of the same strategy: a year's target where the document gives none, scored and marked derived); years neither sourced nor between two sourced cells have no row.
-- group: performance
-- column: category: IPO, FPU, POL (all UN police), SO_MO (staff officers and military observers) or TRP (troops).
-- column: category_label: The category in words.
-- column: metric: The indicator the target applies to (marts.dim_indicator), null where the warehouse has none for the category yet.
-- column: target_set: The strategy or goal that set it, e.g. Uniformed Gender Parity Strategy 2018-2028.
-- column: year: Calendar year the target is for.
-- column: target_share: Share of women targeted, as a fraction (0.3 = 30 per cent).
-- column: status: sourced (the document's own cell) or derived (a line between two sourced cells, used where the document gives no cell and marked so in benchmark results' target_status).
-- column: citation: Where the sourced cell is given; for a derived row, the two cells it is drawn between.
with seed as (
    select
        category,
        category_label,
        nullif(metric, '') as metric,
        target_set,
        cast(year as integer) as year,
        cast(target_share as double) as target_share,
        citation
    from raw.seed_gender_parity_targets
),
sourced as (
    select *, 'sourced' as status from seed
),
spans as (
    -- Consecutive sourced cells of one category and strategy.
    select
        *,
        lead(year) over (partition by category, target_set order by year) as next_year,
        lead(target_share) over (partition by category, target_set order by year) as next_share
    from seed
),
derived as (
    select
        category,
        category_label,
        metric,
        target_set,
        cast(y.year as integer) as year,
        target_share + (next_share - target_share) * (y.year - spans.year) / (next_year - spans.year) as target_share,
        'derived: straight line between the sourced ' || spans.year || ' (' || round(target_share * 100, 1)
            || ' per cent) and ' || next_year || ' (' || round(next_share * 100, 1)
            || ' per cent) cells; not the strategy''s own figure (its year-by-year annex was not found)' as citation,
        'derived' as status
    from spans
    cross join lateral (select unnest(range(spans.year + 1, spans.next_year)) as year) as y
    where next_year is not null
),
final as (
    select category, category_label, metric, target_set, year, target_share, status, citation from sourced
    union all
    select category, category_label, metric, target_set, year, target_share, status, citation from derived
)
select * from final
order by category, year
