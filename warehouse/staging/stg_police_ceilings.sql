-- Authorized police strength per mission and scope with its effective period; one row per mission x scope x effective date.
-- group: police_ceilings
with ceilings as (
    select * from raw.police_ceilings
),
final as (
    select
        mission,
        personnel_scope,
        authorized_strength,
        effective_from,
        lead(effective_from) over (
            partition by mission, personnel_scope order by effective_from
        ) - interval 1 day as effective_to,
        set_by,
        citation,
        verified_against,
        note,
        source_file,
        source_row
    from ceilings
)
select * from final
