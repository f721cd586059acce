"""Security regressions caught by reading the code: SQL text built from values,
configuration (credentials included) read outside the agreed places.

SQL: values go in as bound parameters. The only text interpolated into SQL is
identifiers (validated by ``ident()``, or module constants) and SQL from this
repository's own files. Every f-string passed to ``execute``/``sql``/``query``
is listed below with what it interpolates; a new one fails this test until
someone checks it is not a value and adds it here.
"""

from __future__ import annotations

import ast
from pathlib import Path

from pipelines.lib import exports
from pipelines.settings import PROJECT_ROOT

SQL_METHODS = {"execute", "executemany", "sql", "query"}
# Interpolations that are safe wherever they occur: validated identifiers,
# integers, and literals escaped by descriptions.sql_literal (COMMENT ON takes
# no bound parameters).
# quote_ident() and qualified() double-quote any name (inner quotes doubled), so a
# catalog name stays one identifier (test_quoted_identifiers_stay_one_identifier).
SAFE_CALLS = {"ident", "int", "sql_literal", "quote_ident", "qualified"}

# (file, interpolated expression): reviewed. Reasons in the comments.
REVIEWED = {
    # names assembled from ident()-checked schema and table names
    ("pipelines/lib/warehouse.py", "schema"),  # from SCHEMAS, a module constant
    ("pipelines/lib/warehouse.py", "name"),
    ("pipelines/lib/warehouse.py", "where"),  # a constant predicate text; its values are bound params
    ("pipelines/lib/sql_models.py", "target"),
    ("pipelines/lib/sql_models.py", "table"),
    ("pipelines/lib/sql_models.py", "kind"),
    ("pipelines/lib/sql_models.py", "other"),
    ("pipelines/lib/sql_models.py", "model.body"),  # SQL from warehouse/*.sql in this repository
    ("pipelines/lib/sql_models.py", "strip_comments(check.body)"),  # warehouse/checks/*.sql
    ("pipelines/lib/descriptions.py", "target"),
    ("pipelines/lib/descriptions.py", "'view' if kind == 'view' else 'table'"),
    # the ingest's stage, target and rejected-rows tables: "raw._stage_" + ident(table) and the like
    ("pipelines/lib/ingest/run.py", "stage"),
    ("pipelines/lib/ingest/run.py", "rejected"),
    ("pipelines/lib/ingest/run.py", "target"),
    ("pipelines/lib/ingest/dedup.py", "stage"),
    ("pipelines/lib/ingest/audit.py", "stage"),
    ("pipelines/lib/ingest/audit.py", "rejected"),
    ("pipelines/lib/ingest/audit.py", "table"),  # audit.rejects / audit.ingest_ledger / audit.file_months
    ("pipelines/lib/ingest/audit.py", "name"),
    ("pipelines/lib/ingest/pending.py", "table"),  # audit.rejects or the rejected-rows temp table
    ("pipelines/lib/ingest/audit.py", "kind"),
    ("pipelines/lib/ingest/dedup.py", "same_key"),  # key columns through ident(), joined with 'and'
  # the literal column name row_kind or the literal 'detail'
    ("pipelines/defs/factories/raw.py", "table"),  # the asset's own table name, a literal in its domain
    ("pipelines/lib/exports.py", "SCHEMA"),
    ("pipelines/lib/pg_publish.py", "SOURCE_SCHEMA"),
    ("pipelines/defs/staffing/window.py", "dst"),
    ("pipelines/defs/staffing/window.py", "src"),
    ("pipelines/defs/staffing/assets.py", "WINDOW_SCRATCH"),
    ("pipelines/cli/output.py", "name"),  # schema.table read from duckdb_tables() of our own warehouse
    ("pipelines/lib/shrink_guard.py", "target"),  # qualified(<schema>, <catalog name>): double-quoted
    ("pipelines/defs/operations/assets.py", "DUCKDB_TYPES[dtype]"),  # a type name from a constant map
    ("pipelines/defs/reference/assets.py", "table"),  # from information_schema, double-quoted
    ("pipelines/defs/reference/assets.py", "column"),
    ("pipelines/lib/descriptions.py", "marks"),  # "?, ?, ...": placeholders
    ("pipelines/lib/validation.py", "RECORDS"),  # the view a chunk is registered as, a module constant
    ("pipelines/lib/validation.py", "BROKEN"),  # a temp table name, a module constant
    # SQL Ibis compiles from the contract's rules (schemas/, this repository); constants are quoted by Ibis
    ("pipelines/lib/validation.py", "layout.breaks_any"),
    ("pipelines/lib/ingest/dedup.py", "key"),  # ", ".join(ident(c) for c in spec.key)
    ("pipelines/lib/ingest/dedup.py", "values"),  # the same for spec.values
    ("pipelines/lib/ingest/dedup.py", "order"),  # a constant ORDER BY
    ("pipelines/lib/ingest/audit.py", "state"),  # constant CASE expressions
    ("pipelines/lib/ingest/audit.py", "recs"),  # the union of the stage and rejected tables above
    ("pipelines/lib/ingest/audit.py", "KEEP"),  # status constants
    ("pipelines/lib/ingest/audit.py", "DUPLICATE"),
    ("pipelines/lib/ingest/audit.py", "SUPERSEDED"),
    ("pipelines/lib/ingest/dedup.py", "DUPLICATE"),
    ("pipelines/lib/ingest/dedup.py", "SUPERSEDED"),
}


