-- Contributor gender rating: one row per contributing country x month x police category (IPO, FPU) where the staffing detail reports sex, rated by DPO's rule (green: the share of women meets the year's Uniformed Gender Parity Strategy target; yellow: at least 0.1 per cent women; red: none), with the target, its citation and why a row is not rated.
-- group: performance
-- column: country_iso3: Contributing country (ISO 3166 alpha-3).
-- column: country_name: UN short name of the country (marts.dim_country).
-- column: month: Month (first day); the figures are as of its last day.
-- column: category: IPO (individual police officers) or FPU (formed police units).
-- column: personnel: Personnel of the category the country had deployed, all missions together.
-- column: personnel_with_sex: Of those, the personnel in rows that report sex (the share's denominator).
-- column: female: Women among personnel_with_sex (the share's numerator).
-- column: female_share: female / personnel_with_sex (0.2 = 20 per cent).
-- column: missions: Missions the country had personnel of the category in that month.
-- column: target_year: The year whose target applies: the month's year.
-- column: target_share: The Uniformed Gender Parity Strategy 2018-2028 target for the category and year where a sourced one exists (status sourced); null otherwise.
-- column: target_citation: Where the target is published.
-- column: rating: green (female_share >= target_share), yellow (at least 0.1 per cent women, below the target), red (no women); null where the rule cannot tell (see rating_basis).
-- column: rating_basis: Why the row has its rating, or why it has none (no sourced target for the year: green and yellow cannot be told apart).
-- column: rule_citation: The rule's source: DPO, "Operational Effect and Women Peacekeepers" (monthly rating of contributing countries), as summarised in DOMAIN.md.
-- column: source_files: Inbox files the counts were summed from.
with deployment as (
    select * from marts.fct_police_deployment
    where personnel_type in ('IPO', 'FPU')
),
-- The year's target: a sourced cell of the Uniformed Gender Parity Strategy
-- (marts.benchmark_targets, from DOMAIN.md's cited cells); a derived line
-- between two cells is never a target, and a year without a sourced cell
-- rates nothing green or yellow.
targets as (
    select category, year as target_year, target_share, status, citation
    from marts.benchmark_targets
    where status = 'sourced' and category in ('IPO', 'FPU')
),
by_country as (
    select
        contributing_country_iso3 as country_iso3,
        month,
        personnel_type as category,
        sum(total) as personnel,
        sum(total) filter (where female is not null) as personnel_with_sex,
        sum(female) as female,
        count(distinct mission) as missions,
        string_agg(distinct source_file, '; ' order by source_file) as source_files
    from deployment
    group by all
),
rated as (
    select
        c.*,
        cast(c.female as double) / nullif(c.personnel_with_sex, 0) as female_share,
        year(c.month) as target_year,
        cast(t.target_share as double) as target_share,
        t.citation as target_citation
    from by_country as c
    left join targets as t
        on t.category = c.category and t.target_year = year(c.month) and t.status = 'sourced'
),
final as (
    select
        r.country_iso3,
        d.country_name,
        r.month,
        r.category,
        r.personnel,
        r.personnel_with_sex,
        r.female,
        r.female_share,
        r.missions,
        r.target_year,
        r.target_share,
        r.target_citation,
        case
            when r.personnel_with_sex is null or r.personnel_with_sex = 0 then null
            when r.female = 0 then 'red'
            when r.target_share is not null and r.female_share >= r.target_share then 'green'
            when r.target_share is not null and r.female_share >= 0.001 then 'yellow'
        end as rating,
        case
            when r.personnel_with_sex is null or r.personnel_with_sex = 0 then
                'not rated: no row reports sex'
            when r.female = 0 then 'red: no women among ' || r.personnel_with_sex
            when r.target_share is not null and r.female_share >= r.target_share then
                'green: ' || round(100 * r.female_share, 1) || ' per cent women meets the ' || r.target_year
                || ' target of ' || round(100 * r.target_share) || ' per cent'
            when r.target_share is not null and r.female_share >= 0.001 then
                'yellow: ' || round(100 * r.female_share, 1) || ' per cent women, below the ' || r.target_year
                || ' target of ' || round(100 * r.target_share) || ' per cent'
            when r.female_share < 0.001 then
                'not rated: women present but below 0.1 per cent, outside the rule''s bands'
            else 'not rated: no sourced ' || r.category || ' target for ' || r.target_year
                || ' (' || round(100 * r.female_share, 1) || ' per cent women: green and yellow cannot be told apart)'
        end as rating_basis,
        'DPO, "Operational Effect and Women Peacekeepers" (monthly rating of contributing countries): '
            || 'green meets the year''s target, yellow at least 0.1 per cent women, red none' as rule_citation,
        r.source_files
    from rated as r
    left join marts.dim_country as d on d.country_iso3 = r.country_iso3
)
select * from final
order by month, country_iso3, category
