{#- An analyst view that passes a table's columns through: exactly the columns
    its header describes (`-- column:` lines, or its table's by `-- columns:`, given as ``columns``), in that
    order, so a column is in the view only with its description; the columns
    named in ``bigint`` are cast to BIGINT (DuckDB sums to HUGEINT). -#}
{% macro described_columns_of(source, columns, bigint=()) -%}
select
{%- for column in columns | map('ident') %}
    {% if column in bigint %}cast({{ column }} as bigint) as {% endif %}{{ column }}
    {%- if not loop.last %},{% endif %}
{%- endfor %}
from {{ source.split('.')[0] | ident }}.{{ source.split('.') | last | ident }}
{%- endmacro %}
