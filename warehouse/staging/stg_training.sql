-- Training delivered from training files; one row per mission x period x topic.
-- group: training
select
    mission,
    period_start,
    period_end,
    topic,
    trainee_kind,
    trainees,
    trainees_female,
    citation,
    is_illustrative,
    source_file,
    source_row
from raw.training_delivered
