-- Reconciliation: one row per published total or cited figure and the detail that should equal it (per mission or ALL, per month or period), with both values, what each side counted, the difference, the tolerance and a status (ok / mismatch / no detail / no total).
-- group: audit
-- column: reconciliation_kind: What is compared: staffing_total_vs_detail (IPI 'all' rows vs the contributor x mission rows), staffing_total_sex_split (an 'all' row's Total vs its own Male + Female), mission_strength_vs_detail (IPI mission totals vs the staffing rows), system_strength_vs_missions (IPI system totals vs the sum of its mission totals), reported_figure_vs_dataset (a figure cited in a UN document vs the records covering the same quantity).
-- column: mission: Mission acronym, or ALL for every mission together.
-- column: contributing_country_iso3: Contributing country the total is for (ISO 3166 alpha-3), ALL for every country, null where the comparison is not per country.
-- column: month: Month compared (first day); for a cited figure, the month of the dataset value it is compared with.
-- column: period_start: First day the published side covers.
-- column: period_end: Last day the published side covers.
-- column: quantity: The quantity compared, e.g. 'total', 'female', 'police (IPO + FPU)', 'fatalities from malicious acts, uniformed personnel'.
-- column: personnel_type: Conformed personnel type code where the comparison is for one type (IPO, FPU, EOM, TRP).
-- column: published_value: The published total or the cited figure (shares as fractions, 0.2 = 20 per cent).
-- column: published_source: Where the published value is: file and row, or the document's citation.
-- column: published_counted: What the published side counts, in words.
-- column: detail_value: The same quantity from the detail records; null when none covers it.
-- column: detail_source: The table (and files) the detail value is computed from.
-- column: detail_counted: What the detail side counted: number of records and what they are.
-- column: difference: published_value - detail_value.
-- column: tolerance: Largest absolute difference still counted as ok (0 for totals computed from the same reports; half a percentage point for a share stated in whole per cent, one point for an 'about' share; 5 per cent of an 'about' count); null where the rule is one-sided.
-- column: comparison: The rule applied: 'abs(difference) <= tolerance', or 'detail_value > published_value' for a 'more than' figure.
-- column: status: ok, mismatch, no detail (no detail record covers the published value) or no total (detail exists, no published total for it).
-- column: figure_id: The cited figure's id (marts.reported_figures) for reported_figure_vs_dataset rows.
-- Not materialized: it is read several times, and DuckDB would otherwise copy
-- the whole staffing fact into a temporary result (10M rows under the 1 GB
-- memory cap: 8 s instead of 0.8 s, spilled to disk).
with staffing as not materialized (
    select * from staging.stg_staffing
),
staffing_totals as (
    select * from staging.stg_staffing_totals
),
strength as (
    select * from marts.fct_mission_strength
),
fatalities as (
    select * from marts.fct_fatality
),
figures as (
    select * from marts.reported_figures
    where not is_illustrative and qualifier <> 'target'
),

-- 1. IPI 'all' rows vs the contributor x mission rows they total. Every 'all'
--    row covers every mission (Mission = all), for one contributor or for all.
--    Only months both sides cover: outside them neither side can be checked.
staffing_window as (
    -- No row (so no comparison) unless both sides hold data.
    select
        greatest(min(t.month), (select min(month) from staffing)) as first_month,
        least(max(t.month), (select max(month) from staffing)) as last_month
    from staffing_totals as t
    having count(*) > 0 and (select count(*) from staffing) > 0
),
-- Only the months compared are summed (no published totals, no sums: on a
-- ten-year fact this is most of the cost of the table).
staffing_in_window as (
    select * from staffing
    where month between (select first_month from staffing_window) and (select last_month from staffing_window)
),
staffing_sums as (
    select
        month, 'ALL' as mission, 'ALL' as country_iso3, personnel_type,
        sum(total) as total, sum(female) as female, sum(male) as male,
        count(*) as n_rows, count(distinct mission) as n_missions, count(distinct country_iso3) as n_countries
    from staffing_in_window
    group by month, personnel_type
    union all
    select
        month, 'ALL', country_iso3, personnel_type,
        sum(total), sum(female), sum(male),
        count(*), count(distinct mission), 1
    from staffing_in_window
    group by month, country_iso3, personnel_type
),
staffing_pairs as (
    select
        coalesce(t.month, d.month) as month,
        coalesce(t.mission, d.mission) as mission,
        coalesce(t.country_iso3, d.country_iso3) as country_iso3,
        coalesce(t.personnel_type, d.personnel_type) as personnel_type,
        t.total as t_total, t.female as t_female, t.male as t_male,
        t.source_file || ' row ' || t.source_row as t_source,
        d.total as d_total, d.female as d_female, d.male as d_male,
        d.n_rows, d.n_missions, d.n_countries
    from staffing_totals as t
    full join staffing_sums as d
        -- A total for one mission (IPI publishes none) would find no sum here: 'no detail'.
        on d.month = t.month and d.mission = t.mission and d.country_iso3 = t.country_iso3
        and d.personnel_type = t.personnel_type
    where coalesce(t.month, d.month) between (select first_month from staffing_window)
        and (select last_month from staffing_window)
),
staffing_vs_detail as (
    select
        'staffing_total_vs_detail' as reconciliation_kind,
        p.mission,
        p.country_iso3 as contributing_country_iso3,
        p.month,
        p.month as period_start,
        last_day(p.month) as period_end,
        q.quantity,
        p.personnel_type,
        cast(case q.quantity when 'total' then p.t_total when 'female' then p.t_female else p.t_male end as double)
            as published_value,
        p.t_source as published_source,
        'IPI ''all'' row: ' || p.personnel_type || ' ' || q.quantity || ', mission ' || p.mission
            || ', contributor ' || p.country_iso3 as published_counted,
        cast(case q.quantity when 'total' then p.d_total when 'female' then p.d_female else p.d_male end as double)
            as detail_value,
        'staging.stg_staffing' as detail_source,
        case when p.n_rows is not null then
            p.n_rows || ' contributor x mission rows (' || p.n_missions || ' missions, ' || p.n_countries
            || ' contributors) of ' || p.personnel_type || ', ' || q.quantity || ' summed'
        end as detail_counted,
        cast(0 as double) as tolerance,
        'abs(difference) <= tolerance' as comparison,
        cast(null as varchar) as figure_id
    from staffing_pairs as p
    cross join (values ('total'), ('female'), ('male')) as q(quantity)
),
-- 2. IPI's 'all' rows report some personnel without sex (2009-11 IPOs:
--    6,316 male + 591 female of 6,964): the gap, row by row.
staffing_sex_split as (
    select
        'staffing_total_sex_split' as reconciliation_kind,
        mission,
        country_iso3 as contributing_country_iso3,
        month,
        month as period_start,
        last_day(month) as period_end,
        'total vs female + male' as quantity,
        personnel_type,
        cast(total as double) as published_value,
        source_file || ' row ' || source_row as published_source,
        'IPI ''all'' row: ' || personnel_type || ' Total, contributor ' || country_iso3 as published_counted,
        cast(female + male as double) as detail_value,
        source_file || ' row ' || source_row as detail_source,
        'the same row''s ' || personnel_type || ' Male + Female' as detail_counted,
        cast(0 as double) as tolerance,
        'abs(difference) <= tolerance' as comparison,
        cast(null as varchar) as figure_id
    from staffing_totals
    where total is not null
),
-- 3. IPI mission totals vs the staffing detail, per mission, month and
--    category, over the months the detail covers (Police = IPO + FPU;
--    staff officers count as troops, as in the IPI files).
strength_window as (
    select
        greatest(min(s.month), (select min(month) from staffing)) as first_month,
        least(max(s.month), (select max(month) from staffing)) as last_month
    from strength as s
    where s.scope = 'mission'
    having count(*) > 0 and (select count(*) from staffing) > 0
),
staffing_in_strength_window as (
    select * from staffing
    where month between (select first_month from strength_window) and (select last_month from strength_window)
),
staffing_by_category as (
    select
        month, mission,
        case
            when is_police then 'police'
            when personnel_type in ('TRP', 'SO', 'MIL') then 'troops'
            when personnel_type = 'EOM' then 'observers'
        end as category,
        sum(total) as total, count(*) as n_rows, count(distinct country_iso3) as n_countries,
        string_agg(distinct personnel_type, ' + ' order by personnel_type) as types
    from staffing_in_strength_window
    group by all
    union all
    select month, mission, 'total', sum(total), count(*), count(distinct country_iso3),
        string_agg(distinct personnel_type, ' + ' order by personnel_type)
    from staffing_in_strength_window
    group by all
),
strength_pairs as (
    select
        coalesce(s.month, d.month) as month,
        coalesce(s.mission, d.mission) as mission,
        coalesce(s.category, d.category) as category,
        s.personnel, s.citation,
        d.total, d.n_rows, d.n_countries, d.types
    from (select * from strength where scope = 'mission') as s
    full join (select * from staffing_by_category where category is not null) as d
        on d.month = s.month and d.mission = s.mission and d.category = s.category
    where coalesce(s.month, d.month) between (select first_month from strength_window)
        and (select last_month from strength_window)
),
strength_vs_detail as (
    select
        'mission_strength_vs_detail' as reconciliation_kind,
        mission,
        cast(null as varchar) as contributing_country_iso3,
        month,
        month as period_start,
        last_day(month) as period_end,
        case category when 'police' then 'police (IPO + FPU)' else category end as quantity,
        cast(null as varchar) as personnel_type,
        cast(personnel as double) as published_value,
        citation as published_source,
        'IPI mission totals: ' || category || ' of ' || mission as published_counted,
        cast(total as double) as detail_value,
        'staging.stg_staffing' as detail_source,
        case when n_rows is not null then
            n_rows || ' contributor rows (' || n_countries || ' contributors) of ' || types || ' summed'
        end as detail_counted,
        cast(0 as double) as tolerance,
        'abs(difference) <= tolerance' as comparison,
        cast(null as varchar) as figure_id
    from strength_pairs
),
-- 4. IPI system totals vs the sum of its own mission totals, every month.
mission_sums as (
    select month, category, sum(personnel) as personnel, count(*) as n_missions
    from strength
    where scope = 'mission'
    group by all
),
system_vs_missions as (
    select
        'system_strength_vs_missions' as reconciliation_kind,
        'ALL' as mission,
        cast(null as varchar) as contributing_country_iso3,
        coalesce(s.month, m.month) as month,
        coalesce(s.month, m.month) as period_start,
        last_day(coalesce(s.month, m.month)) as period_end,
        case coalesce(s.category, m.category) when 'police' then 'police (IPO + FPU)'
            else coalesce(s.category, m.category) end as quantity,
        cast(null as varchar) as personnel_type,
        cast(s.personnel as double) as published_value,
        s.citation as published_source,
        'IPI system totals: ' || coalesce(s.category, m.category) || ' in all UN peacekeeping' as published_counted,
        -- No mission publishing a category that month (NA everywhere) sums to 0.
        cast(case when m.n_missions is not null then m.personnel
            when s.month in (select month from strength where scope = 'mission') then 0 end as double)
            as detail_value,
        'marts.fct_mission_strength' as detail_source,
        case
            when m.n_missions is not null then m.n_missions || ' missions'' published ' || m.category || ' summed'
            when s.month in (select month from strength where scope = 'mission')
                then 'no mission publishes ' || s.category || ' that month (NA in every mission row)'
        end as detail_counted,
        cast(0 as double) as tolerance,
        'abs(difference) <= tolerance' as comparison,
        cast(null as varchar) as figure_id
    from (select * from strength where scope = 'system') as s
    full join mission_sums as m on m.month = s.month and m.category = s.category
    -- Compare only where the system file exists at all (the two come together).
    where exists (select 1 from strength where scope = 'system')
),
-- 5. Figures cited in UN documents vs the records covering the same quantity.
--    A count of people killed is compared with fatality records of uniformed
--    personnel (Blue Helmets: Military, Military Observer, Police) killed by
--    malicious acts in the mission over the figure's period; police deployed
--    and female shares with the latest month the data hold at or before the
--    figure's date, in the same calendar year.
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
),
compared as (
    select * from staffing_vs_detail
    union all by name
    select * from staffing_sex_split
    union all by name
    select * from strength_vs_detail
    union all by name
    select * from system_vs_missions
    union all by name
    select * from killed_vs_figure
    union all by name
    select * from metric_vs_figure
),
final as (
    select
        reconciliation_kind,
        mission,
        contributing_country_iso3,
        month,
        period_start,
        period_end,
        quantity,
        personnel_type,
        published_value,
        published_source,
        published_counted,
        detail_value,
        detail_source,
        detail_counted,
        published_value - detail_value as difference,
        tolerance,
        comparison,
        case
            when published_value is null then 'no total'
            when detail_value is null then 'no detail'
            when comparison = 'detail_value > published_value' then
                case when detail_value > published_value then 'ok' else 'mismatch' end
            when abs(published_value - detail_value) <= tolerance then 'ok'
            else 'mismatch'
        end as status,
        figure_id
    from compared
    -- A quantity neither side reports (e.g. the sex split of a file without one) is no comparison.
    where published_value is not null or detail_value is not null
)
select * from final
order by reconciliation_kind, mission, contributing_country_iso3, month, quantity, personnel_type
