-- A contributing country's police in UN peacekeeping since 1990, month by
-- month: IPI's per-country total before the staffing detail starts, the
-- detail (IPOs, FPUs and women) from 2009-11; the source of each figure is
-- named, and the country's rank among contributors. Change the country in params.
with params as (
    select 'BGD' as country_iso3
)
select
    month,
    police_total,
    police_deployed_source,
    ipo,
    fpu,
    female_police,
    round(female_share_police, 3) as female_share_police,
    police_rank,
    contributors_that_month,
    citation
from analytics.contributor_police_profile
where country_iso3 = (select country_iso3 from params)
order by month
