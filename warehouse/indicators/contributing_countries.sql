-- Police-contributing countries with at least one police row at month end, per mission and for ALL missions.
-- title: Police-contributing countries
-- unit: count
-- direction: neither
-- subject: mission
-- grain: month
-- source: IPI Peacekeeping Database (International Peace Institute, from UN DPKO/DPO monthly contributor reports), marts.fct_police_deployment
{{ police_count('contributing_countries') }}
