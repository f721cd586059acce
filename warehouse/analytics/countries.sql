-- Countries for analysts: one row per ISO 3166 alpha-3 code used as a contributing or host country.
-- group: analytics
-- materialize: view
-- column: country_iso3: ISO 3166 alpha-3 code, the key of contributing_country_iso3 and host_country_iso3.
-- column: country_name: Country name.
-- column: m49_code: UN M49 numeric code.
-- column: name_source: Where the name and code come from (hdx-python-country, or the project's override seed).
{{ described_columns_of('marts.dim_country', columns) }}
