-- Calendar months for analysts: one row per month from the first to the last month with data, with its quarter.
-- group: analytics
-- materialize: view
-- column: month: Month, keyed by its first day (join key of every monthly view).
-- column: month_end: Last day of the month (the as-of date of monthly figures).
-- column: year: Calendar year.
-- column: quarter: Calendar quarter, 1 to 4.
-- column: year_quarter: Year and quarter as text, e.g. 2014-Q3.
-- column: month_of_year: Month number, 1 to 12.
{{ described_columns_of('marts.dim_month', columns) }}
