-- Indicator values, long: one row per indicator x subject (mission, country or ALL) x period x value source, with numerator and denominator where the value is a share, citation and source file and row. One SQL file per indicator in warehouse/indicators/ (marts.dim_indicator describes each).
-- group: performance
-- column: indicator_id: The indicator (marts.dim_indicator.indicator_id).
-- column: subject_id: Who the value is about: a mission acronym, an ISO 3166 alpha-3 country code, or ALL (every mission, or every contributor, together).
-- column: period: First day of the month (grain month) or of the year (grain year) the value is for; a yearly average in a monthly indicator (value_source radpko_yearly_average) has the first day of its year.
-- column: value_source: Where the value comes from: staffing_detail (summed from the contributor x mission rows), published_total (a total as its publisher gives it), reported_figure (a figure cited in a UN document), radpko_yearly_average (RADPKO's yearly average of monthly base reports summed over a mission's bases: an estimate of the year, never a month-end count), or another source the indicator's file names.
-- column: value: The value, in the indicator's unit (shares as fractions, 0.2 = 20 per cent).
-- column: numerator: For a share: the count divided (e.g. women IPOs); null otherwise.
-- column: denominator: For a share: the count it is divided by (e.g. IPOs in rows reporting sex); null otherwise.
-- column: citation: What to quote with the value: the document and paragraph, or the table and rows it was computed from.
-- column: source_file: Inbox file(s) the value was read or summed from ('; ' between several).
-- column: source_row: Row in source_file when the value comes from one row; null for sums over rows.
select * from (
{%- for indicator in indicators() %}
{%- set id = indicator.indicator_id | ident %}
select
    '{{ id }}' as indicator_id,
    cast(subject_id as varchar) as subject_id,
    cast(period as date) as period,
    cast(value_source as varchar) as value_source,
    cast(value as double) as value,
    cast(numerator as double) as numerator,
    cast(denominator as double) as denominator,
    cast(citation as varchar) as citation,
    cast(source_file as varchar) as source_file,
    cast(source_row as bigint) as source_row
from (
{{ indicator.body }}
) as {{ id }}
{% if not loop.last %}union all{% endif %}
{%- endfor %}
) as stacked
order by indicator_id, subject_id, period, value_source
