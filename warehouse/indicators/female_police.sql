-- Women police of every type at month end, over the contributor rows that report sex, per mission and for ALL missions (S/RES/2382 (2017) para 12(d): an overall doubling by 2020); and, per mission and year, RADPKO's yearly averages of women among police (value_source radpko_yearly_average, period the year's 1 January: an estimate of the year, not a month-end count).
-- title: Women police deployed
-- unit: persons
-- direction: higher
-- subject: mission
-- grain: month
-- source: IPI Peacekeeping Database (International Peace Institute, from UN DPKO/DPO monthly contributor reports), marts.fct_police_deployment; RADPKO, Hunnicutt and Nomikos 2020 (marts.fct_police_mission_year)
-- RADPKO has no ALL row: the doubling benchmark (system scope) does not take it.
{{ police_count('female_police') }}
union all by name
{{ radpko_yearly_rows('women_police') }}
