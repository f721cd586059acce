-- Months recorded for a file content that are incomplete, not the first day of their month, or listed twice (one row per content hash x domain x month).
-- asset: audit.file_months
-- blocking: true
select
    sha256,
    domain,
    month,
    count(*) as listed
from audit.file_months
group by all
having count(*) > 1
    or sha256 is null
    or domain is null
    or month is null
    or month <> date_trunc('month', month)
