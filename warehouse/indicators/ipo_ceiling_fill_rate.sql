-- Individual police officers deployed as a share of the IPO ceiling in force on the month's last day, per mission, where a resolution sets an IPO ceiling.
-- title: IPO ceiling fill rate
-- unit: share
-- direction: higher
-- subject: mission
-- grain: month
-- source: IPI Peacekeeping Database (marts.fct_police_deployment) over Security Council ceilings (marts.ceilings_in_force)
with police as (
    select * from marts.police_mission_month
),
ceilings as (
    select * from marts.ceilings_in_force
),
final as (
    select
        police.mission as subject_id,
        police.month as period,
        'staffing_detail' as value_source,
        police.ipo_deployed / ceilings.authorized_ipo as value,
        police.ipo_deployed as numerator,
        ceilings.authorized_ipo as denominator,
        'marts.fct_police_deployment: ' || cast(police.ipo_deployed as bigint) || ' IPOs deployed ('
            || police.rows_summed || ' contributor rows) of an IPO ceiling of ' || ceilings.authorized_ipo
            || ' set by ' || ceilings.ceiling_set_by as citation,
        police.source_files || '; ' || ceilings.source_file as source_file,
        cast(null as bigint) as source_row
    from police
    join ceilings using (mission, month)
    where police.ipo_deployed is not null and ceilings.authorized_ipo > 0
)
select * from final
