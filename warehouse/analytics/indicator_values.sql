-- Indicator values for analysts, long: one row per indicator x subject (mission, country or ALL) x period x value source, with numerator and denominator for shares and a citation; join analytics.indicators for the unit and direction.
-- group: analytics
-- materialize: view
-- column: indicator_id: The indicator (analytics.indicators.indicator_id).
-- column: subject_id: Who the value is about: a mission acronym, an ISO 3166 alpha-3 country code, or ALL (every mission, or every contributor, together).
-- column: period: First day of the month (grain month) or of the year (grain year) the value is for.
-- column: value_source: staffing_detail (summed from the contributor x mission rows), published_total (a total as its publisher gives it), reported_figure (cited in a UN document), resolution (a Security Council ceiling), or another source the indicator names.
-- column: value: The value in the indicator's unit (shares as fractions, 0.2 = 20 per cent).
-- column: numerator: For a share, the count divided (e.g. women IPOs); null otherwise.
-- column: denominator: For a share, the count it is divided by (e.g. IPOs in rows reporting sex); null otherwise.
-- column: citation: What to quote with the value: the document and paragraph, or the table and rows it was computed from.
-- column: source_file: Inbox file(s) the value was read or summed from.
-- column: source_row: Row in source_file when the value comes from one row; null for sums over rows.
with indicator_values as (
    select * from marts.fct_indicator_value
),
final as (
    select
        indicator_id,
        subject_id,
        period,
        value_source,
        value,
        numerator,
        denominator,
        citation,
        source_file,
        source_row
    from indicator_values
)
select * from final
