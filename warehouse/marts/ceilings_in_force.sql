-- Police ceilings in force: one row per mission and month of its life (marts.mission_months) with a ceiling in force on the month's last day (reports are as of month end), for all police, IPOs and FPUs, and the resolutions that set them.
-- group: performance
-- column: mission: Mission acronym.
-- column: month: Month, keyed by its first day.
-- column: authorized_police: Police ceiling (all police) in force on the month's last day.
-- column: authorized_ipo: IPO ceiling in force, where a resolution sets one.
-- column: authorized_fpu: FPU ceiling in force, where a resolution sets one.
-- column: ceiling_set_by: Resolution(s) that set the ceilings in force, '; ' between them.
-- column: source_file: Inbox file(s) of the ceilings.
-- column: source_row: Row in source_file when one ceiling row is in force; null when several are.
select
    mission_months.mission,
    mission_months.month,
    max(ceilings.authorized_strength) filter (where ceilings.personnel_scope = 'police_total') as authorized_police,
    max(ceilings.authorized_strength) filter (where ceilings.personnel_scope = 'ipo') as authorized_ipo,
    max(ceilings.authorized_strength) filter (where ceilings.personnel_scope = 'fpu') as authorized_fpu,
    string_agg(distinct ceilings.set_by, '; ') as ceiling_set_by,
    string_agg(distinct ceilings.source_file, '; ' order by ceilings.source_file) as source_file,
    case when count(*) = 1 then any_value(ceilings.source_row) end as source_row
from marts.mission_months
join marts.fct_authorized_strength as ceilings
    on ceilings.mission = mission_months.mission
    and ceilings.effective_from <= last_day(mission_months.month)
    and coalesce(ceilings.effective_to, date '9999-12-31') >= last_day(mission_months.month)
group by mission_months.mission, mission_months.month
order by mission, month
