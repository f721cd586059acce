-- Published strength: one row per month x mission (or 'ALL' for IPI's system total) x category (troops, police = IPO + FPU, observers, total), as IPI published it from the UN DPKO monthly reports, with source file and row; a figure IPI files under an earlier acronym after that mission ended is attributed by its date to the mission deployed (warehouse/seeds/mission_successions.csv, each with the resolution that established the successor).
-- group: mission_strength
-- column: month: Month, keyed by its first day; IPI's figures are as of the month's last day.
-- column: mission: Mission deployed, acronym as the UN writes it today (ONUCI folded into UNOCI; UNAVEM after 1995-02 is UNAVEM III: marts.mission_successions), or ALL for the system-wide row.
-- column: mission_kind: peacekeeping operation, special political mission or other (marts.dim_mission); null for ALL, which counts every kind.
-- column: scope: mission (IPI data_mission.csv) or system (IPI data_monthly.csv: every mission in the DPKO reports, peacekeeping operations and the special political missions among them, e.g. UNAMA).
-- column: category: troops, police (individual police officers and formed police units together), observers (experts on mission) or total (troops + police + observers).
-- column: personnel: Personnel of the category deployed at month end, as published. A category published as NA (none) has no row; a published 0 is a row with 0.
-- column: contributors: Number of contributing countries that month (for the mission, or for the system), as published; the same on every category row.
-- column: host_country_iso3: Host country of the mission (ISO 3166 alpha-3); null for system rows.
-- column: mission_published: The acronym as published (e.g. ONUCI, or UNAVEM for UNAVEM III's figures), before aliases and successions were resolved.
-- column: attributed_by: Why the row is under another mission than the acronym filed (a succession of marts.mission_successions, with its citation); null when it is not.
-- column: source_file: Inbox file the row was loaded from.
-- column: source_row: Row number in source_file (1 = first data row).
-- column: citation: source_file and row, to quote with the figure.
with strength as (
    select * from staging.stg_mission_strength
),
successions as (
    select * from marts.mission_successions
),
missions as (
    select mission, mission_kind from marts.dim_mission
),
attributed as (
    select
        strength.* exclude (mission),
        coalesce(successions.mission, strength.mission) as mission,
        case when successions.mission is not null then
            'filed as ' || strength.mission || ', attributed to ' || successions.mission || ': ' || successions.citation
        end as attributed_by
    from strength
    left join successions
        on successions.published_mission = strength.mission
        and strength.month between successions.from_month and successions.to_month
),
final as (
    select
        month,
        attributed.mission,
        missions.mission_kind,
        scope,
        category,
        personnel,
        contributors,
        host_country_iso3,
        mission_published,
        attributed_by,
        source_file,
        source_row,
        source_file || ' row ' || source_row as citation
    from attributed
    left join missions on missions.mission = attributed.mission and attributed.scope = 'mission'
)
select * from final
order by month, mission, category
