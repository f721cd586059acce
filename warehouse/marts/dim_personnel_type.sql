-- Personnel type dimension: one row per conformed code, with the is-police flag and the published labels it covers.
-- group: staffing
select
    personnel_type,
    any_value(personnel_type_name) as personnel_type_name,
    bool_and(is_police = 'true') as is_police,
    string_agg(label, ' | ' order by label) as published_labels
from raw.seed_personnel_types
group by personnel_type
