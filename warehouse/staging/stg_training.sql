-- Training delivered from training files; one row per mission x period x topic.
-- group: training
select * exclude (source_file, source_row, note), source_file, source_row
from raw.training_delivered
