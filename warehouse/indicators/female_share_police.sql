-- Share of women among all UN police at month end: women police over police in the contributor rows that report sex, per mission and for ALL missions; shares cited in UN documents. Target: 20 per cent by 2014 (Global Effort, recalled in S/RES/2382 (2017) para 12(d)).
-- title: Women among UN police
-- unit: share
-- direction: higher
-- subject: mission
-- grain: month
-- source: IPI Peacekeeping Database (contributor rows reporting sex, marts.fct_police_deployment); shares and counts cited in UN documents (marts.reported_shares)
{{ female_share('female_share_police', women='female_police', of='police_with_sex') }}
