-- IPI's per-country totals against the mission and system totals: one row per month x category (troops, police, experts) x published total, the sum over contributing countries (marts.fct_contributor_strength) against the sum over missions (IPI mission totals) and against IPI's system total, over the months both sides cover.
-- group: audit
-- materialize: view
-- Columns as audit.reconciliation (which adds difference and status, one rule for every comparison):
-- contributor_strength_vs_missions compares the sum over countries with the sum over IPI's mission
-- totals, contributor_strength_vs_system with IPI's system total row, contributor_strength_vs_detail
-- each country's file with its staffing detail summed over missions; tolerance 0, both sides being
-- compiled from the same UN DPKO monthly reports.
with contributors as (
    select * from marts.fct_contributor_strength
),
strength as (
    select
        month,
        mission,
        scope,
        -- The per-country files call experts on mission what the mission
        -- files call observers (PROVENANCE.md of both folders).
        case category when 'observers' then 'experts' else category end as category,
        personnel,
        source_file,
        citation
    from marts.fct_mission_strength
    where category <> 'total'
),
-- Only months both sides cover (the country files: 1990-11 .. 2014-03; the
-- mission files: 1990-11 .. 2017-03): outside them neither can be checked.
window_months as (
    select
        greatest((select min(month) from contributors), (select min(month) from strength)) as first_month,
        least((select max(month) from contributors), (select max(month) from strength)) as last_month
    where exists (select 1 from contributors) and exists (select 1 from strength)
),
country_sums as (
    select
        month,
        category,
        sum(personnel) as personnel,
        count(*) as n_countries,
        string_agg(distinct regexp_replace(source_file, '/[^/]*$', '/'), '; ') as folders
    from contributors
    group by month, category
),
mission_sums as (
    select
        month,
        category,
        sum(personnel) as personnel,
        count(*) as n_missions,
        string_agg(distinct source_file, '; ') as files
    from strength
    where scope = 'mission'
    group by month, category
),
system_rows as (
    select month, category, personnel, citation
    from strength
    where scope = 'system'
),
versus_missions as (
    select
        'contributor_strength_vs_missions' as reconciliation_kind,
        coalesce(m.month, c.month) as month,
        coalesce(m.category, c.category) as category,
        cast(m.personnel as double) as published_value,
        'marts.fct_mission_strength (' || m.files || ')' as published_source,
        'IPI mission totals: ' || coalesce(m.category, c.category) || ' summed over ' || m.n_missions
            || ' missions' as published_counted,
        c.personnel as detail,
        c.n_countries,
        c.folders
    from mission_sums as m
    full join country_sums as c using (month, category)
),
versus_system as (
    select
        'contributor_strength_vs_system' as reconciliation_kind,
        coalesce(s.month, c.month) as month,
        coalesce(s.category, c.category) as category,
        cast(s.personnel as double) as published_value,
        s.citation as published_source,
        'IPI system total: ' || coalesce(s.category, c.category) || ' in every mission of the DPKO reports (special political missions included)' as published_counted,
        c.personnel as detail,
        c.n_countries,
        c.folders
    from system_rows as s
    full join country_sums as c using (month, category)
    where exists (select 1 from system_rows)
),
-- Per country: the country file against the staffing detail (contributor x
-- mission rows) summed over missions, where the detail covers the month
-- (2009-11 .. 2014-08). Staff officers count as troops, as in the IPI files.
detail_window as (
    select
        greatest(min(month), (select min(month) from contributors)) as first_month,
        least(max(month), (select max(month) from contributors)) as last_month
    from marts.fct_uniformed_deployment
    -- No row (so no comparison) unless both sides hold data.
    having count(*) > 0 and (select count(*) from contributors) > 0
),
detail_by_country as (
    select
        contributing_country_iso3 as country_iso3,
        month,
        case
            when personnel_type in ('IPO', 'FPU') then 'police'
            when personnel_type in ('TRP', 'SO', 'MIL') then 'troops'
            when personnel_type = 'EOM' then 'experts'
        end as category,
        sum(total) as personnel,
        count(*) as n_rows,
        count(distinct mission) as n_missions,
        string_agg(distinct personnel_type, ' + ' order by personnel_type) as types
    from marts.fct_uniformed_deployment
    where month between (select first_month from detail_window) and (select last_month from detail_window)
    group by all
),
country_pairs as (
    select
        coalesce(c.country_iso3, d.country_iso3) as country_iso3,
        coalesce(c.month, d.month) as month,
        coalesce(c.category, d.category) as category,
        c.personnel as published,
        c.citation,
        d.personnel as detail,
        d.n_rows,
        d.n_missions,
        d.types
    from (select * from contributors
          where month between (select first_month from detail_window) and (select last_month from detail_window)) as c
    full join (select * from detail_by_country where category is not null) as d
        on d.country_iso3 = c.country_iso3 and d.month = c.month and d.category = c.category
),
versus_detail as (
    select
        'contributor_strength_vs_detail' as reconciliation_kind,
        'ALL' as mission,
        country_iso3 as contributing_country_iso3,
        month,
        month as period_start,
        last_day(month) as period_end,
        case category when 'police' then 'police (IPO + FPU)' else category end as quantity,
        cast(null as varchar) as personnel_type,
        cast(published as double) as published_value,
        citation as published_source,
        'IPI per-country file: ' || category || ' of ' || country_iso3 || ' in all missions' as published_counted,
        cast(detail as double) as detail_value,
        'marts.fct_uniformed_deployment' as detail_source,
        case when n_rows is not null then
            n_rows || ' contributor x mission rows (' || n_missions || ' missions) of ' || types || ' summed'
        end as detail_counted,
        cast(0 as double) as tolerance,
        'abs(difference) <= tolerance' as comparison,
        cast(null as varchar) as figure_id
    from country_pairs
),
compared as (
    select * from versus_missions
    union all by name
    select * from versus_system
),
-- A month the country files cover where none of them has the category (NA in
-- every file) sums to 0: the system file publishes such a 0 (experts before
-- 1992-08, police in 1991-10).
contributor_months as (
    select distinct month from contributors
),
completed as (
    select
        compared.* replace (
            coalesce(detail, case when month in (select month from contributor_months) then 0 end) as detail
        ),
        detail is null and month in (select month from contributor_months) as none_published
    from compared
),
final as (
    select
        reconciliation_kind,
        'ALL' as mission,
        'ALL' as contributing_country_iso3,
        month,
        month as period_start,
        last_day(month) as period_end,
        case category when 'police' then 'police (IPO + FPU)' else category end as quantity,
        cast(null as varchar) as personnel_type,
        published_value,
        published_source,
        published_counted,
        cast(detail as double) as detail_value,
        'marts.fct_contributor_strength' as detail_source,
        case
            when n_countries is not null then
                n_countries || ' contributing countries'' ' || category || ' summed (' || folders || ')'
            when none_published then 'no country file publishes ' || category || ' that month (NA in every file)'
        end as detail_counted,
        cast(0 as double) as tolerance,
        'abs(difference) <= tolerance' as comparison,
        cast(null as varchar) as figure_id
    from completed
    where month between (select first_month from window_months) and (select last_month from window_months)
    union all by name
    select * from versus_detail
)
select * from final
order by reconciliation_kind, contributing_country_iso3, month, quantity
