-- Reconciliation: one row per published total or cited figure and the detail that should equal it (per mission or ALL, per month or period), with both values, what each side counted, the difference, the tolerance and a status (ok / mismatch / no detail / no total).
-- group: audit
-- column: reconciliation_kind: What is compared: staffing_total_vs_detail (IPI 'all' rows vs the contributor x mission rows), staffing_total_sex_split (an 'all' row's Total vs its own Male + Female), mission_strength_vs_detail (IPI mission totals vs the staffing rows), system_strength_vs_missions (IPI system totals vs the sum of its mission totals), reported_figure_vs_dataset (a figure cited in a UN document vs the records covering the same quantity), contributor_strength_vs_missions and contributor_strength_vs_system (IPI's per-country totals summed over countries vs the mission totals summed over missions, and vs the system total), contributor_strength_vs_detail (one country's per-country total vs its staffing detail summed over missions), police_mission_year_vs_strength (RADPKO's police per mission and year, yearly averages summed over bases, vs the yearly average of IPI's month-end police).
-- column: mission: Mission acronym, or ALL for every mission together.
-- column: contributing_country_iso3: Contributing country the total is for (ISO 3166 alpha-3), ALL for every country, null where the comparison is not per country.
-- column: month: Month compared (first day); for a cited figure, the month of the dataset value it is compared with; for a yearly comparison, January of the year.
-- column: period_start: First day the published side covers.
-- column: period_end: Last day the published side covers.
-- column: quantity: The quantity compared, e.g. 'total', 'female', 'police (IPO + FPU)', 'fatalities from malicious acts, uniformed personnel'.
-- column: personnel_type: Conformed personnel type code where the comparison is for one type (IPO, FPU, EOM, TRP).
-- column: published_value: The published total or the cited figure (shares as fractions, 0.2 = 20 per cent).
-- column: published_source: Where the published value is: file and row, or the document's citation.
-- column: published_counted: What the published side counts, in words.
-- column: detail_value: The same quantity from the detail records; null when none covers it.
-- column: detail_source: The table (and files) the detail value is computed from.
-- column: detail_counted: What the detail side counted: number of records and what they are.
-- column: difference: published_value - detail_value.
-- column: tolerance: Largest absolute difference still counted as ok (0 for totals computed from the same reports; half a percentage point for a share stated in whole per cent, one point for an 'about' share; 5 per cent of an 'about' count, and of IPI's yearly average for RADPKO's estimate); null where the rule is one-sided.
-- column: comparison: The rule applied: 'abs(difference) <= tolerance', or 'detail_value > published_value' for a 'more than' figure.
-- column: status: ok, mismatch, no detail (no detail record covers the published value) or no total (detail exists, no published total for it).
-- column: figure_id: The cited figure's id (marts.reported_figures) for reported_figure_vs_dataset rows.
-- One model per comparison (warehouse/audit/reconciliation_<comparison>.sql,
-- each with the columns below but difference and status); a new comparison is
-- one file plus one line here. The status rule is applied once, below.
with compared as (
    select * from audit.reconciliation_staffing_total_vs_detail
    union all by name
    select * from audit.reconciliation_staffing_total_sex_split
    union all by name
    select * from audit.reconciliation_mission_strength_vs_detail
    union all by name
    select * from audit.reconciliation_system_strength_vs_missions
    union all by name
    select * from audit.reconciliation_fatalities_vs_figure
    union all by name
    select * from audit.reconciliation_police_vs_figure
    union all by name
    select * from audit.reconciliation_contributor_strength_vs_missions
    union all by name
    select * from audit.reconciliation_police_mission_year_vs_strength
),
final as (
    select
        compared.* exclude (tolerance, comparison, figure_id),
        published_value - detail_value as difference,
        tolerance,
        comparison,
        case
            when published_value is null then 'no total'
            when detail_value is null then 'no detail'
            when comparison = 'detail_value > published_value' then
                case when detail_value > published_value then 'ok' else 'mismatch' end
            when abs(published_value - detail_value) <= tolerance then 'ok'
            else 'mismatch'
        end as status,
        figure_id
    from compared
    -- A quantity neither side reports (e.g. the sex split of a file without one) is no comparison.
    where published_value is not null or detail_value is not null
)
select * from final
order by reconciliation_kind, mission, contributing_country_iso3, month, quantity, personnel_type
