-- Contributor strength records (IPI per-country files), typed; one row per contributing country x month x category.
-- group: contributor_strength
select * exclude (source_file, source_row, source_format) rename (country_name as country_name_published), source_file, source_row, source_format
from raw.contributor_strength
