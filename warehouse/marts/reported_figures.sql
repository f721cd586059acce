-- Figures cited in UN documents: one row per figure with its citation (document and paragraph or speaker).
-- group: reported_figures
with figures as (
    select * from staging.stg_reported_figures
),
final as (
    select
        figure_id,
        mission,
        indicator,
        category,
        metric,
        value,
        unit,
        qualifier,
        period_start,
        period_end,
        document,
        locator,
        document || ', ' || locator as citation,
        description,
        is_illustrative,
        source_file,
        source_row
    from figures
)
select * from final
