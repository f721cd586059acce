-- Which missions are below their police ceiling, and by how much: each mission's
-- latest month with both deployment and a ceiling in force, where fewer police
-- are deployed than the resolution authorizes. Shortfall in persons and as a
-- share of the ceiling.
with latest as (
    select
        *,
        row_number() over (partition by mission order by month desc) as recency
    from analytics.mission_police_scorecard
    where has_deployment_data and authorized_police is not null
)
select
    mission,
    month,
    police_deployed,
    authorized_police,
    authorized_police - police_deployed as shortfall,
    round(1 - ceiling_fill_rate, 3) as shortfall_share,
    ceiling_set_by
from latest
where recency = 1 and police_deployed < authorized_police
order by shortfall desc
