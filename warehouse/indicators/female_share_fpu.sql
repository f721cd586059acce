-- Share of women among formed police unit (FPU) personnel at month end: women over FPU personnel in the contributor rows that report sex, per mission and for ALL missions; UN documents' figures scored from their counts where they give them. Targets: 12 per cent in 2022, 20 per cent by 2028 (Uniformed Gender Parity Strategy).
-- title: Women in formed police units
-- unit: share
-- direction: higher
-- subject: mission
-- grain: month
-- source: IPI Peacekeeping Database (contributor rows reporting sex, marts.fct_police_deployment); shares and counts cited in UN documents (marts.reported_shares)
{{ female_share('female_share_fpu', women='fpu_female', of='fpu_with_sex') }}
