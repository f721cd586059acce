-- Police (IPOs and FPUs) a contributing country had in every mission of the DPKO reports at month end (special political missions included): IPI's per-country total (from 1990) and the sum of its contributor x mission rows in the staffing detail (from 2009-11), each a value source of its own; ALL sums every country.
-- title: Police deployed by a contributing country
-- unit: persons
-- direction: neither
-- subject: contributor
-- grain: month
-- source: IPI Peacekeeping Database from the UN DPKO monthly reports: per-country files (marts.fct_contributor_strength) and the staffing detail (marts.fct_police_deployment)
-- Direction neither: a headcount, not a performance; the DPO rating judges
-- the share of women (contributor_female_share_police).
with published as (
    select * from marts.fct_contributor_strength
    where category = 'police'
),
detail as (
    select * from marts.fct_police_deployment
    where personnel_type in ('IPO', 'FPU')
),
published_values as (
    select
        country_iso3 as subject_id,
        month as period,
        'published_total' as value_source,
        cast(personnel as double) as value,
        cast(null as double) as numerator,
        cast(null as double) as denominator,
        citation,
        source_file,
        source_row
    from published
    union all by name
    select
        'ALL' as subject_id,
        month as period,
        'published_total' as value_source,
        sum(personnel) as value,
        'marts.fct_contributor_strength: ' || count(*) || ' countries'' police summed' as citation,
        'ipi_contributor_police_monthly/countries/ (' || count(*) || ' files)' as source_file
    from published
    group by month
),
detail_values as (
    select
        contributing_country_iso3 as subject_id,
        month as period,
        'staffing_detail' as value_source,
        cast(sum(total) as double) as value,
        'marts.fct_police_deployment: ' || count(*) || ' contributor x mission rows of IPO + FPU summed' as citation,
        string_agg(distinct source_file, '; ' order by source_file) as source_file
    from detail
    group by contributing_country_iso3, month
)
select * from published_values
union all by name
select * from detail_values
