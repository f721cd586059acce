-- Where each mission had UN police in a year (Geo-PKO v2.3 deployment maps):
-- per mission, the places where the year's maps show UN police, out of all its
-- places, and their names with coordinates (a year's repeated map rows are one
-- place: resolution_rule). Change the year in params.
with params as (
    select 2024 as year
),
places as (
    select *
    from analytics.police_locations
    where year = (select year from params)
)
select
    mission,
    year,
    count(*) filter (where unpol_present) as locations_with_police,
    count(*) as locations,
    string_agg(
        location || ' (' || round(latitude, 3) || ', ' || round(longitude, 3) || ')', '; ' order by location
    ) filter (where unpol_present) as police_locations
from places
group by mission, year
having count(*) filter (where unpol_present) > 0
order by locations_with_police desc, mission
