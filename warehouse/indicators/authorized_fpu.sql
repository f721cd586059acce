-- Ceiling for formed police unit personnel in force on the month's last day, where a Security Council resolution sets one, per mission.
-- title: Authorized FPU ceiling
-- unit: persons
-- direction: neither
-- subject: mission
-- grain: month
-- source: Security Council resolutions, as curated in the police ceilings source (marts.fct_authorized_strength, through marts.ceilings_in_force)
with ceilings as (
    select * from marts.ceilings_in_force
),
final as (
    select
        mission as subject_id,
        month as period,
        'resolution' as value_source,
        authorized_fpu as value,
        cast(null as double) as numerator,
        cast(null as double) as denominator,
        ceiling_set_by as citation,
        source_file,
        source_row
    from ceilings
    where authorized_fpu is not null
)
select * from final
