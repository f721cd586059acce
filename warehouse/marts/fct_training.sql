-- Training delivered by police components: one row per mission x period x topic, from training files and from training figures cited in UN documents.
-- group: training
with files as (
    select
        * exclude (citation, is_illustrative, source_file, source_row),
        'training_file' as source_kind,
        citation, is_illustrative, source_file, source_row
    from staging.stg_training
),
cited as (
    select
        mission,
        coalesce(period_start, period_end) as period_start,
        period_end,
        indicator as topic,
        'security personnel' as trainee_kind,
        cast(value as bigint) as trainees,
        'reported_figure' as source_kind,
        citation,
        is_illustrative,
        source_file,
        source_row
    from marts.reported_figures
    where category = 'training'
),
final as (
    select * from files
    union all by name
    select * from cited
)
select * from final
