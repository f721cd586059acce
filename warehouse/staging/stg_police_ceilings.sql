-- Authorized police strength per mission and scope with its effective period; one row per mission x scope x effective date.
-- group: police_ceilings
select
    mission,
    personnel_scope,
    authorized_strength,
    effective_from,
    -- The day before the next ceiling; date minus integer stays a date
    -- (minus an interval would make it a timestamp).
    cast(lead(effective_from) over (
        partition by mission, personnel_scope order by effective_from
    ) - 1 as date) as effective_to,
    set_by,
    citation,
    verified_against,
    note,
    source_file,
    source_row
from raw.police_ceilings
