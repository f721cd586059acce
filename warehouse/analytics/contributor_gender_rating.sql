-- DPO's gender rating of contributing countries for analysts: one row per country x month x police category (IPO, FPU) where the detail reports sex: green, yellow or red, the year's target and why a row is not rated.
-- group: analytics
-- materialize: view
-- columns: marts.contributor_gender_rating
{{ described_columns_of('marts.contributor_gender_rating', columns, bigint=('personnel', 'personnel_with_sex', 'female')) }}
