-- Published mission strength for analysts: one row per month x mission (or ALL for all UN peacekeeping) x category (troops, police = IPO + FPU, observers, total), as IPI published it from the UN DPKO monthly reports, 1990-11 .. 2017-03.
-- group: analytics
-- materialize: view
-- column: month: Month, keyed by its first day; figures as of the month's last day.
-- column: mission: Mission acronym (analytics.missions.mission), or ALL for the system-wide row.
-- column: scope: mission (one mission) or system (all UN peacekeeping, mission = ALL).
-- column: category: troops, police (individual police officers and formed police units together), observers (experts on mission) or total (troops + police + observers).
-- column: personnel: Personnel of the category deployed at month end, as published. A category published as NA (none) has no row; a published 0 is a row with 0.
-- column: contributors: Number of contributing countries that month, as published (the same on every category row).
-- column: host_country_iso3: Host country, ISO 3166 alpha-3 (analytics.countries.country_iso3); null for ALL.
-- column: mission_published: The acronym as published (e.g. ONUCI, shown under UNOCI).
-- column: source_file: Inbox file the row was loaded from.
-- column: source_row: Row number in source_file (1 = first data row).
-- column: citation: Source file and row to quote with the figure.
with strength as (
    select * from marts.fct_mission_strength
),
final as (
    select
        month,
        mission,
        scope,
        category,
        personnel,
        contributors,
        host_country_iso3,
        mission_published,
        source_file,
        source_row,
        citation
    from strength
)
select * from final
