"""What the report reads: every figure on the page, one query per block, from
the marts (and, for the input files' citations, ``analytics.source_files``),
values bound as parameters (``load_data(con)`` -> frames by name)."""

from __future__ import annotations

import polars as pl

SHARE_METRICS = ("female_share_ipo", "female_share_fpu", "female_share_police")

_ROW_SUFFIX = r"\s+row\s+\d+$"  # per-row citations end in "row N"; the report cites the file


def _frame(con, sql: str, **params) -> pl.DataFrame:
    """A query's result as a polars frame; values go in as bound parameters."""
    return con.execute(sql, params).pl() if params else con.sql(sql).pl()


def load_data(con) -> dict[str, pl.DataFrame]:
    """Read what the report shows, from the marts (the files' citations from
    ``analytics.source_files``)."""
    return {
        # The input files, each with its citation when ``unpol fetch`` placed it.
        "source_files": _frame(con, """
            select source_file, domain, file_sha256, fetched, publisher, citation, url, landing_page, licence,
                   retrieved_at
            from analytics.source_files order by source_file"""),
        "scorecard": _frame(con, """
            select mission, month, ipo_deployed, fpu_deployed, police_deployed,
                   authorized_police, authorized_ipo, authorized_fpu, ceiling_set_by, ceiling_fill_rate,
                   female_share_ipo, female_share_fpu, female_share_police, female_police, has_deployment_data,
                   police_published, police_total, police_deployed_source
            from marts.mission_police_scorecard order by mission, month"""),
        "published_sources": _frame(con, """
            select mission, 'IPI mission totals, ' || string_agg(distinct source_file, '; ' order by source_file)
                   as sources
            from marts.fct_mission_strength where scope = 'mission' and category = 'police'
            group by mission"""),
        "deployment_sources": _frame(con, """
            select mission,
                   string_agg(distinct regexp_replace(coalesce(citation, source_file), $row_suffix, ''), '; '
                              order by regexp_replace(coalesce(citation, source_file), $row_suffix, '')) as sources
            from marts.fct_police_deployment group by mission""", row_suffix=_ROW_SUFFIX),
        "missions": _frame(con, """
            select m.mission, m.mission_name, m.start_date, m.end_date, m.mission_kind, c.country_name as host_country
            from marts.dim_mission m left join marts.dim_country c on c.country_iso3 = m.host_country_iso3"""),
        "status": _frame(con, """
            select benchmark_id, benchmark_title, metric, scope, mission, period, measured_value, value_source,
                   value_citation, comparison, target_value, target_year, deadline, status, later_period, later_value,
                   later_value_source, later_status, benchmark_source, is_un_target
            from marts.benchmark_status order by mission, benchmark_id"""),
        "targets": _frame(con, """
            select distinct mission, benchmark_id, benchmark_title, metric, target_value, deadline, benchmark_source
            from marts.benchmark_results
            where list_contains($metrics, metric) and threshold_kind = 'absolute' and target_value is not null
            order by mission, benchmark_id""", metrics=list(SHARE_METRICS)),
        "cited_shares": _frame(con, """
            select distinct mission, metric, period, measured_value, value_citation
            from marts.benchmark_results
            where value_source = 'reported_figure' and list_contains($metrics, metric) and measured_value is not null
            order by mission, period""", metrics=list(SHARE_METRICS)),
        "training": _frame(con, """
            select mission, period_start, period_end, topic as what, trainees as value, source_kind,
                   regexp_replace(coalesce(citation, source_file), $row_suffix, '') as source
            from marts.fct_training order by mission, period_end, topic""", row_suffix=_ROW_SUFFIX),
        "incidents": _frame(con, """
            select mission, period_start, period_end, incident_kind as what, incident_count as value, source_kind,
                   regexp_replace(coalesce(citation, source_file), $row_suffix, '') as source
            from marts.fct_incident order by mission, period_end, incident_kind""", row_suffix=_ROW_SUFFIX),
        "contributors": _frame(con, """
            with latest as (select max(month) as month from marts.fct_police_deployment)
            select d.contributing_country_iso3 as iso3,
                   coalesce(c.country_name, d.contributing_country_iso3) as country,
                   any_value(latest.month) as month,
                   sum(d.female) as female,
                   sum(d.total) as total,
                   sum(d.total) filter (where d.female is not null) as total_with_sex,
                   count(distinct d.mission) as missions,
                   string_agg(distinct d.mission, ', ' order by d.mission) as mission_list
            from marts.fct_police_deployment d
            join latest on d.month = latest.month
            left join marts.dim_country c on c.country_iso3 = d.contributing_country_iso3
            group by d.contributing_country_iso3, c.country_name
            order by female desc nulls last, total desc, iso3"""),
        # Women in UN police, all missions (gender parity section).
        "parity_shares": _frame(con, """
            select indicator_id, period as month, value
            from marts.fct_indicator_value
            where subject_id = 'ALL' and value_source = 'staffing_detail' and list_contains($ids, indicator_id)
            order by indicator_id, period""", ids=["female_share_ipo", "female_share_fpu"]),
        "parity_targets": _frame(con, """
            select category, category_label, metric, target_set, year, target_share, status, citation
            from marts.benchmark_targets
            where metric like 'female_share_%'
            order by metric, year"""),
        # Contributing countries since 1990: IPI's per-country totals from 1990, the detail from 2009.
        "profile": _frame(con, """
            select country_iso3, coalesce(country_name, country_iso3) as country, month, police_total,
                   police_deployed_source, female_police, female_share_police, female_share_ipo, female_share_fpu,
                   ipo_rating, fpu_rating, police_rank, female_police_rank
            from marts.contributor_police_profile
            order by country_iso3, month"""),
        # Every place of every mission whose maps ever show UN police.
        "locations": _frame(con, """
            with police_missions as (
                select mission from marts.fct_police_location_year group by mission having bool_or(unpol_present)
            )
            select mission, year, location, latitude, longitude, unpol_present, hq_level
            from marts.fct_police_location_year
            where mission in (select mission from police_missions)
            order by mission, year, location"""),
    }

