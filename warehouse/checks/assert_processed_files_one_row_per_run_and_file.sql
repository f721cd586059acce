-- Processed-file rows that are incomplete or listed twice for a run (one row per run x inbox file, with its content hash).
-- asset: audit.processed_files
-- blocking: true
select
    run_id,
    relpath,
    count(*) as listed
from audit.processed_files
group by all
having count(*) > 1
    or run_id is null
    or relpath is null
    or bool_or(sha256 is null)
