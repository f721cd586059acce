-- IPI 'all' rows (per month, personnel type, contributor or all contributors) against the sum of the contributor x mission rows they total, over the months both cover: one row per total x quantity (total, female, male).
-- group: audit
-- materialize: view
-- Not materialized: DuckDB would otherwise copy the whole staffing fact into
-- a temporary result (10M rows under the 1 GB memory cap: 8 s instead of
-- 0.8 s, spilled to disk).
with staffing as not materialized (
    select * from staging.stg_staffing
),
staffing_totals as (
    select * from staging.stg_staffing_totals
),
-- Every 'all' row covers every mission (Mission = all), for one contributor or
-- for all. Only months both sides cover: outside them neither can be checked.
staffing_window as (
    -- No row (so no comparison) unless both sides hold data.
    select
        greatest(min(t.month), (select min(month) from staffing)) as first_month,
        least(max(t.month), (select max(month) from staffing)) as last_month
    from staffing_totals as t
    having count(*) > 0 and (select count(*) from staffing) > 0
),
-- Only the months compared are summed (no published totals, no sums: on a
-- ten-year fact this is most of the cost of the table).
staffing_in_window as (
    select * from staffing
    where month between (select first_month from staffing_window) and (select last_month from staffing_window)
),
staffing_sums as (
    select
        month, 'ALL' as mission, case when grouping(country_iso3) = 1 then 'ALL' else country_iso3 end as country_iso3,
        personnel_type, sum(total) as total, sum(female) as female, sum(male) as male,
        count(*) as n_rows, count(distinct mission) as n_missions, count(distinct country_iso3) as n_countries
    from staffing_in_window
    group by grouping sets ((month, personnel_type), (month, country_iso3, personnel_type))
),
staffing_pairs as (
    select
        coalesce(t.month, d.month) as month,
        coalesce(t.mission, d.mission) as mission,
        coalesce(t.country_iso3, d.country_iso3) as country_iso3,
        coalesce(t.personnel_type, d.personnel_type) as personnel_type,
        t.total as t_total, t.female as t_female, t.male as t_male,
        t.source_file || ' row ' || t.source_row as t_source,
        d.total as d_total, d.female as d_female, d.male as d_male,
        d.n_rows, d.n_missions, d.n_countries
    from staffing_totals as t
    full join staffing_sums as d
        -- A total for one mission (IPI publishes none) would find no sum here: 'no detail'.
        on d.month = t.month and d.mission = t.mission and d.country_iso3 = t.country_iso3
        and d.personnel_type = t.personnel_type
    where coalesce(t.month, d.month) between (select first_month from staffing_window)
        and (select last_month from staffing_window)
),
staffing_vs_detail as (
    select
        'staffing_total_vs_detail' as reconciliation_kind,
        p.mission,
        p.country_iso3 as contributing_country_iso3,
        p.month,
        p.month as period_start,
        last_day(p.month) as period_end,
        q.quantity,
        p.personnel_type,
        cast(case q.quantity when 'total' then p.t_total when 'female' then p.t_female else p.t_male end as double)
            as published_value,
        p.t_source as published_source,
        'IPI ''all'' row: ' || p.personnel_type || ' ' || q.quantity || ', mission ' || p.mission
            || ', contributor ' || p.country_iso3 as published_counted,
        cast(case q.quantity when 'total' then p.d_total when 'female' then p.d_female else p.d_male end as double)
            as detail_value,
        'staging.stg_staffing' as detail_source,
        case when p.n_rows is not null then
            p.n_rows || ' contributor x mission rows (' || p.n_missions || ' missions, ' || p.n_countries
            || ' contributors) of ' || p.personnel_type || ', ' || q.quantity || ' summed'
        end as detail_counted,
        cast(0 as double) as tolerance,
        'abs(difference) <= tolerance' as comparison,
        cast(null as varchar) as figure_id
    from staffing_pairs as p
    cross join (values ('total'), ('female'), ('male')) as q(quantity)
)
select * from staffing_vs_detail
