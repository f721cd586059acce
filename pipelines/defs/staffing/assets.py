"""Staffing: uniformed personnel by month, mission, contributing country,
personnel type and sex, from every staffing format the UN and IPI publish."""


import dagster as dg

from pipelines.defs.common.resources import WarehouseResource
from pipelines.defs.staffing import transform
from pipelines.lib.raw_assets import (
    INBOX_FILES,
    RAW_MISSIONS,
    known_missions_in,
    reject_share_check,
    run_ingest,
)
from pipelines.lib.sql_assets import assets_for, checks_for

RAW_STAFFING = dg.AssetKey(["raw", "staffing_contributions"])


@dg.asset(key=RAW_STAFFING, deps=[INBOX_FILES, RAW_MISSIONS], group_name="staffing",
          kinds={"python", "polars", "duckdb"})
def raw_staffing_contributions(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Staffing records from the UN open-data long files (both header styles),
    the IPI wide files (both variants) and IPI monthly drops, unpivoted to one
    row per month x mission x country x personnel type and validated with
    ``schemas.staffing.StaffingRecord``. Published total rows are kept with
    ``row_kind = 'total'`` for reconciliation. Grain: one record per key
    (exact repeats merged, later releases win). Write mode: full replace."""
    return run_ingest(
        context, warehouse, lambda con: transform.spec(known_missions_in(con)), "staffing_contributions"
    )


defs = dg.Definitions(
    assets=[raw_staffing_contributions, *assets_for("staffing")],
    asset_checks=[reject_share_check(RAW_STAFFING, "staffing"), *checks_for("staffing")],
)
