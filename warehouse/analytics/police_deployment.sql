-- UN police deployed for analysts: one row per month x mission x contributing country x police personnel type (IPO, FPU, SPT, POL), with the sex split and the source row.
-- group: analytics
-- materialize: view
-- column: month: Month, keyed by its first day; figures as of the month's last day.
-- column: mission: Mission acronym (analytics.missions.mission).
-- column: mission_kind: peacekeeping operation, special political mission or other (analytics.missions.mission_kind, each classification cited there).
-- column: contributing_country_iso3: Police-contributing country, ISO 3166 alpha-3 (analytics.countries.country_iso3).
-- column: personnel_type: Police personnel type code: IPO, FPU, SPT, or POL where the source does not split IPO and FPU (analytics.personnel_types).
-- column: female: Female personnel; null when the source gives no sex split.
-- column: male: Male personnel; null when the source gives no sex split.
-- column: total: All personnel of this type from this country in this mission and month.
-- column: source_file: Inbox file the row was loaded from.
-- column: source_row: Row number in source_file (1 = first data row).
-- column: citation: Original publication and row the figure comes from.
select
    deployment.month,
    deployment.mission,
    missions.mission_kind,
    deployment.* exclude (month, mission)
from marts.fct_police_deployment as deployment
left join marts.dim_mission as missions using (mission)
