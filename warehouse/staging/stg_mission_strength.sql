-- Published strength records (IPI mission and system totals), typed; one row per month x mission (or ALL) x category.
-- group: mission_strength
select
    month, mission, mission_published, scope,
    * exclude (scope, month, mission, mission_published, source_file, source_row, source_format) rename (host_country_name as host_country_name_published),
    source_file, source_row, source_format
from raw.mission_strength
