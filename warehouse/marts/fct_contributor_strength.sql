-- Contributor strength: one row per contributing country x month x category (troops, police = IPO + FPU, experts on mission), the personnel the country had in every mission of the DPKO reports at month end (peacekeeping operations and the special political missions among them, e.g. UNAMA), as IPI published it per country from the UN DPKO monthly reports, with source file and row.
-- group: contributor_strength
-- column: month: Month, keyed by its first day; IPI's figures are as of the month's last day.
-- column: country_iso3: Contributing country (ISO 3166 alpha-3), resolved from the file name (IPI writes the country nowhere else).
-- column: country_name_published: The country as IPI's file name writes it (e.g. 'Cote d Ivoire', 'DR Congo').
-- column: country_match: How the name was matched to ISO 3166: exact, fuzzy (hdx-python-country) or override (warehouse/seeds/country_overrides.csv).
-- column: category: troops, police (individual police officers and formed police units together) or experts (experts on mission, military observers among them).
-- column: personnel: Personnel of the category the country had deployed at month end, all missions together, as published. A category published as NA (none) has no row.
-- column: source_file: Inbox file the row was loaded from (one file per country).
-- column: source_row: Row number in source_file (1 = first data row).
-- column: citation: source_file and row, to quote with the figure.
select * exclude (source_format), source_file || ' row ' || source_row as citation
from staging.stg_contributor_strength
order by month, country_iso3, category
