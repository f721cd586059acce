-- Police deployed as a share of the authorized police ceiling in force on the month's last day (1.0 = at the ceiling), per mission: from the contributor rows, and as UN documents give it (scored from their counts where they give them: 1,726 of 1,920 is 0.899, not the rounded 90 per cent).
-- title: Police ceiling fill rate
-- unit: share
-- direction: higher
-- subject: mission
-- grain: month
-- source: IPI Peacekeeping Database (marts.fct_police_deployment) over Security Council ceilings (marts.ceilings_in_force); UN documents (marts.reported_shares)
{{ ceiling_fill_rows('police_deployed', 'authorized_police', 'police', 'a ceiling') }}
union all by name
{{ reported_share_rows('ceiling_fill_rate') }}
