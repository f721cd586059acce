-- Authorized police strength: one row per mission x scope x effective period, with the resolution that set it.
-- group: police_ceilings
select
    mission,
    personnel_scope,
    authorized_strength,
    effective_from,
    effective_to,
    set_by,
    citation,
    verified_against,
    note,
    source_file,
    source_row
from staging.stg_police_ceilings
