-- Personnel types for analysts: one row per conformed code, with the police flag and the labels publishers use.
-- group: analytics
-- materialize: view
-- column: personnel_type: Conformed code, e.g. IPO, FPU, SPT, POL, TRP.
-- column: personnel_type_name: Name in words.
-- column: is_police: True for UN police types (IPO, FPU, SPT, POL).
-- column: published_labels: Labels the sources use for this type, separated by ' | '.
{{ described_columns_of('marts.dim_personnel_type', columns) }}
