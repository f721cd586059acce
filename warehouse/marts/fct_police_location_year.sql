-- Deployment locations: one row per mission x year x location (Geo-PKO v2.3, Uppsala University): coordinates, whether UN police were there, headquarters level and the other units present. A year's repeated rows (one per source map) are one place, by the rule named in resolution_rule.
-- group: police_locations
-- column: mission: Mission acronym as the UN writes it today (aliases resolved).
-- column: year: Year of the deployment maps the place is coded from.
-- column: location: Place name as Geo-PKO writes it (UTF-8, e.g. 'Cap-Haïtien').
-- column: host_country_iso3: Host country (ISO 3166 alpha-3) where Geo-PKO's name maps to one; null where it does not ('Kosovo', 'Ethiopia/Eritrea').
-- column: host_country_name_published: Host country as Geo-PKO writes it ('DRC', 'Ivory Coast').
-- column: latitude: Decimal degrees (WGS 84), from the first of the year's rows in file order.
-- column: longitude: Decimal degrees (WGS 84), from the first of the year's rows in file order.
-- column: unpol_present: True where UN police are shown at the place on any of the year's maps (Geo-PKO UNPOL = 1).
-- column: hq_level: Headquarters level, the highest any of the year's maps shows: 0 none, 1 to 3 as Geo-PKO codes it (3 = mission headquarters).
-- column: troops: Troops at the place, the largest size any of the year's maps gives; null where no map gives a size (NA).
-- column: infantry_present: True where an infantry unit is shown on any of the year's maps.
-- column: reserve_present: True where a reserve unit is shown on any of the year's maps.
-- column: medical_present: True where a medical unit is shown on any of the year's maps.
-- column: aviation_present: True where an aviation unit is shown on any of the year's maps.
-- column: military_observers_present: True where military observers (UNMO) are shown on any of the year's maps.
-- column: other_units: The unit kinds other than police shown at the place that year, comma-separated (null: none).
-- column: source_rows: Published rows merged into this place (more than 1 where several maps of the year show it).
-- column: coordinate_variants: Distinct coordinate pairs among those rows (more than 1 for 10 places in v2.3, e.g. UNOCI's Korhogo in 2004).
-- column: resolution_rule: The rule that made one place of the year's rows: one_place_per_mission_year_location_name.
-- column: source_file: Inbox file the rows were loaded from.
-- column: first_source_row: Row number in source_file of the first row merged (1 = first data row).
-- column: citation: Geo-PKO's required citation and the rows merged.
with records as (
    select * from staging.stg_police_locations
),
-- One place per mission, year and location name (rule
-- one_place_per_mission_year_location_name): a year can have several source
-- maps, so the same place repeats (1,151 keys in v2.3) and its rows differ in
-- NoTroops (NA on one map, a size on another), hq (156 keys) or coordinates
-- (10 keys); a unit is there if any map shows it, the size is the largest
-- shown, the coordinates are the first row's.
first_rows as (
    select *
    from records
    qualify row_number() over (partition by mission, year, location order by source_file, source_row) = 1
),
merged as (
    select
        mission,
        year,
        location,
        bool_or(unpol_present) as unpol_present,
        max(hq_level) as hq_level,
        max(troops) as troops,
        bool_or(infantry > 0) as infantry_present,
        bool_or(reserve > 0) as reserve_present,
        bool_or(medical > 0) as medical_present,
        bool_or(aviation > 0) as aviation_present,
        bool_or(military_observers > 0) as military_observers_present,
        count(*) as source_rows,
        count(distinct (latitude, longitude)) as coordinate_variants,
        string_agg(source_row::varchar, ', ' order by source_row) as rows_merged
    from records
    group by mission, year, location
),
final as (
    select
        m.mission,
        m.year,
        m.location,
        f.host_country_iso3,
        f.host_country_name_published,
        f.latitude,
        f.longitude,
        m.unpol_present,
        m.hq_level,
        m.troops,
        m.infantry_present,
        m.reserve_present,
        m.medical_present,
        m.aviation_present,
        m.military_observers_present,
        nullif(concat_ws(', ',
            case when m.infantry_present then 'infantry' end,
            case when m.reserve_present then 'reserve' end,
            case when m.medical_present then 'medical' end,
            case when m.aviation_present then 'aviation' end,
            case when m.military_observers_present then 'military observers' end
        ), '') as other_units,
        m.source_rows,
        m.coordinate_variants,
        'one_place_per_mission_year_location_name' as resolution_rule,
        f.source_file,
        f.source_row as first_source_row,
        'Geo-PKO v2.3 (Cil, Fjelde, Hultman and Nilsson 2020, Journal of Peace Research 57(2), '
            || 'doi:10.1177/0022343319871978), ' || f.source_file
            || case when m.source_rows = 1 then ' row ' else ' rows ' end || m.rows_merged as citation
    from merged as m
    join first_rows as f using (mission, year, location)
)
select * from final
order by mission, year, location
