-- Authorized police strength (ceilings) for analysts: one row per mission x scope x effective period, with the resolution that set it.
-- group: analytics
-- materialize: view
-- column: mission: Mission acronym (analytics.missions.mission).
-- column: personnel_scope: What the ceiling covers: police_total (all police), ipo or fpu.
-- column: authorized_strength: Maximum number of police personnel authorized for the scope.
-- column: effective_from: Date the ceiling takes effect.
-- column: effective_to: Last date the ceiling is in force; null while it still is.
-- column: set_by: Security Council resolution that set the ceiling, e.g. S/RES/2304 (2016).
-- column: citation: Citation to quote with the ceiling.
-- column: verified_against: Another document the figure was checked against, when one was.
-- column: note: Caveat on the figure (e.g. resolution text not yet checked).
-- column: source_file: Inbox file the row was loaded from.
-- column: source_row: Row number in source_file (1 = first data row).
with ceilings as (
    select * from marts.fct_authorized_strength
),
final as (
    select
        mission,
        personnel_scope,
        authorized_strength,
        effective_from,
        cast(effective_to as date) as effective_to,
        set_by,
        citation,
        verified_against,
        note,
        source_file,
        source_row
    from ceilings
)
select * from final
