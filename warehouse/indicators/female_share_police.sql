-- Share of women among all UN police at month end: women police over police in the contributor rows that report sex, per mission and for ALL missions; shares cited in UN documents; and, per mission and year, RADPKO's yearly averages (value_source radpko_yearly_average, period the year's 1 January: an estimate of the year, not a month-end count). Target: 20 per cent by 2014 (Global Effort, recalled in S/RES/2382 (2017) para 12(d)).
-- title: Women among UN police
-- unit: share
-- direction: higher
-- subject: mission
-- grain: month
-- source: IPI Peacekeeping Database (contributor rows reporting sex, marts.fct_police_deployment); shares and counts cited in UN documents (marts.reported_shares); RADPKO, Hunnicutt and Nomikos 2020 (yearly averages of monthly base reports summed over a mission's bases, marts.fct_police_mission_year)
-- RADPKO counts IPOs and FPUs together, so it speaks to this indicator (all
-- police) and to no IPO or FPU one; it is the only source here after 2014.
{{ female_share('female_share_police', women='female_police', of='police_with_sex') }}
union all by name
{{ radpko_yearly_rows('female_share_police', numerator='women_police', denominator='police') }}
