-- Counts of peacekeepers killed cited in UN documents against the fatality records of uniformed personnel killed by malicious acts over the figure's period: one row per cited figure.
-- group: audit
-- materialize: view
with figures as (
    select * from marts.reported_figures
    where not is_illustrative and qualifier <> 'target'
),
fatalities as (
    select * from marts.fct_fatality
),
-- Uniformed personnel are the Blue Helmets: Military, Military Observer, Police.
fatality_coverage as (
    select min(incident_date) as first_date, max(source_as_of) as as_of from fatalities
),
killed as (
    select
        f.figure_id,
        count(x.casualty_id) as n,
        count(x.casualty_id) filter (where x.personnel_type = 'MIL') as n_mil,
        count(x.casualty_id) filter (where x.personnel_type = 'EOM') as n_eom,
        count(x.casualty_id) filter (where x.personnel_type = 'POL') as n_pol,
        min(x.incident_date) as first_date,
        max(x.incident_date) as last_date,
        string_agg(distinct x.source_file, '; ' order by x.source_file) as files
    from figures as f
    left join fatalities as x
        on (x.mission = f.mission or f.mission = 'ALL')
        and x.incident_type = 'Malicious Act'
        and x.personnel_type in ('MIL', 'EOM', 'POL')
        and x.incident_date between coalesce(f.period_start, f.period_end) and f.period_end
    where f.indicator = 'peacekeepers_killed'
    group by f.figure_id
),
killed_vs_figure as (
    select
        'reported_figure_vs_dataset' as reconciliation_kind,
        f.mission,
        cast(null as varchar) as contributing_country_iso3,
        cast(date_trunc('month', f.period_end) as date) as month,
        f.period_start,
        f.period_end,
        'fatalities from malicious acts, uniformed personnel' as quantity,
        cast(null as varchar) as personnel_type,
        f.value as published_value,
        f.citation as published_source,
        f.description as published_counted,
        case when c.first_date <= coalesce(f.period_start, f.period_end) and c.as_of >= f.period_end
            then cast(k.n as double) end as detail_value,
        'marts.fct_fatality' || coalesce(' (' || k.files || ')', '') as detail_source,
        case when c.first_date <= coalesce(f.period_start, f.period_end) and c.as_of >= f.period_end then
            k.n || ' fatality records, ' || f.mission || ', type of incident Malicious Act, incident dates '
            || coalesce(k.first_date || '..' || k.last_date, 'none') || ' within ' || coalesce(f.period_start, f.period_end)
            || '..' || f.period_end || ': Military ' || k.n_mil || ', Military Observer ' || k.n_eom
            || ', Police ' || k.n_pol
        end as detail_counted,
        cast(case when f.qualifier = 'about' then 0.05 * f.value when f.qualifier = 'exact' then 0 end as double)
            as tolerance,
        case when f.qualifier = 'more_than' then 'detail_value > published_value'
            else 'abs(difference) <= tolerance' end as comparison,
        f.figure_id
    from figures as f
    join killed as k using (figure_id)
    cross join fatality_coverage as c
)
select * from killed_vs_figure
