"""The models of ``warehouse/``: parsed, ordered and built (plain Python; the
one Dagster step that runs them is ``pipelines/defs/factories/sql.py``).

One file is one table or view: ``warehouse/<schema>/<name>.sql`` holds a SELECT
and builds ``<schema>.<name>``. It is a Jinja template: the macros of
``warehouse/macros/*.sql`` are available in every model by name (as in dbt),
and only identifiers and SQL text are templated (the filters ``ident`` and
``words`` refuse anything else); values stay bound parameters.
Its header comments say what it is:

    -- <what it builds, at what grain>            (first line: the description)
    -- group: <domain>                           (the Dagster group)
    -- materialize: view                         (optional; default table)
    -- incremental: month                        (optional; see below)
    -- column: <name>: <description>             (optional, one per column)
    -- columns: <schema>.<table>                 (optional: that model's column lines)

The first line and the ``column`` lines are stored in DuckDB as ``COMMENT ON``
(``pipelines/lib/descriptions.py``) with the object they describe.

A table marked ``incremental: month`` (each row depends only on rows of the
same ``month``: a filter, a projection, a join to a small dimension) is rebuilt
only for the run's months in a run for some months (``unpol run --month``):
delete those months, insert them from the SELECT. It is rebuilt in full in
every other run, and whenever the SQL or seed files changed since its last full
build (a fingerprint of ``warehouse/``, kept in ``audit.model_builds``), so
other months never hold what older definitions computed.

Dependencies are read from the rendered SQL (every ``schema.table`` it names),
so adding a table is adding a file. Invariants live in
``warehouse/checks/assert_<invariant>.sql``, each returning the rows that break
it, with ``-- asset: <schema>.<table>`` and ``-- blocking: true|false``.
"""


import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from pipelines.lib.descriptions import apply_comments
from pipelines.lib.faults import fault_point
from pipelines.lib.indicators import discover_indicators
from pipelines.lib.markdown import markdown_table
from pipelines.lib.readable import row_text
from pipelines.lib.sql_text import header, read_sql, references, strip_comments
from pipelines.lib.warehouse import WAREHOUSE_SQL, ident, table_exists

SQL_LAYERS = ("staging", "marts", "audit", "analytics")
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
    incremental: str | None = None  # "month": rebuilt by month in a run for some months

    @property
    def key(self) -> tuple[str, str]:
        return (self.schema, self.name)


def described_columns(path: Path) -> list[tuple[str, str]]:
    """A model's ``-- column:`` lines, or those of the model its
    ``-- columns: <schema>.<table>`` line names (read before rendering: the
    header is plain text)."""
    meta, columns = header(path.read_text(encoding="utf-8").splitlines())
    if "columns" in meta:
        return described_columns(WAREHOUSE_SQL.joinpath(*meta["columns"].split(".")).with_suffix(".sql"))
    return columns


def parse_sql_file(path: Path, schema: str, **context) -> SqlModel:
    """Render and parse one model; its template sees ``columns``, the names
    of its described columns."""
    columns = described_columns(path)
    text, description, meta = read_sql(path, columns=[c for c, _ in columns], **context)
    name = ident(path.stem)
    return SqlModel(
        schema=schema,
        name=name,
        path=path,
        description=description,
        group=meta.get("group", schema),
        materialize=meta.get("materialize", "table"),
        body=text,
        deps=tuple(sorted(references(text) - {(schema, name)})),
        columns=tuple(columns),
        incremental=meta.get("incremental"),
    )


def discover(root: Path = WAREHOUSE_SQL) -> list[SqlModel]:
    """Every model under ``root``, rendered and parsed once per process: the
    definitions ask for them in three modules (the SQL step, the audit tables,
    the release), and each render is about 70 ms."""
    return list(_discover(root))


@cache
def _discover(root: Path) -> tuple[SqlModel, ...]:
    return tuple(parse_sql_file(path, layer, indicators=lambda: discover_indicators(root / "indicators"))
                 for layer in SQL_LAYERS for path in sorted((root / layer).glob("*.sql")))


