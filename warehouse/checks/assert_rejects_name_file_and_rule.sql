-- Rejects of this run without their file, domain or message, or whose rule is not named as a sentence (snake_case words: female_plus_male_equals_total, never isin([...])).
-- asset: audit.rejects
-- blocking: true
select
    run_id,
    domain,
    source_file,
    source_row,
    rule
from audit.rejects
where run_id in (select run_id from audit.inbox_files)
    and (
        domain is null
        or source_file is null
        or message is null
        or rule is null
        or not regexp_full_match(rule, '[a-z][a-z0-9]*(_[a-z0-9]+)+')
    )
