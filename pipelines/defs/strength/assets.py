"""Mission strength: troops, police and observers per mission (and for the
whole system) per month since 1990, as IPI published them from the UN DPKO
monthly reports."""

import dagster as dg

from pipelines.defs.strength import transform
from pipelines.lib.raw_assets import raw_domain_asset
from pipelines.lib.sql_assets import assets_for, checks_for

raw_mission_strength, raw_mission_strength_check = raw_domain_asset(
    domain="mission_strength",
    table="mission_strength",
    spec_factory=transform.spec,
    description=(
        "Published strength from IPI's mission totals (data_mission.csv: troops, police = IPO + FPU, "
        "observers and total per mission and month) and system totals (data_monthly.csv: the sums over "
        "contributors, mission 'ALL'), validated with schemas.strength.MissionStrengthRecord. "
        "Grain: month x mission (or ALL) x category; NA categories yield no record. Write mode: full replace."
    ),
)

defs = dg.Definitions(
    assets=[raw_mission_strength, *assets_for("mission_strength")],
    asset_checks=[raw_mission_strength_check, *checks_for("mission_strength")],
)
