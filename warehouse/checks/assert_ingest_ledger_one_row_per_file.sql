-- Files of this run listed more than once in the ledger of their domain (the ledger has one row per run x domain x file).
-- asset: audit.ingest_ledger
-- blocking: true
select
    run_id,
    domain,
    source_file,
    count(*) as ledger_rows
from audit.ingest_ledger
where run_id in (select run_id from audit.inbox_files)
group by all
having count(*) > 1
