-- Incident figures: one row per mission x period x incident kind (fatalities, injuries, cases) as reported in UN documents.
-- group: incidents
with cited as (
    select
        mission,
        period_start,
        period_end,
        indicator as incident_kind,
        category,
        value as incident_count,
        qualifier,
        'reported_figure' as source_kind,
        citation,
        source_file,
        source_row
    from marts.reported_figures
    where category in ('incident', 'case')
),
final as (
    select * from cited
)
select * from final
