-- Deployment locations for analysts: one row per mission x year x place (Geo-PKO v2.3, 1994 .. 2024): coordinates, whether UN police were there, headquarters level and other units; a year's repeated map rows are one place (rule in resolution_rule).
-- group: analytics
-- materialize: view
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
with source as (
    select * from marts.fct_police_location_year
),
final as (
    select
        mission,
        year,
        location,
        host_country_iso3,
        host_country_name_published,
        latitude,
        longitude,
        unpol_present,
        hq_level,
        troops,
        infantry_present,
        reserve_present,
        medical_present,
        aviation_present,
        military_observers_present,
        other_units,
        source_rows,
        coordinate_variants,
        resolution_rule,
        source_file,
        first_source_row,
        citation
    from source
)
select * from final
