-- Distinct places (mission x year x location name, a year's repeated map rows merged) where the year's deployment maps show UN police, per mission and year, for every year Geo-PKO codes a mission whose maps ever show UN police.
-- title: Locations with UN police
-- unit: locations
-- direction: neither
-- subject: mission
-- grain: year
-- source: Geo-PKO v2.3 (Uppsala University; Cil, Fjelde, Hultman and Nilsson 2020, Journal of Peace Research 57(2), doi:10.1177/0022343319871978), marts.fct_police_location_year
-- Direction neither: more places is wider presence, not better performance.
-- A mission whose maps never show police has no values (a stream of zeros
-- would read as "no police" where the maps may simply not mark them).
with places as (
    select * from marts.fct_police_location_year
),
police_missions as (
    select mission from places group by mission having bool_or(unpol_present)
),
by_year as (
    select
        mission,
        year,
        count(*) filter (where unpol_present) as with_police,
        count(*) as places,
        string_agg(distinct source_file, '; ' order by source_file) as source_file
    from places
    where mission in (select mission from police_missions)
    group by mission, year
)
select
    mission as subject_id,
    make_date(year, 1, 1) as period,
    'geopko_locations' as value_source,
    cast(with_police as double) as value,
    cast(null as double) as numerator,
    cast(null as double) as denominator,
    'Geo-PKO v2.3, marts.fct_police_location_year: ' || with_police || ' of ' || places
        || ' places of ' || mission || ' in ' || year || ' show UN police' as citation,
    source_file,
    cast(null as bigint) as source_row
from by_year
