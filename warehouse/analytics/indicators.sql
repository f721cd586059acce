-- Indicators for analysts: one row per indicator the warehouse computes (one SQL file each in warehouse/indicators/), with its unit, which way is better, what it is about, its grain, definition and source.
-- group: analytics
-- materialize: view
-- column: indicator_id: Stable id, e.g. female_share_ipo; the key of analytics.indicator_values.
-- column: title: Short title, as a reader sees it.
-- column: unit: share (a fraction, 0.2 = 20 per cent), persons, count or locations.
-- column: direction: Which way is better: higher, lower, or neither (a context figure such as a ceiling or a headcount).
-- column: subject: What a value is about: mission (a mission, or ALL missions together), contributor (a contributing country) or system.
-- column: grain: month or year: the period of one value.
-- column: definition: What is counted or divided, over what.
-- column: source: The dataset or document the values come from.
-- column: sql_file: The file that computes it, relative to the repository.
with indicators as (
    select * from marts.dim_indicator
),
final as (
    select
        indicator_id,
        title,
        unit,
        direction,
        subject,
        grain,
        definition,
        source,
        sql_file
    from indicators
)
select * from final
