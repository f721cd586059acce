-- How the female share of IPOs and FPUs moved per mission, year by year,
-- against the 20 per cent Global Goal (S/RES/2382 (2017) para 12(d)): the
-- December figure of each year (or the year's last month with data).
with targets as (
    select metric, any_value(target_value) as target
    from analytics.benchmark_results
    where benchmark_id in ('female_share_ipo_20pct_by_2014', 'female_share_police_20pct_by_2014')
    group by metric
),
year_end as (
    select
        *,
        year(month) as year,
        row_number() over (partition by mission, year(month) order by month desc) as recency
    from analytics.mission_police_scorecard
    where has_deployment_data
)
select
    mission,
    year,
    month as as_of_month,
    round(female_share_ipo, 3) as female_share_ipo,
    round(female_share_fpu, 3) as female_share_fpu,
    round(female_share_police, 3) as female_share_police,
    (select target from targets where metric = 'female_share_ipo') as target_ipo,
    female_share_ipo >= (select target from targets where metric = 'female_share_ipo') as ipo_target_met
from year_end
where recency = 1
order by mission, year
