-- Mission police scorecard: one row per mission and month of the mission's life (marts.mission_months), every measure read from marts.fct_indicator_value: deployed IPOs/FPUs/police against the ceiling, female shares, change on 12 months before, and police_total over the whole series (the staffing detail where it exists, else IPI's published total, its source named).
-- group: performance
with mission_months as (
    select * from marts.mission_months
),
indicator_values as (
    -- Missions only (not ALL); the detail, IPI's published totals and the ceilings.
    select * from marts.fct_indicator_value
    where subject_id <> 'ALL' and value_source in ('staffing_detail', 'published_total', 'resolution')
),
measures as (
    select
        subject_id as mission,
        period as month,
        {%- for id in ['ipo_deployed', 'fpu_deployed', 'ipo_female', 'fpu_female', 'female_police',
                      'contributing_countries', 'authorized_police', 'authorized_ipo', 'authorized_fpu',
                      'ceiling_fill_rate', 'ipo_ceiling_fill_rate', 'female_share_ipo', 'female_share_fpu',
                      'female_share_police'] %}
        max(value) filter (where indicator_id = '{{ id | ident }}') as {{ id | ident }},
        {%- endfor %}
        max(value) filter (where indicator_id = 'police_deployed' and value_source = 'staffing_detail') as police_deployed,
        bool_or(indicator_id = 'police_deployed' and value_source = 'staffing_detail') as has_deployment_data,
        max(value) filter (where indicator_id = 'police_deployed' and value_source = 'published_total') as police_published,
        any_value(citation) filter (where indicator_id = 'police_deployed' and value_source = 'published_total')
            as police_published_citation
    from indicator_values
    group by subject_id, period
),
missions as (
    select mission, mission_kind from marts.dim_mission
),
ceilings as (
    -- Which resolutions set the ceilings in force (all scopes together).
    select mission, month, ceiling_set_by from marts.ceilings_in_force
),
joined as (
    select
        mission_months.mission,
        missions.mission_kind,
        mission_months.month,
        cast(measures.ipo_deployed as hugeint) as ipo_deployed,
        cast(measures.fpu_deployed as hugeint) as fpu_deployed,
        cast(measures.police_deployed as hugeint) as police_deployed,
        cast(measures.ipo_female as hugeint) as ipo_female,
        cast(measures.fpu_female as hugeint) as fpu_female,
        cast(measures.female_police as hugeint) as female_police,
        cast(measures.contributing_countries as bigint) as contributing_countries,
        cast(measures.authorized_police as bigint) as authorized_police,
        cast(measures.authorized_ipo as bigint) as authorized_ipo,
        cast(measures.authorized_fpu as bigint) as authorized_fpu,
        ceilings.ceiling_set_by,
        measures.ceiling_fill_rate,
        measures.ipo_ceiling_fill_rate,
        measures.female_share_ipo,
        measures.female_share_fpu,
        measures.female_share_police,
        coalesce(measures.has_deployment_data, false) as has_deployment_data,
        cast(measures.police_published as bigint) as police_published,
        measures.police_published_citation
    from mission_months
    left join measures using (mission, month)
    left join ceilings using (mission, month)
    left join missions using (mission)
),
final as (
    select
        joined.* exclude (police_published_citation),
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
        end as police_deployed_source,
        case
            when joined.police_deployed is not null then 'marts.fct_police_deployment (sum of contributing-country rows)'
            when joined.police_published is not null then joined.police_published_citation
        end as police_total_citation
    from joined
    left join joined as year_before
        on year_before.mission = joined.mission
        and year_before.month = joined.month - interval 12 month
)
select * from final
order by mission, month
