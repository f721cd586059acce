-- IPI mission totals (police, troops, observers, total) against the staffing detail, per mission x month x category, over the months the detail covers.
-- group: audit
-- materialize: view
-- Not materialized: DuckDB would otherwise copy the whole staffing fact into
-- a temporary result (10M rows under the 1 GB memory cap: 8 s instead of
-- 0.8 s, spilled to disk).
with staffing as not materialized (
    select * from staging.stg_staffing
),
strength as (
    select * from marts.fct_mission_strength
),
-- Police = IPO + FPU; staff officers count as troops, as in the IPI files.
strength_window as (
    select
        greatest(min(s.month), (select min(month) from staffing)) as first_month,
        least(max(s.month), (select max(month) from staffing)) as last_month
    from strength as s
    where s.scope = 'mission'
    having count(*) > 0 and (select count(*) from staffing) > 0
),
staffing_in_strength_window as (
    select * from staffing
    where month between (select first_month from strength_window) and (select last_month from strength_window)
),
staffing_by_category as (
    select
        month, mission,
        case
            when is_police then 'police'
            when personnel_type in ('TRP', 'SO', 'MIL') then 'troops'
            when personnel_type = 'EOM' then 'observers'
        end as category,
        sum(total) as total, count(*) as n_rows, count(distinct country_iso3) as n_countries,
        string_agg(distinct personnel_type, ' + ' order by personnel_type) as types
    from staffing_in_strength_window
    group by all
    union all
    select month, mission, 'total', sum(total), count(*), count(distinct country_iso3),
        string_agg(distinct personnel_type, ' + ' order by personnel_type)
    from staffing_in_strength_window
    group by all
),
strength_pairs as (
    select
        coalesce(s.month, d.month) as month,
        coalesce(s.mission, d.mission) as mission,
        coalesce(s.category, d.category) as category,
        s.personnel, s.citation,
        d.total, d.n_rows, d.n_countries, d.types
    from (select * from strength where scope = 'mission') as s
    full join (select * from staffing_by_category where category is not null) as d
        on d.month = s.month and d.mission = s.mission and d.category = s.category
    where coalesce(s.month, d.month) between (select first_month from strength_window)
        and (select last_month from strength_window)
),
strength_vs_detail as (
    select
        'mission_strength_vs_detail' as reconciliation_kind,
        mission,
        cast(null as varchar) as contributing_country_iso3,
        month,
        month as period_start,
        last_day(month) as period_end,
        case category when 'police' then 'police (IPO + FPU)' else category end as quantity,
        cast(null as varchar) as personnel_type,
        cast(personnel as double) as published_value,
        citation as published_source,
        'IPI mission totals: ' || category || ' of ' || mission as published_counted,
        cast(total as double) as detail_value,
        'staging.stg_staffing' as detail_source,
        case when n_rows is not null then
            n_rows || ' contributor rows (' || n_countries || ' contributors) of ' || types || ' summed'
        end as detail_counted,
        cast(0 as double) as tolerance,
        'abs(difference) <= tolerance' as comparison,
        cast(null as varchar) as figure_id
    from strength_pairs
)
select * from strength_vs_detail
