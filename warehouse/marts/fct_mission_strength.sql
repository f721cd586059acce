-- Published strength: one row per month x mission (or 'ALL' for the whole system) x category (troops, police = IPO + FPU, observers, total), as IPI published it from the UN DPKO monthly reports, with source file and row.
-- group: mission_strength
-- column: month: Month, keyed by its first day; IPI's figures are as of the month's last day.
-- column: mission: Mission acronym as the UN writes it today (ONUCI folded into UNOCI), or ALL for the system-wide row.
-- column: scope: mission (IPI data_mission.csv) or system (IPI data_monthly.csv: all UN peacekeeping).
-- column: category: troops, police (individual police officers and formed police units together), observers (experts on mission) or total (troops + police + observers).
-- column: personnel: Personnel of the category deployed at month end, as published. A category published as NA (none) has no row; a published 0 is a row with 0.
-- column: contributors: Number of contributing countries that month (for the mission, or for the system), as published; the same on every category row.
-- column: host_country_iso3: Host country of the mission (ISO 3166 alpha-3); null for system rows.
-- column: mission_published: The acronym as published (e.g. ONUCI), before aliases were resolved.
-- column: source_file: Inbox file the row was loaded from.
-- column: source_row: Row number in source_file (1 = first data row).
-- column: citation: source_file and row, to quote with the figure.
with strength as (
    select * from staging.stg_mission_strength
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
        source_file || ' row ' || source_row as citation
    from strength
)
select * from final
order by month, mission, category
