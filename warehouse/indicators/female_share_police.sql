-- Share of women among all UN police at month end: women police over police in the contributor rows that report sex, per mission and for ALL missions; shares cited in UN documents. Target: 20 per cent by 2014 (Global Effort, recalled in S/RES/2382 (2017) para 12(d)).
-- title: Women among UN police
-- unit: share
-- direction: higher
-- subject: mission
-- grain: month
-- source: IPI Peacekeeping Database (contributor rows reporting sex, marts.fct_police_deployment); shares and counts cited in UN documents (marts.reported_shares)
with police as (
    select * from marts.police_mission_month
),
reported_shares as (
    select * from marts.reported_shares
    where metric = 'female_share_police'
),
detail as (
    select
        mission as subject_id,
        month as period,
        'staffing_detail' as value_source,
        female_police / police_with_sex as value,
        female_police as numerator,
        police_with_sex as denominator,
        'marts.fct_police_deployment: ' || cast(female_police as bigint) || ' women of ' || cast(police_with_sex as bigint)
            || ' in rows reporting sex (' || rows_summed || ' contributor rows'
            || case when mission = 'ALL' then ' over ' || missions || ' missions' else '' end || ')' as citation,
        source_files as source_file,
        cast(null as bigint) as source_row
    from police
    where police_with_sex > 0
),
reported as (
    -- Exact over rounded: scored from the counts where the document gives them.
    select
        mission as subject_id,
        month as period,
        'reported_figure' as value_source,
        value,
        numerator,
        denominator,
        citation,
        source_file,
        source_row
    from reported_shares
),
final as (
    select * from detail
    union all by name
    select * from reported
)
select * from final
