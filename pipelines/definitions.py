"""The Dagster code location: merges each domain's definitions and applies
cross-cutting policy once (resources, executor, the main job, publishing)."""

from __future__ import annotations

import dagster as dg

from pipelines.defs.analytics import assets as analytics
from pipelines.defs.analytics.exports import analytics_parquet
from pipelines.defs.benchmarks import assets as benchmarks
from pipelines.defs.ceilings import assets as ceilings
from pipelines.defs.inbox.assets import inbox_files, inbox_files_all_recognised
from pipelines.defs.incidents import assets as incidents
from pipelines.defs.missions import assets as missions
from pipelines.defs.operations.definitions import RUN_SUMMARY
from pipelines.defs.operations.definitions import definitions_for as operations_definitions
from pipelines.defs.publish.assets import publish_asset
from pipelines.defs.reconciliation import assets as reconciliation
from pipelines.defs.reference import assets as reference
from pipelines.defs.report import assets as report
from pipelines.defs.reported_figures import assets as reported_figures
from pipelines.defs.staffing import assets as staffing
from pipelines.defs.strength import assets as strength
from pipelines.defs.training import assets as training
from pipelines.settings import Settings

# Each domain module exposes `defs`; only `defs` below sits at module scope.
DOMAINS = [
    reference, missions, staffing, strength, ceilings, training, incidents, reported_figures, benchmarks,
    reconciliation, report,
]

MAIN_JOB = "unpol_main"


def build_definitions(settings: Settings | None = None, loggers: dict | None = None) -> dg.Definitions:
    settings = settings or Settings.from_env()
    domain_defs = dg.Definitions.merge(
        dg.Definitions(assets=[inbox_files], asset_checks=[inbox_files_all_recognised]), *(d.defs for d in DOMAINS)
    )
    # The analyst views read every other layer, so they are assembled from it.
    domain_defs = dg.Definitions.merge(domain_defs, analytics.definitions_for(domain_defs))
    # Publishing waits for every asset (and so every blocking check) of the run.
    upstream = sorted({key for a in domain_defs.assets or [] for key in a.keys}, key=lambda k: k.path)
    # Schedule, inbox sensor, staffing warnings and the run summary (which runs
    # after every asset and check, so it sees the whole run).
    operations = operations_definitions(settings, upstream, MAIN_JOB)
    everything = dg.Definitions.merge(
        domain_defs, operations, dg.Definitions(assets=[publish_asset([*upstream, RUN_SUMMARY])])
    )
    # Parquet export of the analyst views, after the publish it reads.
    everything = dg.Definitions.merge(everything, dg.Definitions(assets=[analytics_parquet]))
    return dg.Definitions.merge(
        everything,
        dg.Definitions(
            jobs=[
                dg.define_asset_job(
                    MAIN_JOB,
                    selection=dg.AssetSelection.all(),
                    description="Ingest the inbox, validate, build every table and publish the warehouse.",
                )
            ],
            resources=settings.resources(),
            # One process, steps in order: DuckDB allows one writer per file,
            # and the writer lock is held for the whole run (2 s vs 7-8 s
            # for the multiprocess executor on this graph, STACK_NOTES.md).
            executor=dg.in_process_executor,
            loggers=loggers,
        ),
    )


defs = build_definitions()
