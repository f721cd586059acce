-- Women among UN police per mission and year from RADPKO (yearly averages of the monthly base reports, 13 African missions to 2019; the only source here after 2014), with how its police compare with IPI's month-end figures for the same year.
-- Run on a warehouse built from the real data (docs/real_data.md).
select
    p.mission,
    p.year,
    round(p.police, 1) as police_yearly_average,
    round(p.women_police, 1) as women_yearly_average,
    round(p.female_share_police, 3) as female_share_police,
    coalesce(r.status, 'not compared') as police_vs_ipi
from analytics.police_mission_year as p
left join audit.reconciliation as r
    on r.reconciliation_kind = 'police_mission_year_vs_strength'
    and r.mission = p.mission
    and year(r.month) = p.year
where p.female_share_police is not null
order by p.mission, p.year
