-- Uniformed personnel deployed: one row per month x mission x contributing country x personnel type, every type (police and military).
-- group: staffing
-- incremental: month
select * exclude (country_name_published, country_match, personnel_type_label, source_format)
    rename (country_iso3 as contributing_country_iso3)
from staging.stg_staffing
