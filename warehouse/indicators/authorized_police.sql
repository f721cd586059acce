-- Police ceiling (all police) in force on the month's last day, set by a Security Council resolution, per mission.
-- title: Authorized police ceiling
-- unit: persons
-- direction: neither
-- subject: mission
-- grain: month
-- source: Security Council resolutions, as curated in the police ceilings source (marts.fct_authorized_strength, through marts.ceilings_in_force)
{{ ceiling('authorized_police') }}
