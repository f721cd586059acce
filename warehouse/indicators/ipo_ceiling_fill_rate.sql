-- Individual police officers deployed as a share of the IPO ceiling in force on the month's last day, per mission, where a resolution sets an IPO ceiling.
-- title: IPO ceiling fill rate
-- unit: share
-- direction: higher
-- subject: mission
-- grain: month
-- source: IPI Peacekeeping Database (marts.fct_police_deployment) over Security Council ceilings (marts.ceilings_in_force)
{{ ceiling_fill_rows('ipo_deployed', 'authorized_ipo', 'IPOs', 'an IPO ceiling') }}
