-- Base-year records (RADPKO), typed; one row per mission x base x year: the yearly averages of the monthly strength RADPKO allocates to the base.
-- group: police_bases
select
    mission, mission_published, year, base, host_country_name as host_country_name_published, first_month,
    * exclude (mission, mission_published, year, base, host_country_name, first_month, source_file, source_row, source_format),
    source_file, source_row, source_format
from raw.police_bases
