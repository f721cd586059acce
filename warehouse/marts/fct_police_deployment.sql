-- UN police deployed: one row per month x mission x contributing country x police personnel type (IPO, FPU, SPT), with sex split and source row.
-- group: staffing
-- incremental: month
with deployment as (
    select * from marts.fct_uniformed_deployment where is_police
),
final as (
    -- The police rows in the same columns, but the flag they all share.
    select * exclude (is_police)
    from deployment
)
select * from final
