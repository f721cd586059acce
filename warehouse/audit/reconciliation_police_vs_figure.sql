-- Police deployed and female shares cited in UN documents against each dataset's latest month at or before the figure's date in the same year: one row per cited figure x dataset.
-- group: audit
-- materialize: view
with figures as (
    select * from marts.reported_figures
    where not is_illustrative and qualifier <> 'target'
),
strength as (
    select * from marts.fct_mission_strength
),
-- Only the missions a figure is about are summed (the comparison joins on the
-- mission), and ALL only if a figure is about all missions.
police_for_figures as (
    select * from marts.fct_police_deployment
    where mission in (select mission from figures)
),
police_all_for_figures as (
    select * from marts.fct_police_deployment
    where exists (select 1 from figures where mission = 'ALL')
),
police_by_month as (
    -- Police deployed per mission and month, and for ALL, from each dataset.
    select mission, month, cast(personnel as double) as value, 'marts.fct_mission_strength' as dataset,
        'IPI published police (IPO + FPU): ' || citation as counted
    from strength
    where category = 'police'
    union all
    select mission, month, cast(sum(total) as double), 'marts.fct_police_deployment',
        count(*) || ' contributor rows of ' || string_agg(distinct personnel_type, ' + ' order by personnel_type)
        || ' summed'
    from police_for_figures
    group by mission, month
    union all
    select 'ALL', month, cast(sum(total) as double), 'marts.fct_police_deployment',
        count(*) || ' contributor x mission rows of ' || string_agg(distinct personnel_type, ' + '
        order by personnel_type) || ' summed over ' || count(distinct mission) || ' missions'
    from police_all_for_figures
    group by month
),
share_by_month as (
    -- Female shares per mission and month (and ALL) from the staffing detail,
    -- over the rows that report sex, as the scorecard computes them.
    select
        mission, month, metric,
        cast(female as double) / nullif(with_sex, 0) as value,
        'marts.fct_police_deployment' as dataset,
        female || ' women of ' || with_sex || ' ' || metric_label || ' in rows reporting sex' as counted
    from (
        select mission, month, 'female_share_ipo' as metric, 'IPOs' as metric_label,
            sum(female) filter (where personnel_type = 'IPO') as female,
            sum(total) filter (where personnel_type = 'IPO' and female is not null) as with_sex
        from police_for_figures group by mission, month
        union all
        select mission, month, 'female_share_fpu', 'FPU personnel',
            sum(female) filter (where personnel_type = 'FPU'),
            sum(total) filter (where personnel_type = 'FPU' and female is not null)
        from police_for_figures group by mission, month
        union all
        select mission, month, 'female_share_police', 'police',
            sum(female), sum(total) filter (where female is not null)
        from police_for_figures group by mission, month
        union all
        select 'ALL', month, 'female_share_ipo', 'IPOs',
            sum(female) filter (where personnel_type = 'IPO'),
            sum(total) filter (where personnel_type = 'IPO' and female is not null)
        from police_all_for_figures group by month
        union all
        select 'ALL', month, 'female_share_police', 'police',
            sum(female), sum(total) filter (where female is not null)
        from police_all_for_figures group by month
    )
    where with_sex > 0
),
comparable as (
    select f.figure_id, p.dataset, p.mission, p.month, p.value, p.counted
    from figures as f
    join police_by_month as p on p.mission = f.mission
    where f.metric = 'police_deployed'
    union all
    select f.figure_id, s.dataset, s.mission, s.month, s.value, s.counted
    from figures as f
    join share_by_month as s on s.mission = f.mission and s.metric = f.metric
    where f.metric like 'female_share_%'
),
datasets as (
    -- Which datasets each figure is compared with, whether or not they cover it.
    select distinct f.figure_id, d.dataset
    from figures as f
    cross join (values ('marts.fct_mission_strength'), ('marts.fct_police_deployment')) as d(dataset)
    where f.metric = 'police_deployed'
    union all
    select figure_id, 'marts.fct_police_deployment'
    from figures
    where metric like 'female_share_%'
),
nearest as (
    select
        d.figure_id,
        d.dataset,
        max(c.month) filter (where c.month <= f.period_end and year(c.month) = year(f.period_end)) as month,
        max(c.month) filter (where c.month <= f.period_end) as latest_month
    from datasets as d
    join figures as f using (figure_id)
    left join comparable as c on c.figure_id = d.figure_id and c.dataset = d.dataset
    group by all
),
metric_vs_figure as (
    select
        'reported_figure_vs_dataset' as reconciliation_kind,
        f.mission,
        cast(null as varchar) as contributing_country_iso3,
        coalesce(n.month, cast(date_trunc('month', f.period_end) as date)) as month,
        f.period_start,
        f.period_end,
        case f.metric
            when 'police_deployed' then 'police deployed (IPO + FPU)'
            when 'female_share_ipo' then 'female share of IPOs'
            when 'female_share_fpu' then 'female share of FPU personnel'
            else 'female share of police'
        end as quantity,
        cast(null as varchar) as personnel_type,
        case when f.unit = 'percent' then f.value / 100 else f.value end as published_value,
        f.citation as published_source,
        f.description as published_counted,
        c.value as detail_value,
        n.dataset as detail_source,
        coalesce(
            strftime(c.month, '%Y-%m') || ': ' || c.counted,
            'no ' || n.dataset || ' data in ' || year(f.period_end) || ' up to ' || f.period_end
            || coalesce('; latest before (not compared): ' || strftime(latest.month, '%Y-%m') || ', '
                || round(latest.value, 3) || ', ' || latest.counted, '')
        ) as detail_counted,
        cast(case
            when f.qualifier = 'more_than' then null
            when f.qualifier = 'about' and f.unit = 'percent' then 0.01
            when f.qualifier = 'about' then 0.05 * f.value
            when f.unit = 'percent' then 0.005
            else 0
        end as double) as tolerance,
        case when f.qualifier = 'more_than' then 'detail_value > published_value'
            else 'abs(difference) <= tolerance' end as comparison,
        f.figure_id
    from nearest as n
    join figures as f using (figure_id)
    left join comparable as c on c.figure_id = n.figure_id and c.dataset = n.dataset and c.month = n.month
    left join comparable as latest
        on latest.figure_id = n.figure_id and latest.dataset = n.dataset and latest.month = n.latest_month
)
select * from metric_vs_figure
