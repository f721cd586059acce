-- RADPKO's police per mission and year (yearly averages summed over bases) against the yearly average of IPI's month-end police for the same mission, over the years IPI covers every month of the mission's lifetime.
-- group: audit
-- materialize: view
-- Tolerance: 5 per cent of IPI's average, the project's tolerance for an
-- 'about' count (audit.reconciliation): RADPKO allocates each month's mission
-- strength to the bases on the UN's deployment maps and averages each base
-- over the months it is observed, so the sum over bases is an estimate of the
-- yearly average, not the same report added up again (PROVENANCE.md of
-- radpko_bases_yearly: summing bases need not give the mission totals).
with radpko as (
    select * from marts.fct_police_mission_year
),
strength as (
    select * from marts.fct_mission_strength
    where scope = 'mission' and category = 'police'
),
missions as (
    select * from marts.dim_mission
),
ipi_years as (
    select
        mission,
        year(month) as year,
        avg(personnel) as police_average,
        count(*) as months,
        min(source_file) as source_file,
        min(source_row) as first_row,
        max(source_row) as last_row
    from strength
    where mission in (select mission from radpko)
    group by all
),
-- Months of the year the mission was deployed (its start and end dates; a
-- mission without dates counts the whole year).
lifetime_months as (
    select
        r.mission,
        r.year,
        date_diff('month',
            date_trunc('month', greatest(r.period_start, coalesce(m.start_date, r.period_start))),
            date_trunc('month', least(r.period_end, coalesce(m.end_date, r.period_end)))) + 1 as months
    from radpko as r
    left join missions as m using (mission)
),
paired as (
    select
        r.mission,
        r.year,
        r.period_start,
        r.period_end,
        r.police,
        r.bases,
        r.citation,
        i.police_average,
        i.months as ipi_months,
        l.months as lifetime_months,
        i.source_file,
        i.first_row,
        i.last_row
    from radpko as r
    join lifetime_months as l using (mission, year)
    left join ipi_years as i using (mission, year)
),
police_mission_year_vs_strength as (
    select
        'police_mission_year_vs_strength' as reconciliation_kind,
        mission,
        cast(null as varchar) as contributing_country_iso3,
        period_start as month,
        period_start,
        period_end,
        'police (IPO + FPU), yearly average' as quantity,
        cast(null as varchar) as personnel_type,
        -- IPI's average only where it has every month the mission was deployed.
        case when ipi_months = lifetime_months then police_average end as published_value,
        source_file || ' rows ' || first_row || '-' || last_row as published_source,
        'IPI mission totals: average of ' || coalesce(ipi_months, 0) || ' month-end police figures of '
            || lifetime_months || ' months deployed in ' || year as published_counted,
        police as detail_value,
        'marts.fct_police_mission_year (RADPKO)' as detail_source,
        'sum over ' || bases || ' bases of their yearly averages (' || citation || ')' as detail_counted,
        case when ipi_months = lifetime_months then 0.05 * police_average end as tolerance,
        'abs(difference) <= tolerance' as comparison,
        cast(null as varchar) as figure_id
    from paired
)
select * from police_mission_year_vs_strength
