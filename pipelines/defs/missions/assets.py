"""Mission reference: the UN mission list from the inbox, over the shipped seed."""


import dagster as dg

from pipelines.defs.common.resources import WarehouseResource
from pipelines.defs.missions import transform
from pipelines.lib.raw_assets import INBOX_FILES, RAW_MISSIONS, reject_share_check, run_ingest
from pipelines.lib.sql_assets import assets_for, checks_for


@dg.asset(key=RAW_MISSIONS, deps=[INBOX_FILES], group_name="missions", kinds={"python", "polars", "duckdb"})
def raw_missions(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Missions from UN mission-list files in the inbox (DPPADPOSS-PKO layout),
    validated with ``schemas.missions.MissionRecord``. Grain: one row per mission
    per file. Write mode: full replace. The shipped seed
    ``warehouse/seeds/missions.csv`` is joined in ``staging.stg_missions``."""
    return run_ingest(context, warehouse, lambda con: transform.spec(), "missions")


defs = dg.Definitions(
    assets=[raw_missions, *assets_for("missions")],
    asset_checks=[reject_share_check(RAW_MISSIONS, "missions"), *checks_for("missions")],
)
