-- Share of women among the police (IPOs and FPUs) a contributing country had in every mission of the DPKO reports at month end (special political missions included): its women over its police in the contributor x mission rows that report sex; ALL is every country together. DPO rates each country by category against the year's target (marts.contributor_gender_rating).
-- title: Women among a contributing country's police
-- unit: share
-- direction: higher
-- subject: contributor
-- grain: month
-- source: IPI Peacekeeping Database (contributor x mission rows reporting sex, marts.fct_police_deployment)
with detail as (
    select * from marts.fct_police_deployment
    where personnel_type in ('IPO', 'FPU')
),
by_subject as (
    -- Each country's months, and ALL (every contributor together) per month.
    select
        case when grouping(contributing_country_iso3) = 1 then 'ALL' else contributing_country_iso3 end as subject_id,
        month,
        sum(female) as female,
        sum(total) filter (where female is not null) as with_sex,
        count(*) as n_rows,
        string_agg(distinct source_file, '; ' order by source_file) as files
    from detail
    group by grouping sets ((contributing_country_iso3, month), (month))
)
select
    subject_id,
    month as period,
    'staffing_detail' as value_source,
    cast(female as double) / with_sex as value,
    cast(female as double) as numerator,
    cast(with_sex as double) as denominator,
    'marts.fct_police_deployment: ' || female || ' women of ' || with_sex || ' police in rows reporting sex ('
        || n_rows || ' contributor x mission rows)' as citation,
    files as source_file,
    cast(null as bigint) as source_row
from by_subject
where with_sex > 0
