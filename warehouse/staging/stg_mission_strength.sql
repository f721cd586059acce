-- Published strength records (IPI mission and system totals), typed; one row per month x mission (or ALL) x category.
-- group: mission_strength
with records as (
    select * from raw.mission_strength
),
final as (
    select
        month,
        mission,
        mission_published,
        scope,
        category,
        personnel,
        contributors,
        host_country_iso3,
        host_country_name as host_country_name_published,
        host_country_match,
        source_file,
        source_row,
        source_format
    from records
)
select * from final
