-- Reconciliation of IPI's per-country totals: one row per month x category (troops, police, experts) x published total, the sum over contributing countries (marts.fct_contributor_strength) against the sum over missions (IPI mission totals) and against IPI's system total, over the months both sides cover.
-- group: audit
-- column: reconciliation_kind: contributor_strength_vs_missions (the mission totals summed over missions) or contributor_strength_vs_system (IPI's system-wide total row).
-- column: mission: ALL: every mission together.
-- column: contributing_country_iso3: ALL: every contributing country together.
-- column: month: Month compared (first day).
-- column: period_start: First day of the month.
-- column: period_end: Last day of the month (IPI's as-of date).
-- column: quantity: troops, police (IPO + FPU) or experts (the mission files' observers).
-- column: personnel_type: Null: the categories are IPI's, not one conformed personnel type.
-- column: published_value: The mission side: the category summed over IPI's mission totals, or IPI's system total.
-- column: published_source: Where the published value is: the table and the file (and row, for the system total).
-- column: published_counted: What the published side counts, in words.
-- column: detail_value: The category summed over IPI's per-country files for the month.
-- column: detail_source: marts.fct_contributor_strength.
-- column: detail_counted: How many countries' rows were summed.
-- column: difference: published_value - detail_value.
-- column: tolerance: 0: both sides are compiled from the same UN DPKO monthly reports.
-- column: comparison: abs(difference) <= tolerance.
-- column: status: ok, mismatch, no detail (no country file covers the month) or no total (no mission total for it).
-- column: figure_id: Null (no cited figure is compared here).
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
        'IPI system total: ' || coalesce(s.category, c.category) || ' in all UN peacekeeping' as published_counted,
        c.personnel as detail,
        c.n_countries,
        c.folders
    from system_rows as s
    full join country_sums as c using (month, category)
    where exists (select 1 from system_rows)
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
        published_value - detail as difference,
        cast(0 as double) as tolerance,
        'abs(difference) <= tolerance' as comparison,
        case
            when published_value is null then 'no total'
            when detail is null then 'no detail'
            when abs(published_value - detail) <= 0 then 'ok'
            else 'mismatch'
        end as status,
        cast(null as varchar) as figure_id
    from completed
    where month between (select first_month from window_months) and (select last_month from window_months)
)
select * from final
order by reconciliation_kind, month, quantity
