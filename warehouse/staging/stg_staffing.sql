-- Staffing detail records (one per month x mission x contributing country x personnel type), typed and labelled.
-- group: staffing
-- materialize: view
with types as (
    select distinct personnel_type, personnel_type_name, is_police = 'true' as is_police
    from raw.seed_personnel_types
)
select
    records.month,
    records.mission,
    records.country_iso3,
    records.country_name as country_name_published,
    records.country_match,
    records.personnel_type,
    types.is_police,
    records.personnel_type_label,
    records.female,
    records.male,
    records.total,
    records.source_file,
    records.source_row,
    records.source_format,
    coalesce(
        records.citation || ' row ' || records.citation_row,
        records.citation,
        records.source_file || ' row ' || records.source_row
    ) as citation
from raw.staffing_contributions as records
left join types using (personnel_type)
where records.row_kind = 'detail'
