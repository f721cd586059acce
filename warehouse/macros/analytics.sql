{#- An analyst view that passes a table's columns through: exactly the columns
    its header describes (`-- column:` lines, or its table's by `-- columns:`, given as ``columns``), in that
    order, so a column is in the view only with its description; ``cast``
    maps a column to the type the view gives it. -#}
{% macro described_columns_of(source, columns, cast={}) -%}
select
{%- for column in columns | map('ident') %}
    {% if column in cast %}cast({{ column }} as {{ cast[column] | ident }}) as {% endif %}{{ column }}
    {%- if not loop.last %},{% endif %}
{%- endfor %}
from {{ source.split('.')[0] | ident }}.{{ source.split('.') | last | ident }}
{%- endmacro %}
