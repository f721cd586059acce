-- UN police and women among police per mission and year for analysts, from RADPKO (African missions, 1999-2019): each base's yearly average of the monthly UN reports summed over the mission's bases; estimates of that kind (basis), not month-end counts.
-- group: analytics
-- materialize: view
-- columns: marts.fct_police_mission_year
{{ described_columns_of('marts.fct_police_mission_year', columns) }}
