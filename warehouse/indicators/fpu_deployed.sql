-- Formed police unit (FPU) personnel deployed at month end, summed over contributing countries, per mission and for ALL missions.
-- title: Formed police unit personnel deployed
-- unit: persons
-- direction: neither
-- subject: mission
-- grain: month
-- source: IPI Peacekeeping Database (International Peace Institute, from UN DPKO/DPO monthly contributor reports), marts.fct_police_deployment
{{ police_count('fpu_deployed') }}
