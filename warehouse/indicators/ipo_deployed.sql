-- Individual police officers (IPOs) deployed at month end, summed over contributing countries, per mission and for ALL missions.
-- title: Individual police officers deployed
-- unit: persons
-- direction: neither
-- subject: mission
-- grain: month
-- source: IPI Peacekeeping Database (International Peace Institute, from UN DPKO/DPO monthly contributor reports), marts.fct_police_deployment
{{ police_count('ipo_deployed') }}
