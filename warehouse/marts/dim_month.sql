-- Month dimension: one row per calendar month from the first to the last month of any staffing or scorecard row (months are keyed by their first day; figures are as of the last day).
-- group: reference
with bounds as (
    select min(month) as first_month, max(month) as last_month
    from (
        select month from marts.fct_uniformed_deployment
        union all
        select month from marts.mission_police_scorecard
    )
),
months as (
    select cast(unnest(generate_series(first_month, last_month, interval 1 month)) as date) as month
    from bounds
    where first_month is not null
),
final as (
    select
        month,
        last_day(month) as month_end,
        year(month) as year,
        quarter(month) as quarter,
        strftime(month, '%Y-Q') || quarter(month) as year_quarter,
        month(month) as month_of_year
    from months
)
select * from final
