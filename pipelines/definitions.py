"""The Dagster code location: assembles the definitions of each stage, in the
order the data flows, and applies cross-cutting policy once (resources,
executor, the main job, publishing). No asset code lives here."""

from __future__ import annotations

import dagster as dg

from pipelines.defs import (
    intake,
    missions,
    operations,
    release,
    sources,
    staffing,
    warehouse,
)
from pipelines.defs.resources import resources_for
from pipelines.settings import Settings

MAIN_JOB = "unpol_main"
# Every run of the main job names the warehouse it builds, as the user named it
# (made absolute, never resolved): `unpol run`, the schedule, the sensor, the UI.
WAREHOUSE_TAG = "unpol/warehouse"

# intake -> raw sources -> the warehouse's models (one step) -> release.
STAGES = [intake, missions, staffing, sources, warehouse, release]


def build_definitions(settings: Settings | None = None, loggers: dict | None = None) -> dg.Definitions:
    settings = settings or Settings.from_env()
    built = dg.Definitions.merge(
        *(stage.defs for stage in STAGES), operations.definitions_for(settings, MAIN_JOB))
    return dg.Definitions.merge(
        built,
        dg.Definitions(
            jobs=[
                dg.define_asset_job(
                    MAIN_JOB,
                    selection=dg.AssetSelection.all(),
                    description="Ingest the inbox, validate, build every table and publish the warehouse.",
                    tags={WAREHOUSE_TAG: str(settings.warehouse.absolute())},
                )
            ],
            resources=resources_for(settings),
            # One process, steps in order: DuckDB allows one writer per file,
            # and the writer lock is held for the whole run (2 s vs 7-8 s
            # for the multiprocess executor on this graph, STACK_NOTES.md).
            executor=dg.in_process_executor,
            loggers=loggers,
        ),
    )


defs = build_definitions()
