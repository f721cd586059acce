"""Dagster assets and checks built from the SQL files in ``warehouse/``.

One file is one table or view: ``warehouse/<schema>/<name>.sql`` holds a SELECT
and builds ``<schema>.<name>``. Its header comments say what it is:

    -- <what it builds, at what grain>            (first line: the description)
    -- group: <domain>                           (the Dagster group)
    -- materialize: view                         (optional; default table)
    -- column: <name>: <description>             (optional, one per column)

The first line and the ``column`` lines are stored in DuckDB as ``COMMENT ON``
(``pipelines/lib/descriptions.py``), in the transaction that builds the object.

Dependencies are read from the SQL itself (every ``schema.table`` it names), so
adding a table is adding a file. Invariants live in
``warehouse/checks/assert_<invariant>.sql``, each returning the rows that break
it, with ``-- asset: <schema>.<table>`` and ``-- blocking: true|false``.
"""


import re
from dataclasses import dataclass
from pathlib import Path

import dagster as dg

from pipelines.defs.common.resources import WarehouseResource
from pipelines.lib.descriptions import apply_comments
from pipelines.lib.warehouse import WAREHOUSE_SQL, ident

SQL_LAYERS = ("staging", "marts", "audit", "analytics")
_REF = re.compile(r"\b(raw|staging|marts|audit|analytics)\.([a-z_][a-z0-9_]*)\b")
_HEADER = re.compile(r"^--\s*([a-z_]+)\s*:\s*(.+?)\s*$")


@dataclass(frozen=True)
class SqlModel:
    schema: str
    name: str
    path: Path
    description: str
    group: str
    materialize: str
    body: str
    deps: tuple[tuple[str, str], ...]
    columns: tuple[tuple[str, str], ...] = ()

    @property
    def key(self) -> dg.AssetKey:
        return dg.AssetKey([self.schema, self.name])


def _strip_comments(sql: str) -> str:
    return "\n".join(line.split("--", 1)[0] for line in sql.splitlines())


def parse_sql_file(path: Path, schema: str) -> SqlModel:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    if not lines or not lines[0].startswith("--"):
        raise ValueError(f"{path}: must open with a one-line '--' comment saying what it builds")
    meta = {}
    columns = []
    for line in lines[1:]:
        m = _HEADER.match(line)
        if not m:
            break
        if m.group(1) == "column":
            column, _, described = m.group(2).partition(":")
            columns.append((ident(column.strip()), described.strip()))
        else:
            meta[m.group(1)] = m.group(2)
    name = ident(path.stem)
    deps = sorted({(s, t) for s, t in _REF.findall(_strip_comments(text))} - {(schema, name)})
    return SqlModel(
        schema=schema,
        name=name,
        path=path,
        description=lines[0].lstrip("-").strip(),
        group=meta.get("group", schema),
        materialize=meta.get("materialize", "table"),
        body=text,
        deps=tuple(deps),
        columns=tuple(columns),
    )


def discover(root: Path = WAREHOUSE_SQL) -> list[SqlModel]:
    models = []
    for layer in SQL_LAYERS:
        for path in sorted((root / layer).glob("*.sql")):
            models.append(parse_sql_file(path, layer))
    return models


def build(con, model: SqlModel) -> int:
    """(Re)build one model in a single transaction: readers of the workspace
    never see it half-built, and a failure leaves the previous version."""
    kind = "view" if model.materialize == "view" else "table"
    target = f"{ident(model.schema)}.{ident(model.name)}"
    con.execute("begin")
    try:
        # A table may have been a view before (or the reverse): drop the other kind.
        other = "table" if kind == "view" else "view"
        existing = con.execute(
            "select table_type from information_schema.tables where table_schema = ? and table_name = ?",
            [model.schema, model.name],
        ).fetchone()
        if existing and (existing[0] == "VIEW") == (other == "view"):
            con.execute(f"drop {other} {target}")
        con.execute(f"create or replace {kind} {target} as\n{model.body}")
        apply_comments(con, model.schema, model.name, kind, model.description, model.columns)
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return con.execute(f"select count(*) from {target}").fetchone()[0]


def preview_markdown(con, table: str, limit: int = 5) -> str:
    rel = con.sql(f"select * from {table} limit {int(limit)}")
    cols = rel.columns
    rows = rel.fetchall()
    out = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for r in rows:
        out.append("| " + " | ".join("" if v is None else str(v) for v in r) + " |")
    return "\n".join(out)


def _make_asset(model: SqlModel, deps: list[dg.AssetKey] | None = None) -> dg.AssetsDefinition:
    """``deps`` overrides the dependencies parsed from the SQL (see
    ``pipelines/defs/analytics``, which reads tables no single asset owns)."""

    @dg.asset(
        key=model.key,
        deps=deps if deps is not None else [dg.AssetKey(list(d)) for d in model.deps],
        group_name=model.group,
        description=f"{model.description}\n\nBuilt from `{model.path.relative_to(WAREHOUSE_SQL.parent)}` "
        f"({model.materialize}, full replace in one transaction).",
        kinds={"duckdb", "sql"},
    )
    def _sql_asset(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
        with warehouse.get().connect() as con:
            rows = build(con, model)
            preview = preview_markdown(con, f"{model.schema}.{model.name}")
        return dg.MaterializeResult(
            metadata={
                "dagster/row_count": rows,
                "preview": dg.MetadataValue.md(preview),
                "sql": dg.MetadataValue.md(f"```sql\n{model.body}\n```"),
            }
        )

    return _sql_asset


def asset_for(model: SqlModel, deps: list[dg.AssetKey] | None = None) -> dg.AssetsDefinition:
    return _make_asset(model, deps)


def assets_for(group: str) -> list[dg.AssetsDefinition]:
    return [_make_asset(m) for m in discover() if m.group == group]


# --- invariants -----------------------------------------------------------------

@dataclass(frozen=True)
class SqlCheck:
    name: str
    asset: dg.AssetKey
    blocking: bool
    description: str
    body: str


def discover_checks(root: Path = WAREHOUSE_SQL) -> list[SqlCheck]:
    out = []
    for path in sorted((root / "checks").glob("assert_*.sql")):
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        meta = {}
        for line in lines[1:]:
            m = _HEADER.match(line)
            if not m:
                break
            meta[m.group(1)] = m.group(2)
        schema, table = meta["asset"].split(".")
        out.append(
            SqlCheck(
                name=ident(path.stem),
                asset=dg.AssetKey([schema, table]),
                blocking=meta.get("blocking", "true").lower() == "true",
                description=lines[0].lstrip("-").strip(),
                body=text,
            )
        )
    return out


def run_check(con, check: SqlCheck) -> tuple[int, str]:
    n = con.execute(f"select count(*) from ({_strip_comments(check.body)}) as failing").fetchone()[0]
    sample = ""
    if n:
        rel = con.sql(f"select * from ({_strip_comments(check.body)}) as failing limit 5")
        sample = "\n".join(str(dict(zip(rel.columns, r))) for r in rel.fetchall())
    return n, sample


def _make_check(check: SqlCheck) -> dg.AssetChecksDefinition:
    @dg.asset_check(asset=check.asset, name=check.name, blocking=check.blocking, description=check.description)
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
