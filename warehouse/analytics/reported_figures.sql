-- Figures cited in UN documents for analysts: one row per figure, with its document, speaker or paragraph, and period.
-- group: analytics
-- materialize: view
-- column: figure_id: Stable identifier of the figure, e.g. minusma-trained-security-personnel-2017.
-- column: mission: Mission acronym, or ALL for figures about every mission.
-- column: indicator: What is counted, snake_case (e.g. security_personnel_trained, peacekeepers_killed).
-- column: category: Kind of figure: staffing, ceiling, gender, training, incident, case, activity, target or context.
-- column: metric: Scorecard metric the figure measures (e.g. female_share_ipo) when it can be scored against a benchmark; null otherwise.
-- column: value: The figure as cited (percentages as given, 20 = 20 per cent; see unit).
-- column: unit: Unit of value: persons, percent, cases, schools, round_tables, multiplier.
-- column: qualifier: How the source states it: exact, about, more_than, or target.
-- column: period_start: First day the figure covers (equal to period_end for a figure as of one date).
-- column: period_end: Last day the figure covers, or the date it is as of.
-- column: document: UN document symbol, e.g. SC/13056 (S/PV.8086) or S/2020/223.
-- column: locator: Speaker, paragraph or page within the document.
-- column: citation: Full citation to quote with the figure (document and locator).
-- column: description: What the figure is, in words.
-- column: is_illustrative: True for an illustrative row that is not a real cited figure (excluded from scoring).
-- column: source_file: Inbox file the row was loaded from.
-- column: source_row: Row number in source_file (1 = first data row).
with figures as (
    select * from marts.reported_figures
),
final as (
    select
        figure_id,
        mission,
        indicator,
        category,
        metric,
        value,
        unit,
        qualifier,
        period_start,
        period_end,
        document,
        locator,
        citation,
        description,
        is_illustrative,
        source_file,
        source_row
    from figures
)
select * from final
