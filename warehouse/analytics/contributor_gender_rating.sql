-- DPO's gender rating of contributing countries for analysts: one row per country x month x police category (IPO, FPU) where the detail reports sex: green, yellow or red, the year's target and why a row is not rated.
-- group: analytics
-- materialize: view
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
{{ described_columns_of('marts.contributor_gender_rating', columns, cast={
    'personnel': 'bigint',
    'personnel_with_sex': 'bigint',
    'female': 'bigint'
}) }}
