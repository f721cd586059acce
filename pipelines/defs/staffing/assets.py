"""Staffing: uniformed personnel by month, mission, contributing country,
personnel type and sex, from every staffing format the UN and IPI publish."""


import dagster as dg

from pipelines.defs.factories.raw import (
    INBOX_FILES,
    RAW_MISSIONS,
    known_missions_in,
    reject_share_spec,
    run_ingest,
)
from pipelines.defs.partitions import run_window, staffing_monthly_partition
from pipelines.defs.resources import WarehouseResource
from pipelines.defs.staffing import parser
from pipelines.defs.staffing.window import replace_window
from pipelines.lib.ingest.audit import files_holding

RAW_STAFFING = dg.AssetKey(["raw", "staffing_contributions"])


@dg.asset(key=RAW_STAFFING, deps=[INBOX_FILES, RAW_MISSIONS], group_name="staffing",
          kinds={"python", "polars", "duckdb"}, partitions_def=staffing_monthly_partition,
          # A backfill over a range of months is one run: one writer lock, one publish.
          backfill_policy=dg.BackfillPolicy.single_run(),
          check_specs=[reject_share_spec(RAW_STAFFING, "staffing")])
def raw_staffing_contributions(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Staffing records from the UN open-data long files (both header styles),
    the IPI wide files (both variants) and IPI monthly drops, unpivoted to one
    row per month x mission x country x personnel type and validated with
    ``schemas.staffing.StaffingRecord``. Published total rows are kept with
    ``row_kind = 'total'`` for reconciliation. Grain: one record per key
    (exact repeats merged, later releases win). Write mode: full replace in an
    unpartitioned run (``unpol run``); partition replace in a run for one month
    or a range of months (delete the window, insert it, one transaction)."""
    window = run_window(context)
    if window is None:
        with warehouse.get().connect() as con:
            con.execute(f"drop table if exists raw.{WINDOW_SCRATCH}")  # left by a failed partition run
        return run_ingest(
            context, warehouse, lambda con: parser.spec(known_missions_in(con)), "staffing_contributions"
        )
    # Records are built as in a full run from every file holding a month of the
    # window (a file's precedence depends on its own content only, so the
    # window's records are the same), then only the window's months are
    # swapped in. Files without such a month are skipped (audit.file_months
    # remembers each file content's months): a new month costs that month.
    result = run_ingest(
        context, warehouse, lambda con: parser.spec(known_missions_in(con)), WINDOW_SCRATCH,
        files_filter=lambda con, files: files_holding(con, "staffing", files, *window),
    )
    with warehouse.get().connect() as con:
        window_rows = replace_window(con, WINDOW_SCRATCH, "staffing_contributions", window)
        total = con.execute("select count(*) from raw.staffing_contributions").fetchone()[0]
    return dg.MaterializeResult(
        metadata={
            **result.metadata,
            "dagster/row_count": total,
            "window": dg.MetadataValue.text(f"{window[0]} .. {window[1]} (exclusive)"),
            "window_rows": window_rows,
        },
        check_results=result.check_results,
    )


WINDOW_SCRATCH = "staffing_contributions_window"


defs = dg.Definitions(assets=[raw_staffing_contributions])
