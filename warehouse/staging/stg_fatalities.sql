-- Fatality records from the UN fatality files, typed and labelled; one row per casualty_id (the newer release's record).
-- group: fatalities
with types as (
    select distinct personnel_type, personnel_type_name, is_police = 'true' as is_police
    from raw.seed_personnel_types
)
select
    records.casualty_id,
    records.incident_date,
    records.month,
    records.mission,
    records.mission_published,
    records.casualty_type,
    records.nationality_iso3,
    records.nationality_match,
    records.nationality_name as nationality_name_published,
    records.m49_code,
    records.personnel_type,
    types.personnel_type_name,
    types.is_police,
    records.personnel_type_published,
    records.incident_type,
    records.gender,
    records.source_file,
    records.source_row,
    records.source_format,
    -- Per file (a large file is normalised in chunks, each with its own maximum).
    max(records.source_as_of) over (partition by records.source_file) as source_as_of,
    case when bool_or(records.as_of_basis = 'last_update') over (partition by records.source_file)
        then 'last_update' else 'latest_incident_date' end as as_of_basis
from raw.fatalities as records
left join types using (personnel_type)
