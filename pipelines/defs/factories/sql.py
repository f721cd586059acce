"""The SQL layer as one Dagster step: every model of ``warehouse/`` (staging,
marts, indicators, audit reconciliation, analytics views) and the few tables
written from Python among them (seeds, countries, the indicator list) are the
outputs of one ``multi_asset``, built in dependency order on one DuckDB
connection in one transaction, with their checks as the step's check specs.

Each table keeps its own asset key, group and lineage, so the catalog reads as
before; a run selecting some of them builds only those (``can_subset``). A
blocking check that fails leaves the tables downstream of its asset unbuilt in
this run and fails the step after the rest is built, so nothing is published.
"""

import graphlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import dagster as dg
import duckdb

from pipelines.defs.partitions import run_window
from pipelines.defs.resources import MonitoringResource, WarehouseResource
from pipelines.lib.descriptions import columns_of
from pipelines.lib.progress import step_progress
from pipelines.lib.sql_models import (
    WAREHOUSE_SQL,
    SqlCheck,
    SqlModel,
    build,
    preview_markdown,
    run_check,
)
from pipelines.lib.warehouse import transaction

STEP_NAME = "warehouse_models"


@dataclass(frozen=True)
class StepRun:
    """What a model or check may know of the run besides its connection."""

    run_id: str
    window: tuple[date, date] | None
    warehouse: WarehouseResource
    monitoring: MonitoringResource


@dataclass(frozen=True)
class Model:
    """One output of the step: a table or view and how to build it on the
    step's connection (returning its metadata)."""

    key: dg.AssetKey
    deps: tuple[dg.AssetKey, ...]
    group: str
    description: str
    kinds: frozenset[str]
    build: Callable[[duckdb.DuckDBPyConnection, StepRun], dict]
    # Its built columns (types, nullability, COMMENT ON descriptions) as the
    # metadata's column schema, read for all such models at once after they are built.
    column_schema: bool = False


@dataclass(frozen=True)
class Check:
    """A check on one of the step's outputs, run on the same connection once
    its asset (and ``extra_deps``) are built."""

    asset: dg.AssetKey
    name: str
    blocking: bool
    description: str
    run: Callable[[duckdb.DuckDBPyConnection, StepRun], tuple[bool, dict]]  # (passed, metadata)
    extra_deps: tuple[dg.AssetKey, ...] = field(default=())

    def spec(self) -> dg.AssetCheckSpec:
        return dg.AssetCheckSpec(self.name, asset=self.asset, blocking=self.blocking, description=self.description,
                                 additional_deps=list(self.extra_deps))

    def result(self, passed: bool, metadata: dict) -> dg.AssetCheckResult:
        return dg.AssetCheckResult(asset_key=self.asset, check_name=self.name, passed=passed, metadata=metadata,
                                   severity=dg.AssetCheckSeverity.ERROR if self.blocking else dg.AssetCheckSeverity.WARN)


def sql_model(model: SqlModel) -> Model:
    def _build(con: duckdb.DuckDBPyConnection, run: StepRun) -> dict:
        rows, how = build(con, model, run.window)
        return {
            "dagster/row_count": rows,
            "build": how,
            "preview": dg.MetadataValue.md(preview_markdown(con, f"{model.schema}.{model.name}")),
            "sql": dg.MetadataValue.md(f"```sql\n{model.body}\n```"),
        }

    return Model(
        key=dg.AssetKey(list(model.key)),
        deps=tuple(dg.AssetKey(list(d)) for d in model.deps),
        group=model.group,
        description=f"{model.description}\n\nBuilt from `{model.path.relative_to(WAREHOUSE_SQL.parent)}` "
        f"({model.materialize}).",
        kinds=frozenset({"duckdb", "sql"}),
        build=_build,
        column_schema=True,
    )


