-- Published mission strength for analysts: one row per month x mission x category (troops, police = IPO + FPU, observers, total), as IPI published it from the UN DPKO monthly reports, 1990-11 .. 2017-03, with two system totals named by what they sum: ALL_PKO (peacekeeping operations only, as the UN's peacekeeping fact sheets count) and ALL_MISSIONS (IPI's published total, special political missions such as UNAMA included).
-- group: analytics
-- materialize: view
-- column: month: Month, keyed by its first day; figures as of the month's last day.
-- column: mission: Mission acronym (analytics.missions.mission), or ALL_PKO / ALL_MISSIONS for a system total.
-- column: mission_kind: peacekeeping operation, special political mission or other (analytics.missions.mission_kind); peacekeeping operation for ALL_PKO, all for ALL_MISSIONS.
-- column: scope: mission (one mission) or system (ALL_PKO or ALL_MISSIONS).
-- column: category: troops, police (individual police officers and formed police units together), observers (experts on mission) or total (troops + police + observers).
-- column: personnel: Personnel of the category deployed at month end: as published for a mission and for ALL_MISSIONS; for ALL_PKO, the peacekeeping operations' published rows summed. A category published as NA (none) has no row; a published 0 is a row with 0.
-- column: contributors: Number of contributing countries that month, as published (the same on every category row); null for ALL_PKO.
-- column: missions_summed: For ALL_PKO, the number of peacekeeping operations summed; null otherwise.
-- column: host_country_iso3: Host country, ISO 3166 alpha-3 (analytics.countries.country_iso3); null for system totals.
-- column: mission_published: The acronym as published (e.g. ONUCI, shown under UNOCI; UNAVEM, shown under UNAVEM III after 1995-02).
-- column: source_file: Inbox file the row was loaded from (for ALL_PKO, the file(s) summed).
-- column: source_row: Row number in source_file (1 = first data row); null for ALL_PKO.
-- column: citation: Source file and row to quote with the figure; for ALL_PKO, what was summed.
{{ described_columns_of('marts.mission_strength', columns, cast={
    'personnel': 'bigint'
}) }}
