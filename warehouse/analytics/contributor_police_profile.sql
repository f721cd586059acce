-- Contributor police profile for analysts: one row per contributing country x month since 1990: police (the staffing detail where it exists, else IPI's per-country total), women and their shares since 2009, the year's targets, the DPO rating and the country's rank that month.
-- group: analytics
-- materialize: view
-- columns: marts.contributor_police_profile
{{ described_columns_of('marts.contributor_police_profile', columns, bigint=('police_detail', 'police_total', 'ipo', 'fpu', 'ipo_female',
    'fpu_female', 'female_police')) }}
