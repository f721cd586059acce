"""Ceilings: authorized police strength per mission, with the resolution that set it."""

import dagster as dg

from pipelines.defs.ceilings import transform
from pipelines.lib.raw_assets import raw_domain_asset
from pipelines.lib.sql_assets import assets_for, checks_for

raw_police_ceilings, raw_police_ceilings_check = raw_domain_asset(
    domain="ceilings",
    table="police_ceilings",
    spec_factory=transform.spec,
    description=(
        "Authorized police strength from ceiling workbooks (sheet 'ceilings') or CSVs in the inbox, "
        "validated with schemas.ceilings.CeilingRecord. Grain: mission x personnel scope x effective date. "
        "Write mode: full replace."
    ),
)

defs = dg.Definitions(
    assets=[raw_police_ceilings, *assets_for("ceilings")],
    asset_checks=[raw_police_ceilings_check, *checks_for("ceilings")],
)
