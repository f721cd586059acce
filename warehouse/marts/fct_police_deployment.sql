-- UN police deployed: one row per month x mission x contributing country x police personnel type (IPO, FPU, SPT), with sex split and source row.
-- group: staffing
-- incremental: month
with deployment as (
    select * from marts.fct_uniformed_deployment where is_police
),
final as (
    select
        month,
        mission,
        contributing_country_iso3,
        personnel_type,
        female,
        male,
        total,
        source_file,
        source_row,
        citation
    from deployment
)
select * from final
