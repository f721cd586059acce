-- Contributor strength records (IPI per-country files), typed; one row per contributing country x month x category.
-- group: contributor_strength
with records as (
    select * from raw.contributor_strength
),
final as (
    select
        month,
        country_iso3,
        country_name as country_name_published,
        country_match,
        category,
        personnel,
        source_file,
        source_row,
        source_format
    from records
)
select * from final
