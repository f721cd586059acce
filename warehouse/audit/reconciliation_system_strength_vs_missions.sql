-- IPI system totals against the sum of IPI's own mission totals, per month x category.
-- group: audit
-- materialize: view
with strength as (
    select * from marts.fct_mission_strength
),
mission_sums as (
    select month, category, sum(personnel) as personnel, count(*) as n_missions
    from strength
    where scope = 'mission'
    group by all
),
system_vs_missions as (
    select
        'system_strength_vs_missions' as reconciliation_kind,
        'ALL' as mission,
        cast(null as varchar) as contributing_country_iso3,
        coalesce(s.month, m.month) as month,
        coalesce(s.month, m.month) as period_start,
        last_day(coalesce(s.month, m.month)) as period_end,
        case coalesce(s.category, m.category) when 'police' then 'police (IPO + FPU)'
            else coalesce(s.category, m.category) end as quantity,
        cast(null as varchar) as personnel_type,
        cast(s.personnel as double) as published_value,
        s.citation as published_source,
        'IPI system totals: ' || coalesce(s.category, m.category) || ' in every mission of the DPKO reports (special political missions included)' as published_counted,
        -- No mission publishing a category that month (NA everywhere) sums to 0.
        cast(case when m.n_missions is not null then m.personnel
            when s.month in (select month from strength where scope = 'mission') then 0 end as double)
            as detail_value,
        'marts.fct_mission_strength' as detail_source,
        case
            when m.n_missions is not null then m.n_missions || ' missions'' published ' || m.category || ' summed'
            when s.month in (select month from strength where scope = 'mission')
                then 'no mission publishes ' || s.category || ' that month (NA in every mission row)'
        end as detail_counted,
        cast(0 as double) as tolerance,
        'abs(difference) <= tolerance' as comparison,
        cast(null as varchar) as figure_id
    from (select * from strength where scope = 'system') as s
    full join mission_sums as m on m.month = s.month and m.category = s.category
    -- Compare only where the system file exists at all (the two come together).
    where exists (select 1 from strength where scope = 'system')
)
select * from system_vs_missions
