"""Dagster assets and checks made from the SQL models of ``warehouse/``
(``pipelines.lib.sql_models`` parses and builds them; this module only wraps
them as assets, grouped by each file's ``-- group:`` header)."""


import dagster as dg

from pipelines.defs.partitions import run_window
from pipelines.defs.resources import WarehouseResource
from pipelines.lib.descriptions import columns
from pipelines.lib.sql_models import (
    WAREHOUSE_SQL,
    SqlCheck,
    SqlModel,
    build,
    discover,
    discover_checks,
    preview_markdown,
    run_check,
)


def _make_asset(model: SqlModel, deps: list[dg.AssetKey] | None = None) -> dg.AssetsDefinition:
    """``deps`` overrides the dependencies parsed from the SQL (see
    ``pipelines/defs/analytics``, which reads tables no single asset owns)."""

    @dg.asset(
        key=dg.AssetKey(list(model.key)),
        deps=deps if deps is not None else [dg.AssetKey(list(d)) for d in model.deps],
        group_name=model.group,
        description=f"{model.description}\n\nBuilt from `{model.path.relative_to(WAREHOUSE_SQL.parent)}` "
        f"({model.materialize}, full replace in one transaction).",
        kinds={"duckdb", "sql"},
    )
    def _sql_asset(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
        with warehouse.get().connect() as con:
            rows, how = build(con, model, run_window(context))
            preview = preview_markdown(con, f"{model.schema}.{model.name}")
            schema = column_schema(columns(con, model.schema, model.name))
        return dg.MaterializeResult(
            metadata={
                "dagster/row_count": rows,
                "dagster/column_schema": schema,
                "build": how,
                "preview": dg.MetadataValue.md(preview),
                "sql": dg.MetadataValue.md(f"```sql\n{model.body}\n```"),
            }
        )

    return _sql_asset


def column_schema(cols: list[tuple[str, str, bool, str | None]]) -> dg.TableSchema:
    """The built table's columns as Dagster shows them in the catalog: name,
    DuckDB type, nullability and the description from its ``-- column:``
    comment (the same text ``COMMENT ON`` stores and the analytics views carry)."""
    return dg.TableSchema(
        columns=[
            dg.TableColumn(
                name=name, type=str(type_), description=text or None,
                constraints=dg.TableColumnConstraints(nullable=bool(nullable)),
            )
            for name, type_, nullable, text in cols
        ]
    )


def asset_for(model: SqlModel, deps: list[dg.AssetKey] | None = None) -> dg.AssetsDefinition:
    return _make_asset(model, deps)


def assets_for(group: str) -> list[dg.AssetsDefinition]:
    return [_make_asset(m) for m in discover() if m.group == group]


def _make_check(check: SqlCheck) -> dg.AssetChecksDefinition:
    @dg.asset_check(asset=dg.AssetKey(list(check.asset)), name=check.name, blocking=check.blocking, description=check.description)
    def _check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        with warehouse.get().connect() as con:
            n, sample = run_check(con, check)
        return dg.AssetCheckResult(
            passed=n == 0,
            severity=dg.AssetCheckSeverity.ERROR if check.blocking else dg.AssetCheckSeverity.WARN,
            metadata={"failing_rows": n, "sample": dg.MetadataValue.text(sample or "none")},
        )

    return _check


def checks_for(group: str) -> list[dg.AssetChecksDefinition]:
    groups = {m.key: m.group for m in discover()}
    return [_make_check(c) for c in discover_checks() if groups.get(c.asset) == group]
