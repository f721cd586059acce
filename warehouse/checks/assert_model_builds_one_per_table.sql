-- Recorded full builds that are incomplete, listed twice, or of a table the warehouse no longer holds (one row per table rebuilt by month).
-- asset: audit.model_builds
-- blocking: true
with builds as (
    select
        schema_name,
        table_name,
        count(*) as listed,
        bool_or(fingerprint is null or built_at is null) as incomplete
    from audit.model_builds
    group by all
)
select *
from builds
where listed > 1
    or incomplete
    or not exists (
        select 1 from information_schema.tables t
        where t.table_schema = builds.schema_name and t.table_name = builds.table_name
    )
