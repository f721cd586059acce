-- Files with rejects in this run that the ingest ledger does not list for the same run and domain (every ingested file, refused ones included, has a ledger row; inbox refusals are listed in audit.inbox_files instead).
-- asset: audit.rejects
-- blocking: true
with this_run as (
    select * from audit.rejects
    where run_id in (select run_id from audit.inbox_files)
        and domain <> 'inbox'
)
select
    run_id,
    domain,
    source_file,
    count(*) as rejects
from this_run
anti join audit.ingest_ledger using (run_id, domain, source_file)
group by all
