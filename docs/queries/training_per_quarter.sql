-- Training delivered per mission per quarter (by the quarter of the period's
-- end), from training returns and cited figures; illustrative rows left out.
select
    training.mission,
    strftime(period_end, '%Y') || '-Q' || quarter(period_end) as year_quarter,
    count(*) as entries,
    sum(trainees) as trainees,
    sum(trainees_female) as trainees_female,
    string_agg(distinct source_kind, ', ' order by source_kind) as source_kinds
from analytics.training as training
where not is_illustrative
group by all
order by training.mission, year_quarter
