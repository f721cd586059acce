-- Ledger rows of this run whose row accounting breaks: rows_read = rows_loaded + rows_rejected + rows_duplicate + rows_total, every count known and not negative.
-- asset: audit.ingest_ledger
-- blocking: true
with this_run as (
    select * from audit.ingest_ledger
    where run_id in (select run_id from audit.inbox_files)
)
select
    run_id,
    domain,
    source_file,
    rows_read,
    rows_loaded,
    rows_rejected,
    rows_duplicate,
    rows_total
from this_run
where rows_read is distinct from rows_loaded + rows_rejected + rows_duplicate + rows_total
    or least(rows_read, rows_loaded, rows_rejected, rows_duplicate, rows_total, records_loaded,
             records_rejected, records_duplicate, records_superseded, blank_lines) < 0
    or file_refused is null
