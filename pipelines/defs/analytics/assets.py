"""The analyst schema ``analytics``: stable, documented views over the marts and
the audit tables, one file per view in ``warehouse/analytics/``. Names and
columns are kept; a breaking change goes through a new view, not an edit.

Adding a view is adding a file: its header carries the view's description and
one ``-- column: name: description`` line per column, stored in DuckDB with
``COMMENT ON`` when the view is built; a blocking check refuses to publish a
view with an undescribed column.
"""

from __future__ import annotations

import dagster as dg

from pipelines.defs.factories.sql import asset_for, checks_for
from pipelines.defs.resources import WarehouseResource
from pipelines.lib.descriptions import undocumented_columns, undocumented_objects
from pipelines.lib.sql_models import SqlModel, discover

SCHEMA = "analytics"
# Check name, one per view.
COLUMNS_DESCRIBED = "columns_described"


def analytics_models() -> list[SqlModel]:
    return [m for m in discover() if m.schema == SCHEMA]


def _deps(model: SqlModel, known: set[dg.AssetKey]) -> list[dg.AssetKey]:
    """Dependencies parsed from the SQL: every table a view reads is an asset
    (the audit tables the ingest appends to are keyed in ``defs/audit``)."""
    deps = {dg.AssetKey([schema, table]) for schema, table in model.deps}
    unknown = sorted(k.to_user_string() for k in deps if k not in known and k.path[0] != SCHEMA)
    if unknown:
        raise ValueError(f"{model.path.name} reads {', '.join(unknown)}, which no asset builds")
    return sorted(deps, key=lambda k: k.path)


def _columns_check(model: SqlModel) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=dg.AssetKey(list(model.key)),
        name=COLUMNS_DESCRIBED,
        blocking=True,
        description="Every column of the view (and the view itself) has a description stored in DuckDB.",
    )
    def _check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        with warehouse.get().connect() as con:
            missing = [c for _, c in undocumented_columns(con, model.schema, model.name)]
            if model.name in undocumented_objects(con, model.schema):
                missing.insert(0, f"(view {model.schema}.{model.name})")
        return dg.AssetCheckResult(
            passed=not missing,
            metadata={
                "undescribed": len(missing),
                "sample": dg.MetadataValue.text(", ".join(missing[:20]) or "none"),
                "fix": dg.MetadataValue.text(f"add '-- column: <name>: <description>' lines to {model.path.name}"),
            },
        )

    return _check


def definitions_for(upstream: dg.Definitions) -> dg.Definitions:
    """The analytics views and their checks, given the assets they read."""
    known = {key for a in upstream.assets or [] for key in a.keys}
    models = analytics_models()
    return dg.Definitions(
        assets=[asset_for(m, _deps(m, known)) for m in models],
        asset_checks=[_columns_check(m) for m in models] + checks_for("analytics"),
    )
