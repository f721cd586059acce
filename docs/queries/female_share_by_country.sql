-- Female share of the police each contributing country sent, per year, IPOs
-- and FPUs apart, against the 20 per cent Global Goal (S/RES/2382 (2017) para
-- 12(d), the target of benchmark female_share_ipo_20pct_by_2014): the year's
-- last month with data, over rows that report sex, all missions together.
with target as (
    select any_value(target_value) as target
    from analytics.benchmark_results
    where benchmark_id = 'female_share_ipo_20pct_by_2014'
),
rows_with_sex as (
    select
        contributing_country_iso3,
        year(month) as year,
        month,
        personnel_type,
        female,
        total
    from analytics.police_deployment
    where female is not null and personnel_type in ('IPO', 'FPU')
),
year_end as (
    select *
    from rows_with_sex
    qualify month = max(month) over (partition by contributing_country_iso3, year)
),
by_country as (
    select
        contributing_country_iso3,
        year,
        sum(total) filter (where personnel_type = 'IPO') as ipo_deployed,
        sum(female) filter (where personnel_type = 'IPO')
            / nullif(sum(total) filter (where personnel_type = 'IPO'), 0) as female_share_ipo,
        sum(total) filter (where personnel_type = 'FPU') as fpu_deployed,
        sum(female) filter (where personnel_type = 'FPU')
            / nullif(sum(total) filter (where personnel_type = 'FPU'), 0) as female_share_fpu
    from year_end
    group by contributing_country_iso3, year
)
select
    by_country.contributing_country_iso3,
    countries.country_name,
    by_country.year,
    by_country.ipo_deployed,
    round(by_country.female_share_ipo, 3) as female_share_ipo,
    by_country.fpu_deployed,
    round(by_country.female_share_fpu, 3) as female_share_fpu,
    target.target as target_ipo,
    by_country.female_share_ipo >= target.target as ipo_target_met
from by_country
cross join target
left join analytics.countries as countries
    on countries.country_iso3 = by_country.contributing_country_iso3
order by by_country.year, by_country.contributing_country_iso3
