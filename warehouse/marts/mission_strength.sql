-- Mission strength with system totals named by what they sum: one row per month x mission x category as marts.fct_mission_strength publishes it, plus two system rows per month and category: ALL_MISSIONS (IPI's published system total: every mission in the DPKO reports, special political missions such as UNAMA included) and ALL_PKO (peacekeeping operations only, as the UN's peacekeeping fact sheets count: the sum of the peacekeeping operations' mission rows).
-- group: mission_strength
-- column: month: Month, keyed by its first day; IPI's figures are as of the month's last day.
-- column: mission: Mission acronym (marts.dim_mission), or ALL_MISSIONS / ALL_PKO for a system total.
-- column: mission_kind: peacekeeping operation, special political mission or other (marts.dim_mission); peacekeeping operation for ALL_PKO; all for ALL_MISSIONS.
-- column: scope: mission (one mission) or system (ALL_MISSIONS or ALL_PKO).
-- column: category: troops, police (individual police officers and formed police units together), observers (experts on mission) or total (troops + police + observers).
-- column: personnel: Personnel of the category deployed at month end: as published for a mission and ALL_MISSIONS, summed over the peacekeeping operations' published rows for ALL_PKO.
-- column: contributors: Number of contributing countries that month, as published (null for ALL_PKO: a country contributing to two operations would be counted twice).
-- column: missions_summed: For ALL_PKO, the number of peacekeeping operations whose rows are summed; null otherwise.
-- column: host_country_iso3: Host country of the mission (ISO 3166 alpha-3); null for system rows.
-- column: mission_published: The acronym as published (e.g. ONUCI, or UNAVEM for UNAVEM III's figures); ALL for IPI's system total.
-- column: source_file: Inbox file the row was loaded from (for ALL_PKO, the mission-totals file(s) summed).
-- column: source_row: Row number in source_file (1 = first data row); null for ALL_PKO.
-- column: citation: Source file and row to quote with the figure; for ALL_PKO, what was summed.
with strength as (
    select * from marts.fct_mission_strength
),
published as (
    -- Each row as published; IPI's system total is named ALL_MISSIONS.
    select
        month,
        case when scope = 'system' then 'ALL_MISSIONS' else mission end as mission,
        case when scope = 'system' then 'all' else mission_kind end as mission_kind,
        scope, category, personnel, contributors,
        cast(null as bigint) as missions_summed, host_country_iso3, mission_published,
        source_file, source_row, citation
    from strength
),
all_pko as (
    select
        month,
        'ALL_PKO' as mission,
        'peacekeeping operation' as mission_kind,
        'system' as scope,
        category,
        sum(personnel) as personnel,
        count(*) as missions_summed,
        string_agg(distinct source_file, '; ') as source_file,
        'sum of ' || count(*) || ' peacekeeping operations'' ' || category || ' rows in marts.fct_mission_strength ('
            || string_agg(distinct source_file, '; ') || ')' as citation
    from strength
    where scope = 'mission' and mission_kind = 'peacekeeping operation'
    group by month, category
),
final as (
    select * from published
    union all by name
    select * from all_pko
)
select * from final
order by month, scope, mission, category
