-- Base-year records (RADPKO), typed; one row per mission x base x year: the yearly averages of the monthly strength RADPKO allocates to the base.
-- group: police_bases
with records as (
    select * from raw.police_bases
),
final as (
    select
        mission,
        mission_published,
        year,
        base,
        host_country_name as host_country_name_published,
        first_month,
        latitude,
        longitude,
        uniformed,
        troops,
        police,
        observers,
        women_troops,
        women_police,
        women_observers,
        source_file,
        source_row,
        source_format
    from records
)
select * from final
