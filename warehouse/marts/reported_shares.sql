-- Shares cited in UN documents, scored from the counts where the same document gives them: one row per share metric x mission x document date, with numerator and denominator when counted (exact over rounded: 1,726 of 1,920 is 0.899, not the rounded 90 per cent).
-- group: performance
-- column: metric: The share (an indicator id): female_share_ipo, female_share_fpu, female_share_police or ceiling_fill_rate.
-- column: mission: Mission acronym, or ALL.
-- column: month: Month of the document's date (first day).
-- column: value: The share as a fraction: numerator / denominator where the document gives both counts, else its stated share.
-- column: numerator: The count divided (e.g. women IPOs, police deployed), as the document gives it; null when only a share is stated.
-- column: denominator: The count it is divided by (e.g. IPOs, authorized police); null when only a share is stated.
-- column: basis: counts (scored from the two counts) or stated share (the document gives no counts).
-- column: stated_share: The share as the document states it (often rounded), as a fraction; null when it states none.
-- column: figure_id: The cited share's figure id, or the numerator's when no share is stated (marts.reported_figures).
-- column: citation: The document and paragraph, with the counts used.
-- column: source_file: File of the cited figures.
-- column: source_row: Row of the share figure (or of the numerator) in source_file.
with figures as (
    select * from marts.reported_figures
    where not is_illustrative and qualifier <> 'target'
),
-- What each share divides, by the figures' indicator names.
definitions as (
    select * from (values
        ('female_share_ipo', 'ipo_female', 'ipo_deployed'),
        ('female_share_fpu', 'fpu_female', 'fpu_deployed'),
        ('ceiling_fill_rate', 'police_deployed', 'police_authorized')
    ) as d(metric, numerator_indicator, denominator_indicator)
),
stated as (
    select
        metric, mission, document, period_end, figure_id, citation, source_file, source_row,
        case when unit = 'percent' then value / 100 else value end as stated_share
    from figures
    where metric in ('female_share_ipo', 'female_share_fpu', 'female_share_police', 'ceiling_fill_rate')
),
counted as (
    -- Both counts exact, from the same document, mission and date.
    select
        d.metric, n.mission, n.document, n.period_end,
        n.value as numerator, dn.value as denominator,
        n.figure_id, n.citation, n.source_file, n.source_row
    from definitions as d
    join figures as n on n.indicator = d.numerator_indicator and n.qualifier = 'exact'
    join figures as dn
        on dn.indicator = d.denominator_indicator and dn.qualifier = 'exact'
        and dn.mission = n.mission and dn.document = n.document and dn.period_end = n.period_end
    where dn.value > 0
),
final as (
    select
        coalesce(s.metric, c.metric) as metric,
        coalesce(s.mission, c.mission) as mission,
        cast(date_trunc('month', coalesce(s.period_end, c.period_end)) as date) as month,
        coalesce(c.numerator / c.denominator, s.stated_share) as value,
        c.numerator,
        c.denominator,
        case when c.denominator is not null then 'counts' else 'stated share' end as basis,
        s.stated_share,
        coalesce(s.figure_id, c.figure_id) as figure_id,
        coalesce(s.citation, c.citation)
            || case when c.denominator is not null then
                ': ' || cast(c.numerator as bigint) || ' of ' || cast(c.denominator as bigint) || ' (counts scored'
                || coalesce('; the stated ' || round(s.stated_share * 100, 1) || ' per cent is rounded', '') || ')'
            else '' end as citation,
        coalesce(s.source_file, c.source_file) as source_file,
        coalesce(s.source_row, c.source_row) as source_row
    from stated as s
    full join counted as c
        on c.metric = s.metric and c.mission = s.mission and c.document = s.document and c.period_end = s.period_end
)
select * from final
order by metric, mission, month
