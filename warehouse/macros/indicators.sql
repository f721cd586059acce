{#- Shapes shared by the indicators of warehouse/indicators/: each returns rows
    in the columns marts.fct_indicator_value stacks. Arguments are column names
    and indicator ids of this repository (checked as identifiers), never data. -#}

{#- A count per mission and month from the staffing detail
    (marts.police_mission_month). -#}
{% macro police_count(column) -%}
    select
        mission as subject_id,
        month as period,
        'staffing_detail' as value_source,
        {{ column | ident }} as value,
        cast(null as double) as numerator,
        cast(null as double) as denominator,
        'marts.fct_police_deployment: ' || rows_summed || ' contributor rows summed'
            || case when mission = 'ALL' then ' over ' || missions || ' missions' else '' end as citation,
        source_files as source_file,
        cast(null as bigint) as source_row
    from marts.police_mission_month
    where {{ column | ident }} is not null
{%- endmacro %}

{#- The shares UN documents give for ``metric``, scored from their counts
    where they give them (exact over rounded). -#}
{% macro reported_share_rows(metric) -%}
    select
        mission as subject_id,
        month as period,
        'reported_figure' as value_source,
        value,
        numerator,
        denominator,
        citation,
        source_file,
        source_row
    from marts.reported_shares
    where metric = '{{ metric | ident }}'
{%- endmacro %}

{#- Share of women: ``women`` over ``of`` (the personnel in contributor rows
    reporting sex) per mission and month, and the documents' shares for the
    indicator ``metric``. -#}
{% macro female_share(metric, women, of) -%}
    select
        mission as subject_id,
        month as period,
        'staffing_detail' as value_source,
        {{ women | ident }} / {{ of | ident }} as value,
        {{ women | ident }} as numerator,
        {{ of | ident }} as denominator,
        'marts.fct_police_deployment: ' || cast({{ women | ident }} as bigint) || ' women of '
            || cast({{ of | ident }} as bigint)
            || ' in rows reporting sex (' || rows_summed || ' contributor rows'
            || case when mission = 'ALL' then ' over ' || missions || ' missions' else '' end || ')' as citation,
        source_files as source_file,
        cast(null as bigint) as source_row
    from marts.police_mission_month
    where {{ of | ident }} > 0
    union all by name
{{ reported_share_rows(metric) }}
{%- endmacro %}

{#- A Security Council ceiling in force per mission and month
    (marts.ceilings_in_force). -#}
{% macro ceiling(column) -%}
    select
        mission as subject_id,
        month as period,
        'resolution' as value_source,
        {{ column | ident }} as value,
        cast(null as double) as numerator,
        cast(null as double) as denominator,
        ceiling_set_by as citation,
        source_file,
        source_row
    from marts.ceilings_in_force
    where {{ column | ident }} is not null
{%- endmacro %}

{#- Personnel deployed (``deployed``, from the staffing detail) over the
    ceiling in force (``authorized``, from marts.ceilings_in_force); ``what``
    and ``ceiling_name`` word the citation. -#}
{% macro ceiling_fill_rows(deployed, authorized, what, ceiling_name) -%}
    select
        police.mission as subject_id,
        police.month as period,
        'staffing_detail' as value_source,
        police.{{ deployed | ident }} / ceilings.{{ authorized | ident }} as value,
        police.{{ deployed | ident }} as numerator,
        ceilings.{{ authorized | ident }} as denominator,
        'marts.fct_police_deployment: ' || cast(police.{{ deployed | ident }} as bigint) || ' {{ what | words }} deployed ('
            || police.rows_summed || ' contributor rows) of {{ ceiling_name | words }} of ' || ceilings.{{ authorized | ident }}
            || ' set by ' || ceilings.ceiling_set_by as citation,
        police.source_files || '; ' || ceilings.source_file as source_file,
        cast(null as bigint) as source_row
    from marts.police_mission_month as police
    join marts.ceilings_in_force as ceilings using (mission, month)
    where police.{{ deployed | ident }} is not null and ceilings.{{ authorized | ident }} > 0
{%- endmacro %}


{#- RADPKO's yearly averages per mission and year (marts.fct_police_mission_year:
    each base's yearly average of the monthly reports summed over the mission's
    bases) as rows of an indicator whose personnel scope is all police: value
    source radpko_yearly_average, period 1 January of the year, the basis in
    the citation. ``value`` is that table's column; ``numerator`` and
    ``denominator`` its columns for a share. -#}
{% macro radpko_yearly_rows(value, numerator=none, denominator=none) -%}
    select
        mission as subject_id,
        period_start as period,
        'radpko_yearly_average' as value_source,
        {{ value | ident }} as value,
        {% if numerator %}{{ numerator | ident }}{% else %}cast(null as double){% endif %} as numerator,
        {% if denominator %}{{ denominator | ident }}{% else %}cast(null as double){% endif %} as denominator,
        basis || ', ' || year || ': ' || round(police, 2) || ' police, '
            || coalesce(round(women_police, 2) || ' of them women', 'women withheld (' || women_police_withheld_because || ')')
            || ', over ' || bases || ' bases; ' || citation as citation,
        source_file,
        cast(null as bigint) as source_row
    from marts.fct_police_mission_year
    where {{ value | ident }} is not null
{%- endmacro %}
