-- Deployment location records (Geo-PKO v2.3), typed; one row per published row: a mission's place on a deployment map of a year.
-- group: police_locations
with records as (
    select * from raw.police_locations
),
final as (
    select
        mission,
        mission_published,
        year,
        host_country_iso3,
        host_country_name as host_country_name_published,
        host_country_match,
        location,
        latitude,
        longitude,
        unpol = 1 as unpol_present,
        hq as hq_level,
        infantry,
        troops,
        reserve,
        medical,
        aviation,
        military_observers,
        troops_year_average,
        source_file,
        source_row,
        source_format
    from records
)
select * from final
