-- Deployment locations for analysts: one row per mission x year x place (Geo-PKO v2.3, 1994 .. 2024): coordinates, whether UN police were there, headquarters level and other units; a year's repeated map rows are one place (rule in resolution_rule).
-- group: analytics
-- materialize: view
-- columns: marts.fct_police_location_year
{{ described_columns_of('marts.fct_police_location_year', columns) }}
