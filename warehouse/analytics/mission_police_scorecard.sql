-- Mission police scorecard for analysts: one row per mission and month of the mission's life (every mission since 1990), police deployed against the ceiling in force, female shares, change on 12 months before, and police_total over the whole series with its source named; the measures come from analytics.indicator_values.
-- group: analytics
-- materialize: view
-- column: mission: Mission acronym (analytics.missions.mission), e.g. MINUSMA.
-- column: mission_kind: peacekeeping operation, special political mission or other (analytics.missions.mission_kind, each classification cited there).
-- column: month: Month, keyed by its first day; figures are as of the month's last day, as the UN reports them.
-- column: ipo_deployed: Individual police officers (IPOs) deployed: sum over contributing countries; null when no staffing rows that month.
-- column: fpu_deployed: Formed police unit (FPU) personnel deployed: sum over contributing countries.
-- column: police_deployed: All UN police deployed (IPO, FPU, SPT and other police types) in the staffing rows.
-- column: ipo_female: Female IPOs, over the rows that report sex.
-- column: fpu_female: Female FPU personnel, over the rows that report sex.
-- column: female_police: Female police of every type, over the rows that report sex.
-- column: contributing_countries: Number of police-contributing countries with at least one police row that month.
-- column: authorized_police: Police ceiling (all police) in force on the month's last day, set by a Security Council resolution.
-- column: authorized_ipo: IPO ceiling in force on the month's last day, where the resolution sets one.
-- column: authorized_fpu: FPU ceiling in force on the month's last day, where the resolution sets one.
-- column: ceiling_set_by: Resolution(s) that set the ceilings in force, e.g. S/RES/2364 (2017).
-- column: ceiling_fill_rate: police_deployed / authorized_police (1.0 = at the ceiling; below 1 = under the ceiling).
-- column: ipo_ceiling_fill_rate: ipo_deployed / authorized_ipo.
-- column: female_share_ipo: Female share of IPOs, over IPO rows that report sex (S/RES/2382 (2017) para 12(d) target: 20 per cent).
-- column: female_share_fpu: Female share of FPU personnel, over FPU rows that report sex.
-- column: female_share_police: Female share of all police, over rows that report sex.
-- column: has_deployment_data: True when staffing rows exist for the mission and month (false: ceiling known, deployment not reported).
-- column: police_published: Police (IPOs and FPUs together) as IPI publishes the mission's total that month (IPI mission totals, every month since 1990); null where IPI publishes none.
-- column: police_change_12m: police_deployed minus police_deployed 12 months before (null when either is missing).
-- column: female_share_police_change_12m: female_share_police minus its value 12 months before, in share points (0.01 = one percentage point).
-- column: deployment_source: Where the deployment figures come from (the fact table they were summed from).
-- column: police_total: Police deployed over the whole series: police_deployed (the staffing detail) where it exists, else police_published.
-- column: police_deployed_source: Which value police_total holds: detail (summed from the contributor rows) or published_total (IPI's mission total); null when neither exists.
-- column: police_total_citation: Where police_total comes from: the fact it was summed from, or the IPI file and row of the published total.
{{ described_columns_of('marts.mission_police_scorecard', columns, cast={
    'ipo_deployed': 'bigint',
    'fpu_deployed': 'bigint',
    'police_deployed': 'bigint',
    'ipo_female': 'bigint',
    'fpu_female': 'bigint',
    'female_police': 'bigint',
    'contributing_countries': 'bigint',
    'authorized_police': 'bigint',
    'authorized_ipo': 'bigint',
    'authorized_fpu': 'bigint',
    'police_change_12m': 'bigint',
    'police_published': 'bigint',
    'police_total': 'bigint',
    'ceiling_fill_rate': 'double',
    'ipo_ceiling_fill_rate': 'double',
    'female_share_ipo': 'double',
    'female_share_fpu': 'double',
    'female_share_police': 'double',
    'female_share_police_change_12m': 'double'
}) }}
