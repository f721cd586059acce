-- Women among individual police officers at month end, over the contributor rows that report sex, per mission and for ALL missions.
-- title: Women individual police officers
-- unit: persons
-- direction: higher
-- subject: mission
-- grain: month
-- source: IPI Peacekeeping Database (International Peace Institute, from UN DPKO/DPO monthly contributor reports), marts.fct_police_deployment
{{ police_count('ipo_female') }}
