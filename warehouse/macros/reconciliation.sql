{#- The tail every comparison of warehouse/audit/reconciliation_*.sql ends with:
    its rows in the columns audit.reconciliation stacks (it adds difference
    and status, one rule for every comparison). -#}
{% macro reconciliation_final(compared) -%}
final as (
    select
        reconciliation_kind,
        mission,
        contributing_country_iso3,
        month,
        period_start,
        period_end,
        quantity,
        personnel_type,
        published_value,
        published_source,
        published_counted,
        detail_value,
        detail_source,
        detail_counted,
        tolerance,
        comparison,
        figure_id
    from {{ compared | ident }}
)
select * from final
{%- endmacro %}
