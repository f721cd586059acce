"""Descriptions stored in DuckDB itself (``COMMENT ON``), so that BI tools,
``duckdb_columns()`` and ``duckdb_views()`` show them.

They are written in the SQL file that builds the table or view:

    -- <what it builds, at what grain>           (the table or view comment)
    -- column: <name>: <what the column holds>   (one line per column)

and applied by ``pipelines.lib.sql_models.build`` in the transaction that
builds the object, so a table is never visible without its descriptions.
"""

from __future__ import annotations

import duckdb

from pipelines.lib.warehouse import ident


def sql_literal(text: str) -> str:
    """A SQL string literal. Only for ``COMMENT ON``, whose grammar takes a
    literal and no bound parameter in DuckDB (``is ?`` is a parser error) or
    PostgreSQL; the text comes from this repository's SQL files."""
    if "\x00" in text:
        raise ValueError("NUL in a description")
    return "'" + text.replace("'", "''") + "'"


def apply_comments(
    con: duckdb.DuckDBPyConnection,
    schema: str,
    name: str,
    kind: str,
    description: str,
    columns: tuple[tuple[str, str], ...] | list[tuple[str, str]] = (),
) -> None:
    """COMMENT ON the table or view and each described column. A description
    naming a column the object does not have fails (DuckDB's binder error), so
    a renamed column cannot keep a stale description."""
    target = f"{ident(schema)}.{ident(name)}"
    con.execute(f"comment on {'view' if kind == 'view' else 'table'} {target} is {sql_literal(description)}")
    for column, text in columns:
        con.execute(f"comment on column {target}.{ident(column)} is {sql_literal(text)}")


def undescribed(con, schema: str) -> list[str]:
    """Tables and views of ``schema`` (``name``) and their columns
    (``name.column``) without a description."""
    return [r[0] for r in con.execute(
        "select table_name from duckdb_tables() where schema_name = $1 and coalesce(trim(comment), '') = '' "
        "union all select view_name from duckdb_views() where schema_name = $1 and coalesce(trim(comment), '') = '' "
        "union all select table_name || '.' || column_name from duckdb_columns() "
        "where schema_name = $1 and coalesce(trim(comment), '') = '' order by 1",
        [schema],
    ).fetchall()]


def objects(con, schemas: tuple[str, ...] | list[str]) -> list[tuple[str, str, str, str | None]]:
    """(schema, name, 'table'|'view', description) for every table and view in ``schemas``."""
    marks = ", ".join("?" for _ in schemas)
    return con.execute(
        f"select schema_name, table_name, 'table', comment from duckdb_tables() where schema_name in ({marks}) "
        f"union all "
        f"select schema_name, view_name, 'view', comment from duckdb_views() "
        f"where schema_name in ({marks}) and not internal "
        f"order by 1, 2",
        [*schemas, *schemas],
    ).fetchall()


def columns(con, schema: str, name: str) -> list[tuple[str, str, bool, str | None]]:
    """(column, type, nullable, description) of one table or view, in order."""
    return columns_of(con, [(schema, name)]).get((schema, name), [])


def columns_of(con, objects: list[tuple[str, str]]) -> dict[tuple[str, str], list[tuple[str, str, bool, str | None]]]:
    """``columns`` of each (schema, name) of ``objects`` that exists, in one
    query: ``duckdb_columns()`` reads the whole catalog at every call."""
    out: dict[tuple[str, str], list] = {}
    if not objects:
        return out
    for schema, name, *column in con.execute(
            "select schema_name, table_name, column_name, data_type, is_nullable, comment from duckdb_columns() "
            "where list_contains(?::varchar[], schema_name || '.' || table_name) order by schema_name, table_name, "
            "column_index", [[f"{schema}.{name}" for schema, name in objects]]).fetchall():
        out.setdefault((schema, name), []).append(tuple(column))
    return out
