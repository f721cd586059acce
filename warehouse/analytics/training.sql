-- Training delivered by police components for analysts: one row per mission x period x topic, from training returns and figures cited in UN documents.
-- group: analytics
-- materialize: view
-- column: mission: Mission acronym (analytics.missions.mission).
-- column: period_start: First day of the period the training covers.
-- column: period_end: Last day of the period (for a cited figure: the date it is as of).
-- column: topic: Training topic or indicator, snake_case.
-- column: trainee_kind: Who was trained (e.g. security personnel, host-state police).
-- column: trainees: Number of people trained.
-- column: trainees_female: Women among trainees; null when not reported.
-- column: source_kind: training_file (a mission's training return) or reported_figure (cited in a UN document).
-- column: citation: Source to quote with the figure.
-- column: is_illustrative: True for an illustrative row that is not real data.
-- column: source_file: Inbox file the row was loaded from.
-- column: source_row: Row number in source_file (1 = first data row).
with training as (
    select * from marts.fct_training
),
final as (
    select
        mission,
        period_start,
        period_end,
        topic,
        trainee_kind,
        trainees,
        trainees_female,
        source_kind,
        citation,
        is_illustrative,
        source_file,
        source_row
    from training
)
select * from final
