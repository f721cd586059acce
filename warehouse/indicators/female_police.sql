-- Women police of every type at month end, over the contributor rows that report sex, per mission and for ALL missions (S/RES/2382 (2017) para 12(d): an overall doubling by 2020).
-- title: Women police deployed
-- unit: persons
-- direction: higher
-- subject: mission
-- grain: month
-- source: IPI Peacekeeping Database (International Peace Institute, from UN DPKO/DPO monthly contributor reports), marts.fct_police_deployment
{{ police_count('female_police') }}
