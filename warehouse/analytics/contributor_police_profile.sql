-- Contributor police profile for analysts: one row per contributing country x month since 1990: police (the staffing detail where it exists, else IPI's per-country total), women and their shares since 2009, the year's targets, the DPO rating and the country's rank that month.
-- group: analytics
-- materialize: view
-- column: country_iso3: Contributing country (ISO 3166 alpha-3).
-- column: country_name: UN short name of the country (marts.dim_country).
-- column: month: Month (first day); the figures are as of its last day.
-- column: police_published: Police (IPO + FPU) in IPI's per-country file (1990-11 .. 2014-03); null where the file has no row.
-- column: police_detail: Police (IPO + FPU) summed over the staffing detail's contributor x mission rows (2009-11 .. 2014-08 in the real data); null where there is no detail.
-- column: police_total: police_detail where it exists, else police_published.
-- column: police_deployed_source: detail or published_total: where police_total comes from.
-- column: ipo: Individual police officers (staffing detail).
-- column: fpu: Formed police unit personnel (staffing detail).
-- column: ipo_female: Women among IPOs, in rows reporting sex.
-- column: fpu_female: Women among FPU personnel, in rows reporting sex.
-- column: female_police: Women among IPOs and FPUs together.
-- column: female_share_ipo: ipo_female / IPOs in rows reporting sex.
-- column: female_share_fpu: fpu_female / FPU personnel in rows reporting sex.
-- column: female_share_police: female_police / police in rows reporting sex.
-- column: target_ipo: The month's year's sourced IPO target (Uniformed Gender Parity Strategy, marts.benchmark_targets), null where none is sourced.
-- column: target_fpu: The month's year's sourced FPU target, null where none is sourced.
-- column: target_police: The month's year's sourced target for all UN police (the Global Effort's 20 per cent by 2014), null where none is sourced.
-- column: ipo_rating: DPO rating of the country's IPOs that month (marts.contributor_gender_rating).
-- column: fpu_rating: DPO rating of the country's FPUs that month.
-- column: police_rank: Rank among contributing countries that month by police_total (1 = most).
-- column: female_police_rank: Rank among contributing countries that month by female_police (1 = most); null before the detail starts.
-- column: contributors_that_month: Countries with police that month.
-- column: citation: Where the police figure comes from: the per-country file and row, or the staffing detail's files.
{{ described_columns_of('marts.contributor_police_profile', columns, cast={
    'police_detail': 'bigint',
    'police_total': 'bigint',
    'ipo': 'bigint',
    'fpu': 'bigint',
    'ipo_female': 'bigint',
    'fpu_female': 'bigint',
    'female_police': 'bigint'
}) }}
