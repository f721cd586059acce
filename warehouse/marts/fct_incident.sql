-- Incident figures: one row per mission x period x incident kind (fatalities, injuries, cases) as reported in UN documents, and per mission x month x incident type the fatalities counted in the UN fatality records (source_kind 'fatality_records').
-- group: fatalities
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
        source_row,
        cast(null as varchar) as incident_type
    from marts.reported_figures
    where category in ('incident', 'case')
),
counted as (
    -- One row per mission x month x incident type: fatality records counted.
    select
        mission,
        month as period_start,
        last_day(month) as period_end,
        'fatalities' as incident_kind,
        'incident' as category,
        cast(count(*) as double) as incident_count,
        'exact' as qualifier,
        'fatality_records' as source_kind,
        'marts.fct_fatality: ' || count(*) || ' fatality record(s), ' || incident_type as citation,
        string_agg(distinct source_file, '; ' order by source_file) as source_file,
        incident_type
    from marts.fct_fatality
    group by mission, month, incident_type
),
final as (
    select * from cited
    union all by name
    select * from counted
)
select * from final
