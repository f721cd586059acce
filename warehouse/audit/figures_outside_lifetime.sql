-- Figures dated outside their mission's lifetime (before its start month or after its end month in marts.dim_mission): one row per published mission-strength row or staffing mission-month; they create no scorecard month (marts.mission_months), and this table says which and why.
-- group: audit
-- column: mission: Mission the figure is under, after successions (marts.mission_successions): the mission deployed when a source filed it under an earlier acronym.
-- column: mission_published: The acronym the source filed it under.
-- column: month: Month of the figure, keyed by its first day.
-- column: quantity: What the figure counts: a category of IPI's mission totals (troops, police, observers, total) or police in the staffing detail.
-- column: value: The figure.
-- column: source_table: The warehouse table that holds the figure.
-- column: source_file: Inbox file the figure was loaded from.
-- column: source_row: Row number in source_file (first row of the mission-month for the staffing detail).
-- column: start_date: The mission's start date (marts.dim_mission).
-- column: end_date: The mission's end date (marts.dim_mission).
-- column: why: before start or after end, with the date and where the mission's dates come from; and the succession applied, if any.
with missions as (
    select mission, start_date, end_date, source from marts.dim_mission
),
strength as (
    select
        mission, mission_published, month, category as quantity, cast(personnel as double) as value,
        'marts.fct_mission_strength' as source_table, source_file, source_row, attributed_by
    from marts.fct_mission_strength
    where scope = 'mission'
),
detail as (
    select
        mission, mission as mission_published, month, 'police (staffing detail)' as quantity,
        cast(sum(total) as double) as value, 'marts.fct_police_deployment' as source_table,
        min(source_file) as source_file, min(source_row) as source_row, cast(null as varchar) as attributed_by
    from marts.fct_police_deployment
    group by mission, month
),
figures as (
    select * from strength
    union all by name
    select * from detail
),
final as (
    select
        figures.mission,
        figures.mission_published,
        figures.month,
        figures.quantity,
        figures.value,
        figures.source_table,
        figures.source_file,
        figures.source_row,
        missions.start_date,
        missions.end_date,
        case
            when figures.month < date_trunc('month', missions.start_date)
                then 'before the start date ' || strftime(missions.start_date, '%Y-%m-%d')
            else 'after the end date ' || strftime(missions.end_date, '%Y-%m-%d')
        end || ' of ' || figures.mission || ' (' || missions.source || ')'
            || coalesce('; ' || figures.attributed_by, '') as why
    from figures
    join missions using (mission)
    where figures.month < date_trunc('month', missions.start_date)
        or figures.month > date_trunc('month', missions.end_date)
)
select * from final
order by mission, month, quantity
