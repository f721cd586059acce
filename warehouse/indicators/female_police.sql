-- Women police of every type at month end, over the contributor rows that report sex, per mission and for ALL missions (S/RES/2382 (2017) para 12(d): an overall doubling by 2020).
-- title: Women police deployed
-- unit: persons
-- direction: higher
-- subject: mission
-- grain: month
-- source: IPI Peacekeeping Database (International Peace Institute, from UN DPKO/DPO monthly contributor reports), marts.fct_police_deployment
with police as (
    select * from marts.police_mission_month
),
detail as (
    select
        mission as subject_id,
        month as period,
        'staffing_detail' as value_source,
        female_police as value,
        cast(null as double) as numerator,
        cast(null as double) as denominator,
        'marts.fct_police_deployment: ' || rows_summed || ' contributor rows summed'
            || case when mission = 'ALL' then ' over ' || missions || ' missions' else '' end as citation,
        source_files as source_file,
        cast(null as bigint) as source_row
    from police
    where female_police is not null
)
select * from detail