@dataclass(frozen=True)
class Built:
    """A model the step built, and the metadata its build returned."""

    model: Model
    metadata: dict

    def result(self, described: dict[tuple[str, str], list]) -> dg.MaterializeResult:
        """Its materialization; ``described``: ``columns_of`` the built models."""
        metadata = self.metadata
        if self.model.column_schema:
            schema = dg.TableSchema(columns=[
                dg.TableColumn(name=name, type=str(type_), description=text or None,
                               constraints=dg.TableColumnConstraints(nullable=bool(nullable)))
                for name, type_, nullable, text in described.get(tuple(self.model.key.path), [])])
            # After the row count, as the build's metadata had it.
            head = {k: v for k, v in metadata.items() if k == "dagster/row_count"}
            metadata = {**head, "dagster/column_schema": schema, **metadata}
        return dg.MaterializeResult(asset_key=self.model.key, metadata=metadata)


def sql_check(check: SqlCheck) -> Check:
    def _run(con: duckdb.DuckDBPyConnection, run: StepRun) -> tuple[bool, dict]:
        n, sample = run_check(con, check)
        return n == 0, {"failing_rows": n, "sample": dg.MetadataValue.text(sample or "none")}

    return Check(dg.AssetKey(list(check.asset)), check.name, check.blocking, check.description, _run)


def dependency_order(models: list[Model]) -> list[Model]:
    """Models in an order where each comes after the models it reads (stable:
    the graph is laid out in key order)."""
    by_key = {m.key: m for m in sorted(models, key=lambda m: m.key.path)}
    graph = {key: sorted((d for d in m.deps if d in by_key), key=lambda k: k.path) for key, m in by_key.items()}
    try:
        return [by_key[key] for key in graphlib.TopologicalSorter(graph).static_order()]
    except graphlib.CycleError as exc:
        raise ValueError(" -> ".join(k.to_user_string() for k in exc.args[1]) + ": a model depends on itself") from exc


def sql_step(models: list[Model], checks: list[Check]) -> dg.AssetsDefinition:
    order = dependency_order(models)
    keys = {m.key for m in models}
    unknown = sorted(c.asset.to_user_string() for c in checks if c.asset not in keys)
    if unknown:
        raise ValueError(f"checks on assets the SQL step does not build: {', '.join(unknown)}")

    @dg.multi_asset(
        name=STEP_NAME,
        specs=[
            dg.AssetSpec(m.key, deps=list(m.deps), group_name=m.group, description=m.description,
                         kinds=set(m.kinds), skippable=True)
            for m in order
        ],
        check_specs=[c.spec() for c in checks],
        can_subset=True,
    )
    def warehouse_models(context: dg.AssetExecutionContext, warehouse: WarehouseResource,
                         monitoring: MonitoringResource):
        """Build the selected models in dependency order, in one transaction:
        a failure leaves every table as the run found it."""
        selected = context.selected_asset_keys
        selected_checks = context.selected_asset_check_keys
        run = StepRun(context.run.run_id, run_window(context), warehouse, monitoring)
        todo = [m for m in order if m.key in selected]
        pending = [c for c in checks if dg.AssetCheckKey(c.asset, c.name) in selected_checks]
        built: set[dg.AssetKey] = set()
        blocked: set[dg.AssetKey] = set()  # failed a blocking check, or reads what did
        results: list = []  # in order: a Built model or a check's result
        with warehouse.get().connect() as con, transaction(con):
            for model in todo:
                if any(d in blocked for d in model.deps):
                    blocked.add(model.key)
                    context.log.warning(f"{model.key.to_user_string()} not built: it reads a table "
                                        "that failed a blocking check")
                    continue
                results.append(Built(model, model.build(con, run)))
                built.add(model.key)
                step_progress(model.key.to_user_string().replace("/", "."))
                ready = [c for c in pending if c.asset in built
                         and all(d in built or d not in selected for d in c.extra_deps)]
                for c in ready:
                    pending.remove(c)
                    passed, metadata = c.run(con, run)
                    if not passed and c.blocking:
                        blocked.add(c.asset)
                    results.append(c.result(passed, metadata))
            described = columns_of(con, [tuple(r.model.key.path) for r in results
                                         if isinstance(r, Built) and r.model.column_schema])
        for r in results:
            yield r.result(described) if isinstance(r, Built) else r

    return warehouse_models

