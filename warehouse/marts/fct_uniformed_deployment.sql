-- Uniformed personnel deployed: one row per month x mission x contributing country x personnel type, every type (police and military).
-- group: staffing
-- incremental: month
with staffing as (
    select * from staging.stg_staffing
),
final as (
    select
        month,
        mission,
        country_iso3 as contributing_country_iso3,
        personnel_type,
        is_police,
        female,
        male,
        total,
        source_file,
        source_row,
        citation
    from staffing
)
select * from final
