"""Incidents: fatalities, injuries and cases, from UN fatality records and cited figures."""

import dagster as dg

from pipelines.defs.incidents import transform
from pipelines.lib.raw_assets import raw_domain_asset
from pipelines.lib.sql_assets import assets_for, checks_for

raw_fatalities, raw_fatalities_check = raw_domain_asset(
    domain="incidents",
    table="fatalities",
    spec_factory=transform.spec,
    description=(
        "Fatality records from the UN open-data file (odp_noticas.csv, Title_Case) and the Peace and Security "
        "Data Hub file (DPPADPOSS-FATALITIES, lower case), validated with schemas.incidents.FatalityRecord. "
        "Grain: one record per casualty_id; where both releases hold a casualty the newer one wins "
        "(last_update, else the file's latest incident date). Write mode: full replace."
    ),
)

defs = dg.Definitions(
    assets=[raw_fatalities, *assets_for("incidents")],
    asset_checks=[raw_fatalities_check, *checks_for("incidents")],
)
