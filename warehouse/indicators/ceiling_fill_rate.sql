-- Police deployed as a share of the authorized police ceiling in force on the month's last day (1.0 = at the ceiling), per mission: from the contributor rows, and as UN documents give it (scored from their counts where they give them: 1,726 of 1,920 is 0.899, not the rounded 90 per cent).
-- title: Police ceiling fill rate
-- unit: share
-- direction: higher
-- subject: mission
-- grain: month
-- source: IPI Peacekeeping Database (marts.fct_police_deployment) over Security Council ceilings (marts.ceilings_in_force); UN documents (marts.reported_shares)
with police as (
    select * from marts.police_mission_month
),
ceilings as (
    select * from marts.ceilings_in_force
),
reported_shares as (
    select * from marts.reported_shares
    where metric = 'ceiling_fill_rate'
),
detail as (
    select
        police.mission as subject_id,
        police.month as period,
        'staffing_detail' as value_source,
        police.police_deployed / ceilings.authorized_police as value,
        police.police_deployed as numerator,
        ceilings.authorized_police as denominator,
        'marts.fct_police_deployment: ' || cast(police.police_deployed as bigint) || ' police deployed ('
            || police.rows_summed || ' contributor rows) of a ceiling of ' || ceilings.authorized_police
            || ' set by ' || ceilings.ceiling_set_by as citation,
        police.source_files || '; ' || ceilings.source_file as source_file,
        cast(null as bigint) as source_row
    from police
    join ceilings using (mission, month)
    where police.police_deployed is not null and ceilings.authorized_police > 0
),
reported as (
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
