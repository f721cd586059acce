-- Incident figures for analysts: one row per mission x period x incident kind (fatalities, injuries, cases), as reported in UN documents.
-- group: analytics
-- materialize: view
-- column: mission: Mission acronym (analytics.missions.mission).
-- column: period_start: First day the count covers.
-- column: period_end: Last day the count covers, or the date it is as of.
-- column: incident_kind: What is counted, e.g. peacekeepers_killed, peacekeepers_wounded, judicial_cases_taken_in_charge.
-- column: category: incident (harm to personnel) or case (cases handled).
-- column: incident_count: Number counted.
-- column: qualifier: How the source states it: exact, about or more_than.
-- column: source_kind: reported_figure (cited in a UN document).
-- column: citation: Source to quote with the figure.
-- column: source_file: Inbox file the row was loaded from.
-- column: source_row: Row number in source_file (1 = first data row).
with incidents as (
    select * from marts.fct_incident
),
final as (
    select
        mission,
        period_start,
        period_end,
        incident_kind,
        category,
        incident_count,
        qualifier,
        source_kind,
        citation,
        source_file,
        source_row
    from incidents
)
select * from final
