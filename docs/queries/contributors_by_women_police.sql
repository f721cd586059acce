-- Contributing countries ranked by the women police (IPOs and FPUs) they had
-- deployed in a year, all missions together: the year's last month with sex-
-- disaggregated data, with each country's police, share of women and DPO
-- rating that month, and its rank by police. Change the year in params.
with params as (
    select 2014 as year
),
year_end as (
    select max(month) as month
    from analytics.contributor_police_profile
    where year(month) = (select year from params) and female_police is not null
),
profile as (
    select *
    from analytics.contributor_police_profile
    where month = (select month from year_end) and female_police is not null
)
select
    female_police_rank,
    country_iso3,
    country_name,
    month,
    female_police,
    police_total,
    round(female_share_police, 3) as female_share_police,
    round(female_share_ipo, 3) as female_share_ipo,
    round(female_share_fpu, 3) as female_share_fpu,
    ipo_rating,
    fpu_rating,
    police_rank
from profile
order by female_police_rank, country_iso3
