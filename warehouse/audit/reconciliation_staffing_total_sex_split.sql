-- Each IPI 'all' row's Total against its own Male + Female (the personnel reported without sex): one row per 'all' row with a total.
-- group: audit
-- materialize: view
with staffing_totals as (
    select * from staging.stg_staffing_totals
),
-- IPI's 'all' rows report some personnel without sex (2009-11 IPOs:
-- 6,316 male + 591 female of 6,964).
staffing_sex_split as (
    select
        'staffing_total_sex_split' as reconciliation_kind,
        mission,
        country_iso3 as contributing_country_iso3,
        month,
        month as period_start,
        last_day(month) as period_end,
        'total vs female + male' as quantity,
        personnel_type,
        cast(total as double) as published_value,
        source_file || ' row ' || source_row as published_source,
        'IPI ''all'' row: ' || personnel_type || ' Total, contributor ' || country_iso3 as published_counted,
        cast(female + male as double) as detail_value,
        source_file || ' row ' || source_row as detail_source,
        'the same row''s ' || personnel_type || ' Male + Female' as detail_counted,
        cast(0 as double) as tolerance,
        'abs(difference) <= tolerance' as comparison,
        cast(null as varchar) as figure_id
    from staffing_totals
    where total is not null
)
select * from staffing_sex_split
