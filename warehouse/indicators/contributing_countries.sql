-- Police-contributing countries with at least one police row at month end, per mission and for ALL missions.
-- title: Police-contributing countries
-- unit: count
-- direction: neither
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
        contributing_countries as value,
        cast(null as double) as numerator,
        cast(null as double) as denominator,
        'marts.fct_police_deployment: ' || rows_summed || ' contributor rows summed'
            || case when mission = 'ALL' then ' over ' || missions || ' missions' else '' end as citation,
        source_files as source_file,
        cast(null as bigint) as source_row
    from police
    where contributing_countries is not null
)
select * from detail
