-- Fatalities per 1,000 police, per mission and year: fatality records of
-- police personnel over the mission's average monthly police strength that
-- year (IPI's published strength, police = IPO + FPU).
with deaths as (
    select
        mission,
        year(month) as year,
        count(*) as police_fatalities
    from analytics.fatalities
    where is_police
    group by mission, year(month)
),
strength as (
    select
        mission,
        year(month) as year,
        avg(personnel) as avg_police,
        count(*) as months_reported
    from analytics.mission_strength
    where category = 'police' and scope = 'mission'
    group by mission, year(month)
)
select
    strength.mission,
    strength.year,
    coalesce(deaths.police_fatalities, 0) as police_fatalities,
    round(strength.avg_police) as avg_police,
    strength.months_reported,
    round(1000.0 * coalesce(deaths.police_fatalities, 0) / strength.avg_police, 2) as fatalities_per_1000_police
from strength
left join deaths using (mission, year)
where strength.avg_police > 0
order by strength.mission, strength.year
