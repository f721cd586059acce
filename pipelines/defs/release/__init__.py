"""Release: what readers get, built together and made current in one step after
the warehouse's models. The HTML report and the run summary are written, the
Parquet exports staged into the run's release, the shrink guard checks it, and
the publish swaps it in (pipelines/lib/releases.py). A blocking check that
fails here (the processed files' contract, the shrink guard) stops the step
before the publish, so the current release stays."""

import dagster as dg

from pipelines.defs import audit
from pipelines.defs.factories.raw import INBOX_FILES
from pipelines.defs.factories.sql import StepRun
from pipelines.defs.operations.assets import RUN_SUMMARY, run_summary
from pipelines.defs.release.exports import (
    ANALYTICS_PARQUET,
    RELEASE_KEEPS_ROWS,
    analytics_parquet,
    release_keeps_rows,
)
from pipelines.defs.release.publish import PUBLISHED, published_warehouse
from pipelines.defs.release.report import REPORT, REPORT_INPUTS, police_scorecard
from pipelines.defs.resources import MonitoringResource, WarehouseResource
from pipelines.defs.staffing.assets import RAW_STAFFING
from pipelines.lib.shrink_guard import ALLOWED
from pipelines.lib.sql_models import discover

PROCESSED_FILES = audit.PROCESSED_FILES.key


def _doc(fn) -> str:
    return " ".join((fn.__doc__ or "").split())


def release_step() -> dg.AssetsDefinition:
    views = [dg.AssetKey(list(m.key)) for m in discover() if m.schema == "analytics"]
    contracts = audit.processed_files_checks()

    @dg.multi_asset(
        name="release",
        specs=[
            dg.AssetSpec(REPORT, deps=REPORT_INPUTS, group_name="release", kinds={"html", "python"},
                         description=_doc(police_scorecard)),
            dg.AssetSpec(RUN_SUMMARY, group_name="operations", kinds={"python", "duckdb"},
                         deps=[INBOX_FILES, dg.AssetKey(["audit", "ingest_ledger"]), RAW_STAFFING],
                         description=_doc(run_summary)),
            dg.AssetSpec(PROCESSED_FILES, deps=[RUN_SUMMARY], group_name="audit", kinds={"duckdb"},
                         description=audit.PROCESSED_FILES.description),
            dg.AssetSpec(ANALYTICS_PARQUET, deps=[*views, RUN_SUMMARY, PROCESSED_FILES], group_name="release",
                         kinds={"parquet", "duckdb"}, description=_doc(analytics_parquet), skippable=True),
            dg.AssetSpec(PUBLISHED, deps=[REPORT, ANALYTICS_PARQUET], group_name="release", kinds={"duckdb"},
                         description=_doc(published_warehouse), skippable=True),
        ],
        check_specs=[
            dg.AssetCheckSpec(RELEASE_KEEPS_ROWS, asset=ANALYTICS_PARQUET, blocking=True,
                              description=_doc(release_keeps_rows)),
            *(c.spec() for c in contracts),
        ],
    )
    def release(context: dg.AssetExecutionContext, warehouse: WarehouseResource, monitoring: MonitoringResource):
        """Report, run summary, exports, shrink guard, publish: in this order,
        each only when everything before it succeeded."""
        yield dg.MaterializeResult(asset_key=REPORT, metadata=police_scorecard(context, warehouse))
        yield dg.MaterializeResult(asset_key=RUN_SUMMARY, metadata=run_summary(context, warehouse))
        run = StepRun(context.run.run_id, None, warehouse, monitoring)
        with warehouse.get().connect() as con:
            processed = audit.report(con, audit.PROCESSED_FILES, context.run.run_id)
            results = [(c, *c.run(con, run)) for c in contracts]
        yield dg.MaterializeResult(asset_key=PROCESSED_FILES, metadata=processed)
        for check, passed, metadata in results:
            yield check.result(passed, metadata)
        if any(not passed and check.blocking for check, passed, _ in results):
            return
        yield dg.MaterializeResult(asset_key=ANALYTICS_PARQUET, metadata=analytics_parquet(context, warehouse))
        passed, metadata = release_keeps_rows(context, warehouse)
        yield dg.AssetCheckResult(asset_key=ANALYTICS_PARQUET, check_name=RELEASE_KEEPS_ROWS, passed=passed,
                                  metadata=metadata)
        if passed:
            shrinks = metadata[ALLOWED].value
            yield dg.MaterializeResult(asset_key=PUBLISHED, metadata=published_warehouse(context, warehouse, shrinks))

    return release


defs = dg.Definitions(assets=[release_step()])
