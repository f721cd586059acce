-- Women among formed police unit personnel at month end, over the contributor rows that report sex, per mission and for ALL missions.
-- title: Women in formed police units
-- unit: persons
-- direction: higher
-- subject: mission
-- grain: month
-- source: IPI Peacekeeping Database (International Peace Institute, from UN DPKO/DPO monthly contributor reports), marts.fct_police_deployment
{{ police_count('fpu_female') }}
