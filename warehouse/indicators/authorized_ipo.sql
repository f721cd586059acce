-- Ceiling for individual police officers in force on the month's last day, where a Security Council resolution sets one, per mission.
-- title: Authorized IPO ceiling
-- unit: persons
-- direction: neither
-- subject: mission
-- grain: month
-- source: Security Council resolutions, as curated in the police ceilings source (marts.fct_authorized_strength, through marts.ceilings_in_force)
{{ ceiling('authorized_ipo') }}
