-- Mission successions: where a source files a successor's figures under an earlier acronym after that mission ended (IPI files UNAVEM III's months under UNAVEM), the months and the mission deployed then; one row per acronym and span, each with the resolution that established the successor (warehouse/seeds/mission_successions.csv).
-- group: missions
-- column: published_mission: The acronym the source files the figures under (after aliases, e.g. UNAVEM).
-- column: from_month: First month (first day) attributed to the successor.
-- column: to_month: Last month (first day) attributed to the successor.
-- column: mission: The mission deployed in those months (e.g. UNAVEM III).
-- column: reason: Why: the filed acronym's end date and the successor's dates in the UN list.
-- column: citation: The resolution that established the successor, and the UN list rows.
select
    upper(published_mission) as published_mission,
    cast(from_month as date) as from_month,
    cast(to_month as date) as to_month,
    upper(mission) as mission,
    reason,
    citation
from raw.seed_mission_successions
order by published_mission, from_month
