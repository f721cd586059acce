"""Mission reference: the UN mission list from the inbox, over the shipped seed."""


import dagster as dg

from pipelines.defs.factories.raw import INBOX_FILES, RAW_MISSIONS, reject_share_spec, run_ingest
from pipelines.defs.missions import parser
from pipelines.defs.resources import WarehouseResource


@dg.asset(key=RAW_MISSIONS, deps=[INBOX_FILES], group_name="missions", kinds={"python", "polars", "duckdb"},
          check_specs=[reject_share_spec(RAW_MISSIONS, "missions")])
def raw_missions(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Missions from UN mission-list files in the inbox (DPPADPOSS-PKO layout),
    validated with ``schemas.missions.MissionRecord``. Grain: one row per mission
    per file. Write mode: full replace. The shipped seed
    ``warehouse/seeds/missions.csv`` is joined in ``staging.stg_missions``."""
    return run_ingest(context, warehouse, lambda con: parser.spec(), "missions")


defs = dg.Definitions(assets=[raw_missions])
