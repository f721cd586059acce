-- Authorized police strength: one row per mission x scope x effective period, with the resolution that set it.
-- group: police_ceilings
select * from staging.stg_police_ceilings
