-- UN police in peacekeeping operations only (ALL_PKO, as the UN's peacekeeping
-- fact sheets count them) against IPI's total for every mission in the DPKO
-- reports (ALL_MISSIONS, special political missions such as UNAMA included),
-- and the police of the missions that are not peacekeeping operations, each
-- March 2010-2017 (real data: IPI mission and system totals).
select
    month,
    sum(personnel) filter (where mission = 'ALL_PKO') as police_pko,
    sum(personnel) filter (where mission = 'ALL_MISSIONS') as police_all_missions,
    string_agg(mission || ' ' || personnel, ', ' order by mission)
        filter (where scope = 'mission' and mission_kind <> 'peacekeeping operation') as police_not_pko
from analytics.mission_strength
where category = 'police' and month(month) = 3 and year(month) between 2010 and 2017
group by month
order by month
