-- Contributor police profile: one row per contributing country x month since 1990: police deployed in every mission of the DPKO reports, special political missions included (the staffing detail where it exists, else IPI's per-country total, the source named), IPOs and FPUs with their women and shares since 2009, the year's targets, the DPO rating and the country's rank among contributors that month.
-- group: performance
-- column: country_iso3: Contributing country (ISO 3166 alpha-3).
-- column: country_name: UN short name of the country (marts.dim_country).
-- column: month: Month (first day); the figures are as of its last day.
-- column: police_published: Police (IPO + FPU) in IPI's per-country file (1990-11 .. 2014-03); null where the file has no row.
-- column: police_detail: Police (IPO + FPU) summed over the staffing detail's contributor x mission rows (2009-11 .. 2014-08 in the real data); null where there is no detail.
-- column: police_total: police_detail where it exists, else police_published.
-- column: police_deployed_source: detail or published_total: where police_total comes from.
-- column: ipo: Individual police officers (staffing detail).
-- column: fpu: Formed police unit personnel (staffing detail).
-- column: ipo_female: Women among IPOs, in rows reporting sex.
-- column: fpu_female: Women among FPU personnel, in rows reporting sex.
-- column: female_police: Women among IPOs and FPUs together.
-- column: female_share_ipo: ipo_female / IPOs in rows reporting sex.
-- column: female_share_fpu: fpu_female / FPU personnel in rows reporting sex.
-- column: female_share_police: female_police / police in rows reporting sex.
-- column: target_ipo: The month's year's sourced IPO target (Uniformed Gender Parity Strategy, marts.benchmark_targets), null where none is sourced.
-- column: target_fpu: The month's year's sourced FPU target, null where none is sourced.
-- column: target_police: The month's year's sourced target for all UN police (the Global Effort's 20 per cent by 2014), null where none is sourced.
-- column: ipo_rating: DPO rating of the country's IPOs that month (marts.contributor_gender_rating).
-- column: fpu_rating: DPO rating of the country's FPUs that month.
-- column: police_rank: Rank among contributing countries that month by police_total (1 = most).
-- column: female_police_rank: Rank among contributing countries that month by female_police (1 = most); null before the detail starts.
-- column: contributors_that_month: Countries with police that month.
-- column: citation: Where the police figure comes from: the per-country file and row, or the staffing detail's files.
with published as (
    select country_iso3, month, personnel as police_published, citation
    from marts.fct_contributor_strength
    where category = 'police'
),
ratings as (
    select * from marts.contributor_gender_rating
),
-- Sourced cells only (marts.benchmark_targets): a derived line is not a target.
targets as (
    select category, year, target_share from marts.benchmark_targets where status = 'sourced'
),
detail as (
    select
        contributing_country_iso3 as country_iso3,
        month,
        sum(total) as police_detail,
        sum(total) filter (where personnel_type = 'IPO') as ipo,
        sum(total) filter (where personnel_type = 'FPU') as fpu,
        sum(female) filter (where personnel_type = 'IPO') as ipo_female,
        sum(female) filter (where personnel_type = 'FPU') as fpu_female,
        sum(female) as female_police,
        sum(total) filter (where personnel_type = 'IPO' and female is not null) as ipo_with_sex,
        sum(total) filter (where personnel_type = 'FPU' and female is not null) as fpu_with_sex,
        sum(total) filter (where female is not null) as police_with_sex,
        'marts.fct_police_deployment (' || string_agg(distinct source_file, '; ' order by source_file) || ')'
            as detail_citation
    from marts.fct_police_deployment
    where personnel_type in ('IPO', 'FPU')
    group by all
),
joined as (
    select
        coalesce(d.country_iso3, p.country_iso3) as country_iso3,
        coalesce(d.month, p.month) as month,
        p.police_published,
        d.police_detail,
        coalesce(d.police_detail, p.police_published) as police_total,
        case when d.police_detail is not null then 'detail' else 'published_total' end as police_deployed_source,
        d.ipo,
        d.fpu,
        d.ipo_female,
        d.fpu_female,
        d.female_police,
        cast(d.ipo_female as double) / nullif(d.ipo_with_sex, 0) as female_share_ipo,
        cast(d.fpu_female as double) / nullif(d.fpu_with_sex, 0) as female_share_fpu,
        cast(d.female_police as double) / nullif(d.police_with_sex, 0) as female_share_police,
        coalesce(d.detail_citation, p.citation) as citation
    from detail as d
    full join published as p on p.country_iso3 = d.country_iso3 and p.month = d.month
),
final as (
    select
        j.country_iso3,
        c.country_name,
        j.month,
        j.police_published,
        j.police_detail,
        j.police_total,
        j.police_deployed_source,
        j.ipo,
        j.fpu,
        j.ipo_female,
        j.fpu_female,
        j.female_police,
        j.female_share_ipo,
        j.female_share_fpu,
        j.female_share_police,
        t_ipo.target_share as target_ipo,
        t_fpu.target_share as target_fpu,
        t_pol.target_share as target_police,
        ri.rating as ipo_rating,
        rf.rating as fpu_rating,
        rank() over (partition by j.month order by j.police_total desc) as police_rank,
        case when j.female_police is not null then
            rank() over (partition by j.month, j.female_police is not null order by j.female_police desc)
        end as female_police_rank,
        count(*) over (partition by j.month) as contributors_that_month,
        j.citation
    from joined as j
    left join marts.dim_country as c on c.country_iso3 = j.country_iso3
    left join targets as t_ipo on t_ipo.category = 'IPO' and t_ipo.year = year(j.month)
    left join targets as t_fpu on t_fpu.category = 'FPU' and t_fpu.year = year(j.month)
    left join targets as t_pol on t_pol.category = 'POL' and t_pol.year = year(j.month)
    left join ratings as ri on ri.country_iso3 = j.country_iso3 and ri.month = j.month and ri.category = 'IPO'
    left join ratings as rf on rf.country_iso3 = j.country_iso3 and rf.month = j.month and rf.category = 'FPU'
    where j.police_total > 0
)
select * from final
order by month, police_rank, country_iso3