def definitions_fingerprint(root: Path = WAREHOUSE_SQL) -> str:
    """A hash of every SQL and seed file: what a table's rows are computed from
    besides the data."""
    h = hashlib.sha256()
    for path in sorted([*root.glob("*/*.sql"), *root.glob("seeds/*.csv")]):
        h.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _ensure_builds_table(con) -> None:
    con.execute("create table if not exists audit.model_builds (schema_name varchar, table_name varchar, "
                "fingerprint varchar, built_at timestamptz)")
    con.execute("comment on table audit.model_builds is 'Last full build of each table rebuilt by month "
                "in runs for some months, with the fingerprint of the SQL and seed files it was built with.'")


def build(con, model: SqlModel, window: tuple[date, date] | None = None) -> tuple[int, str]:
    """(Re)build one model on ``con``, inside whatever transaction the caller
    holds (the SQL step holds one for all its models). Returns (rows, how:
    "full" or "months <first> .. <last>")."""
    kind = "view" if model.materialize == "view" else "table"
    target = f"{ident(model.schema)}.{ident(model.name)}"
    incremental = model.incremental == "month" and kind == "table"
    fingerprint = definitions_fingerprint() if incremental else None
    if incremental:
        _ensure_builds_table(con)
    if incremental and window and table_exists(con, model.schema, model.name) and con.execute(
            "select count(*) from audit.model_builds where schema_name = ? and table_name = ? and fingerprint = ?",
            [model.schema, model.name, fingerprint]).fetchone()[0]:
        con.execute(f"delete from {target} where month >= ? and month < ?", list(window))
        con.execute(f"insert into {target} by name select * from (\n{model.body}\n) as rebuilt "
                    "where month >= ? and month < ?", list(window))
        fault_point(f"build:{target}")
        last = window[1].replace(day=1) - timedelta(days=1)
        how = f"months {window[0]:%Y-%m} .. {last:%Y-%m}"
        return con.execute(f"select count(*) from {target}").fetchone()[0], how
    # A table may have been a view before (or the reverse): drop the other kind.
    other = "table" if kind == "view" else "view"
    # duckdb_tables() and duckdb_views(), not information_schema.tables: its
    # table_type costs about 5x as much, for each of the step's models.
    existing = con.execute(
        "select 'table' from duckdb_tables() where schema_name = $1 and table_name = $2 "
        "union all select 'view' from duckdb_views() where schema_name = $1 and view_name = $2",
        [model.schema, model.name],
    ).fetchone()
    if existing and existing[0] == other:
        con.execute(f"drop {other} {target}")
    con.execute(f"create or replace {kind} {target} as\n{model.body}")
    apply_comments(con, model.schema, model.name, kind, model.description, model.columns)
    if incremental:
        con.execute("delete from audit.model_builds where schema_name = ? and table_name = ?",
                    [model.schema, model.name])
        con.execute("insert into audit.model_builds values (?, ?, ?, now())",
                    [model.schema, model.name, fingerprint])
    fault_point(f"build:{target}")
    return con.execute(f"select count(*) from {target}").fetchone()[0], "full"


def preview_markdown(con, table: str, limit: int = 5) -> str:
    rel = con.sql(f"select * from {table} limit {int(limit)}")
    return markdown_table(rel.columns, rel.fetchall())


# --- invariants -----------------------------------------------------------------

@dataclass(frozen=True)
class SqlCheck:
    name: str
    asset: tuple[str, str]
    blocking: bool
    description: str
    body: str


def discover_checks(root: Path = WAREHOUSE_SQL) -> list[SqlCheck]:
    out = []
    for path in sorted((root / "checks").glob("assert_*.sql")):
        text, description, meta = read_sql(path)
        schema, table = meta["asset"].split(".")
        out.append(SqlCheck(name=ident(path.stem), asset=(schema, table),
                            blocking=meta.get("blocking", "true").lower() == "true",
                            description=description, body=text))
    return out


def run_check(con, check: SqlCheck) -> tuple[int, str]:
    """(failing rows, a sample of them); a table not written yet breaks nothing."""
    if not table_exists(con, *check.asset):
        return 0, ""
    n = con.execute(f"select count(*) from ({strip_comments(check.body)}) as failing").fetchone()[0]
    sample = ""
    if n:
        rel = con.sql(f"select * from ({strip_comments(check.body)}) as failing limit 5")
        sample = "\n".join(row_text(rel.columns, r) for r in rel.fetchall())
    return n, sample
