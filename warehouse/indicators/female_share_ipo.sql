-- Share of women among individual police officers (IPOs) at month end: women IPOs over IPOs in the contributor rows that report sex, per mission and for ALL missions; UN documents' figures scored from their counts where they give them. Targets: 20 per cent by 2014 (Global Effort), 30 per cent by 2028 (Uniformed Gender Parity Strategy).
-- title: Women among individual police officers
-- unit: share
-- direction: higher
-- subject: mission
-- grain: month
-- source: IPI Peacekeeping Database (contributor rows reporting sex, marts.fct_police_deployment); shares and counts cited in UN documents (marts.reported_shares)
{{ female_share('female_share_ipo', women='ipo_female', of='ipo_with_sex') }}
