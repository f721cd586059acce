-- Police and women among police per mission and year, from RADPKO (Hunnicutt and Nomikos 2020): each base's yearly average of the monthly UN reports, summed over the mission's bases. Estimates of that kind (basis), not month-end counts: never add or compare them with the monthly facts without saying so.
-- group: police_bases
-- column: mission: Mission acronym as the UN writes it today (aliases resolved).
-- column: year: Calendar year the averages cover.
-- column: period_start: First day of the year (the averages cover the months of it each base was observed in).
-- column: period_end: Last day of the year.
-- column: basis: What the figures are: 'yearly average of monthly base reports (RADPKO)', fractional, never a month-end count.
-- column: police: UN police (IPO + FPU together, RADPKO does not split them): the sum over the mission's bases of each base's yearly average of the monthly figures.
-- column: women_police: Women among police, summed the same way; null where withheld (women_police_withheld_because).
-- column: female_share_police: women_police / police; null where women_police is withheld or police is 0.
-- column: women_police_published: Women among police as RADPKO's rows add up, withheld or not.
-- column: women_police_withheld_because: Why women_police is null: no_sex_split_before_2010 (the UN's monthly reports by sex begin in late 2009: IPI's series from them starts in November 2009, and RADPKO writes 0 women for every mission before 2009, so a yearly average before 2010 counts months without a split as 0), women_half_of_police_at_every_base (UNMIS: every row gives exactly half the police as women, which no mission had; its police are about twice IPI's, see audit.reconciliation).
-- column: bases: Bases of the mission that year in RADPKO (rows summed).
-- column: bases_with_police: Those with police (average above 0).
-- column: first_month: The earliest month any of its bases is observed in that year (RADPKO's date).
-- column: source_file: Inbox file the rows were loaded from.
-- column: citation: RADPKO's citation and the rows summed.
with bases as (
    select * from staging.stg_police_bases
),
mission_years as (
    select
        mission,
        year,
        sum(police) as police,
        sum(women_police) as women_police_published,
        count(*) as bases,
        count(*) filter (where police > 0) as bases_with_police,
        min(first_month) as first_month,
        -- UNMIS's quirk: women exactly half of police at every base with police.
        count(*) filter (where police > 0) > 0
            and bool_and(police = 0 or abs(women_police - police / 2) < 1e-9) as women_half_everywhere,
        min(source_file) as source_file,
        string_agg(source_row::varchar, ', ' order by source_row) as rows_summed
    from bases
    group by mission, year
),
withheld as (
    select
        *,
        -- IPI's sex-disaggregated series from the UN's monthly reports begins
        -- in 2009-11 (../shared/data/real/README.md); RADPKO has 0 women
        -- police in every mission before 2009 and 2009's averages include the
        -- months before the split.
        case
            when year < 2010 then 'no_sex_split_before_2010'
            when women_half_everywhere then 'women_half_of_police_at_every_base'
        end as women_police_withheld_because
    from mission_years
),
final as (
    select
        mission,
        year,
        make_date(year, 1, 1) as period_start,
        make_date(year, 12, 31) as period_end,
        'yearly average of monthly base reports (RADPKO)' as basis,
        police,
        case when women_police_withheld_because is null then women_police_published end as women_police,
        case when women_police_withheld_because is null and police > 0
            then women_police_published / police end as female_share_police,
        women_police_published,
        women_police_withheld_because,
        bases,
        bases_with_police,
        first_month,
        source_file,
        'RADPKO (Hunnicutt and Nomikos 2020, International Peacekeeping, doi:10.1080/13533312.2020.1738228), '
            || source_file || ' rows ' || rows_summed as citation
    from withheld
)
select * from final
order by mission, year
