-- Which goals with a deadline each mission met by it: the latest figure at or
-- before the deadline (its month and value) against the target, and the
-- latest figure after the deadline beside it, which never counts as met by
-- it (e.g. the 20 per cent IPO goal of 2014, S/RES/2382 (2017) para 12(d)).
select
    benchmark_id,
    mission,
    deadline,
    period as figure_month,
    round(measured_value, 3) as measured,
    target_value as target,
    status,
    later_period as later_month,
    round(later_value, 3) as later_measured,
    later_status
from analytics.benchmark_status
where deadline is not null
    and threshold_kind <> 'target_for_year'
order by benchmark_id, mission
