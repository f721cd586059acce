-- UN police per mission and month, summed from the contributor rows (and ALL: every mission together): deployed and women by type, the part reporting sex, contributing countries, and the rows and files summed; what the police indicators read.
-- group: performance
-- column: mission: Mission acronym, or ALL for every mission together.
-- column: month: Month, keyed by its first day.
-- column: ipo_deployed: Individual police officers deployed (sum over contributing countries).
-- column: ipo_female: Women IPOs, over the rows that report sex.
-- column: ipo_with_sex: IPOs in the rows that report sex (the denominator of the IPO female share).
-- column: fpu_deployed: Formed police unit personnel deployed.
-- column: fpu_female: Women FPU personnel, over the rows that report sex.
-- column: fpu_with_sex: FPU personnel in the rows that report sex.
-- column: police_deployed: All police types deployed.
-- column: female_police: Women police of every type, over the rows that report sex.
-- column: police_with_sex: Police in the rows that report sex.
-- column: contributing_countries: Police-contributing countries with at least one row.
-- column: missions: Missions summed (1 for a mission's own row).
-- column: rows_summed: Contributor rows summed.
-- column: source_files: Inbox files the rows come from, '; ' between them.
with deployment as (
    select * from marts.fct_police_deployment
),
final as (
    -- Each mission's months, and ALL (every mission together) per month.
    select
        case when grouping(mission) = 1 then 'ALL' else mission end as mission,
        month,
        sum(total) filter (where personnel_type = 'IPO') as ipo_deployed,
        sum(female) filter (where personnel_type = 'IPO') as ipo_female,
        sum(total) filter (where personnel_type = 'IPO' and female is not null) as ipo_with_sex,
        sum(total) filter (where personnel_type = 'FPU') as fpu_deployed,
        sum(female) filter (where personnel_type = 'FPU') as fpu_female,
        sum(total) filter (where personnel_type = 'FPU' and female is not null) as fpu_with_sex,
        sum(total) as police_deployed,
        sum(female) as female_police,
        sum(total) filter (where female is not null) as police_with_sex,
        count(distinct contributing_country_iso3) as contributing_countries,
        count(distinct mission) as missions,
        count(*) as rows_summed,
        string_agg(distinct source_file, '; ' order by source_file) as source_files
    from deployment
    group by grouping sets ((mission, month), (month))
)
select * from final
order by mission, month