def sql_interpolations(root: Path = PROJECT_ROOT) -> list[tuple[str, int, str]]:
    found = []
    for path in sorted((root / "pipelines").rglob("*.py")) + sorted((root / "schemas").rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in SQL_METHODS and node.args):
                continue
            first = node.args[0]
            if isinstance(first, ast.BinOp) and isinstance(first.op, (ast.Add, ast.Mod)):
                found.append((rel, node.lineno, "<string concatenation or % formatting>"))
                continue
            if not isinstance(first, ast.JoinedStr):
                continue
            for part in first.values:
                if not isinstance(part, ast.FormattedValue):
                    continue
                expr = part.value
                if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and expr.func.id in SAFE_CALLS:
                    continue
                found.append((rel, node.lineno, ast.unparse(expr)))
    return found


def test_sql_is_never_formatted_with_values():
    unreviewed = [f for f in sql_interpolations() if (f[0], f[2]) not in REVIEWED]
    assert unreviewed == [], (
        "SQL built with f-string interpolation: bind values as parameters (?), wrap identifiers in ident(), "
        f"or, if it is an identifier or repository SQL, add it to REVIEWED with the reason: {unreviewed}"
    )


def test_the_scan_does_catch_an_interpolated_value(tmp_path):
    # A test that cannot fail is a defect: show the scan flags a value.
    bad = tmp_path / "pipelines" / "bad.py"
    bad.parent.mkdir()
    bad.write_text('def f(con, mission):\n    con.execute(f"select * from t where mission = \'{mission}\'")\n')
    (tmp_path / "schemas").mkdir()
    assert sql_interpolations(tmp_path) == [("pipelines/bad.py", 2, "mission")]


# Configuration, credentials included, comes from the environment in these places only.
ENV_READERS = {
    "pipelines/settings.py",  # every UNPOL_* setting
    "pipelines/lib/faults.py",  # UNPOL_FAULT_INJECT, tests only
    "pipelines/cli/serve.py",  # passes the environment on to the webserver and daemon, settings resolved
    "pipelines/cli/instance.py",  # DAGSTER_HOME: the Dagster instance folder (default var/dagster)
    "pipelines/lib/pg_publish.py",  # UNPOL_PG_DSN, never printed (its tests check the password is masked)
}


def test_environment_is_read_in_known_places_only():
    readers = set()
    for path in (PROJECT_ROOT / "pipelines").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "os.environ" in text or "os.getenv" in text or "getenv(" in text:
            readers.add(path.relative_to(PROJECT_ROOT).as_posix())
    assert readers <= ENV_READERS, readers - ENV_READERS


def test_csv_cells_a_spreadsheet_would_execute_are_neutralised(tmp_path):
    out = tmp_path / "x.csv"
    exports.write_csv(out, ["country", "n"], [["=cmd|' /C calc'!A0", -3], ["+SUM(A1)", 2], ["@x", 1], ["Benin", 4]])
    text = out.read_text(encoding="utf-8")
    assert "'=cmd" in text and "'+SUM" in text and "'@x" in text
    assert ",-3" in text  # numbers are data, not formulas
    assert "\n=" not in text and "\n+" not in text and "\n@" not in text


def test_quoted_identifiers_stay_one_identifier():
    import duckdb

    from pipelines.lib.warehouse import qualified, quote_ident

    con = duckdb.connect()
    evil = 'x" as select 1; drop table t; --'
    con.execute(f"create schema s; create table {qualified('s', evil)} as select 42 as a")
    assert con.execute(f"select a from {qualified('s', evil)}").fetchall() == [(42,)]
    assert quote_ident('a"b') == '"a""b"'
