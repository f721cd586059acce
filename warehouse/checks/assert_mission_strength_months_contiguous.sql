-- Warns about months missing inside the published strength series (IPI's files skip November 2016): one row per missing month.
-- asset: marts.fct_mission_strength
-- blocking: false
with months as (
    select distinct month from marts.fct_mission_strength
),
bounds as (
    select min(month) as first_month, max(month) as last_month from months
),
expected as (
    select cast(unnest(generate_series(first_month, last_month, interval 1 month)) as date) as month
    from bounds
    where first_month is not null
)
select expected.month as missing_month
from expected
anti join months using (month)
order by missing_month
