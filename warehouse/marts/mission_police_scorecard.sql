-- Mission police scorecard: one row per mission and month of the mission's life (from its first data), deployed IPOs/FPUs/police against the ceiling, female shares, change on 12 months before, and the published police total (IPI mission totals) where the staffing detail is missing.
-- group: performance
with police as (
    select
        mission,
        month,
        sum(total) filter (where personnel_type = 'IPO') as ipo_deployed,
        sum(female) filter (where personnel_type = 'IPO') as ipo_female,
        sum(total) filter (where personnel_type = 'IPO' and female is not null) as ipo_with_sex,
        sum(total) filter (where personnel_type = 'FPU') as fpu_deployed,
        sum(female) filter (where personnel_type = 'FPU') as fpu_female,
        sum(total) filter (where personnel_type = 'FPU' and female is not null) as fpu_with_sex,
        sum(total) as police_deployed,
        sum(female) as female_police,
        sum(total) filter (where female is not null) as police_with_sex,
        count(distinct contributing_country_iso3) as contributing_countries
    from marts.fct_police_deployment
    group by mission, month
),
published as (
    -- Police (IPO + FPU, not split) as published per mission and month since
    -- 1990 (IPI mission totals); fills police_total where the detail is missing.
    select mission, month, personnel as police_published
    from marts.fct_mission_strength
    where scope = 'mission' and category = 'police'
),
ceilings as (
    select * from marts.fct_authorized_strength
),
missions as (
    select * from marts.dim_mission
),
activity as (
    select mission, min(month) as first_month, max(month) as last_month
    from police
    group by mission
    union all
    select mission, date_trunc('month', min(effective_from)) as first_month, null as last_month
    from ceilings
    group by mission
    union all
    select mission, min(month) as first_month, max(month) as last_month
    from published
    group by mission
),
bounds as (
    select
        activity.mission,
        greatest(min(activity.first_month), coalesce(date_trunc('month', any_value(missions.start_date)), min(activity.first_month))) as first_month,
        coalesce(date_trunc('month', any_value(missions.end_date)), max(activity.last_month)) as last_month
    from activity
    left join missions using (mission)
    group by activity.mission
),
mission_months as (
    select mission, cast(unnest(generate_series(first_month, last_month, interval 1 month)) as date) as month
    from bounds
    where last_month >= first_month
    union
    select mission, month from police
    union
    select mission, month from published
),
ceiling_in_force as (
    -- The ceiling in force on the last day of the month (reports are as of month end).
    select
        mission_months.mission,
        mission_months.month,
        max(ceilings.authorized_strength) filter (where ceilings.personnel_scope = 'police_total') as authorized_police,
        max(ceilings.authorized_strength) filter (where ceilings.personnel_scope = 'ipo') as authorized_ipo,
        max(ceilings.authorized_strength) filter (where ceilings.personnel_scope = 'fpu') as authorized_fpu,
        string_agg(distinct ceilings.set_by, '; ') as ceiling_set_by
    from mission_months
    join ceilings
        on ceilings.mission = mission_months.mission
        and ceilings.effective_from <= last_day(mission_months.month)
        and coalesce(ceilings.effective_to, date '9999-12-31') >= last_day(mission_months.month)
    group by mission_months.mission, mission_months.month
),
joined as (
    select
        mission_months.mission,
        mission_months.month,
        police.ipo_deployed,
        police.fpu_deployed,
        police.police_deployed,
        police.ipo_female,
        police.fpu_female,
        police.female_police,
        police.contributing_countries,
        ceiling_in_force.authorized_police,
        ceiling_in_force.authorized_ipo,
        ceiling_in_force.authorized_fpu,
        ceiling_in_force.ceiling_set_by,
        police.police_deployed / nullif(ceiling_in_force.authorized_police, 0) as ceiling_fill_rate,
        police.ipo_deployed / nullif(ceiling_in_force.authorized_ipo, 0) as ipo_ceiling_fill_rate,
        police.ipo_female / nullif(police.ipo_with_sex, 0) as female_share_ipo,
        police.fpu_female / nullif(police.fpu_with_sex, 0) as female_share_fpu,
        police.female_police / nullif(police.police_with_sex, 0) as female_share_police,
        police.mission is not null as has_deployment_data,
        published.police_published
    from mission_months
    left join police using (mission, month)
    left join published using (mission, month)
    left join ceiling_in_force using (mission, month)
),
final as (
    select
        joined.*,
        joined.police_deployed - year_before.police_deployed as police_change_12m,
        joined.female_share_police - year_before.female_share_police as female_share_police_change_12m,
        case when joined.has_deployment_data
            then 'marts.fct_police_deployment (sum of contributing-country rows)'
        end as deployment_source,
        -- Police per mission and month over the whole series: the detail where
        -- it exists, else the published total (audit.reconciliation compares them).
        coalesce(joined.police_deployed, joined.police_published) as police_total,
        case
            when joined.police_deployed is not null then 'detail'
            when joined.police_published is not null then 'published_total'
        end as police_deployed_source
    from joined
    left join joined as year_before
        on year_before.mission = joined.mission
        and year_before.month = joined.month - interval 12 month
)
select * from final
order by mission, month
