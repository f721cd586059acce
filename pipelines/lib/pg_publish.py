"""Publish the analyst schema into PostgreSQL, for BI servers on other hosts.

The connection string comes from the environment (``UNPOL_PG_DSN``, a libpq
URI or key=value string); it is never printed or logged, only the host and
database are. Layout in PostgreSQL:

- ``analytics``: one view per DuckDB analytics view, same names, columns and
  comments; what BI users query.
- ``analytics_data``: the tables holding the rows (private; the views read them
  with their owner's rights).

A refresh builds ``analytics_next`` and ``analytics_next_data`` (tables loaded
with COPY, views, comments, grants), commits, then swaps them in with four
``ALTER SCHEMA ... RENAME`` and drops the old pair in one short transaction, so
a dashboard sees either the old or the new schema, never half a refresh.

The read-only role ``unpol_bi`` (NOLOGIN group role) gets USAGE on
``analytics`` and SELECT on its views; give a person or a BI server access with
``CREATE ROLE superset LOGIN PASSWORD '...' IN ROLE unpol_bi``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass

import psycopg
from psycopg import sql

from pipelines.lib import descriptions
from pipelines.lib.warehouse import ident, read_only

SOURCE_SCHEMA = "analytics"
VIEWS, DATA = "analytics", "analytics_data"
NEXT_VIEWS, NEXT_DATA = "analytics_next", "analytics_next_data"
OLD_VIEWS, OLD_DATA = "analytics_old", "analytics_old_data"
BI_ROLE = "unpol_bi"
DSN_ENV = "UNPOL_PG_DSN"
BATCH_ROWS = 50_000

_DECIMAL = re.compile(r"^DECIMAL\((\d+),(\d+)\)$")
# DuckDB type -> PostgreSQL type; anything else is refused rather than guessed.
_TYPES = {
    "VARCHAR": "text",
    "BOOLEAN": "boolean",
    "TINYINT": "smallint",
    "SMALLINT": "smallint",
    "INTEGER": "integer",
    "BIGINT": "bigint",
    "HUGEINT": "numeric(38,0)",
    "UTINYINT": "smallint",
    "USMALLINT": "integer",
    "UINTEGER": "bigint",
    "UBIGINT": "numeric(20,0)",
    "FLOAT": "real",
    "DOUBLE": "double precision",
    "DATE": "date",
    "TIMESTAMP": "timestamp",
    "TIMESTAMP WITH TIME ZONE": "timestamptz",
    "TIME": "time",
    "UUID": "uuid",
    "BLOB": "bytea",
}


def pg_type(duckdb_type: str) -> str:
    if duckdb_type in _TYPES:
        return _TYPES[duckdb_type]
    m = _DECIMAL.match(duckdb_type)
    if m:
        return f"numeric({m.group(1)},{m.group(2)})"
    raise ValueError(f"no PostgreSQL type chosen for DuckDB type {duckdb_type}")


def dsn_from_env() -> str:
    dsn = os.environ.get(DSN_ENV)
    if not dsn:
        raise RuntimeError(f"set {DSN_ENV} to the PostgreSQL connection string (libpq URI or key=value)")
    return dsn


_PASSWORD = (re.compile(r"://[^:/@\s]*:([^@\s]+)@"), re.compile(r"password\s*=\s*'?([^'\s]+)"))


def redact(text: str, dsn: str) -> str:
    """``text`` with the DSN's password masked: libpq quotes pieces of a
    malformed connection string back in its error messages."""
    for pattern in _PASSWORD:
        for secret in pattern.findall(dsn):
            text = text.replace(secret, "***")
    return text


def safe_target(conn: psycopg.Connection) -> str:
    """Where we are connected, without user or password."""
    info = conn.info
    return f"{info.host}:{info.port}/{info.dbname}"


@dataclass
class Published:
    target: str
    views: dict[str, int]


def publish(warehouse, dsn: str, log: Callable[[str], None] = lambda _: None) -> Published:
    duck = read_only(warehouse)
    try:
        views = [(n, d) for _, n, _, d in descriptions.objects(duck, [SOURCE_SCHEMA])]
        with psycopg.connect(dsn, autocommit=False) as pg:
            target = safe_target(pg)
            log(f"publishing {len(views)} views to {target}")
            _ensure_role(pg)
            counts = _build_next(duck, pg, views, log)
            _swap(pg)
            log(f"swapped {NEXT_VIEWS} in as {VIEWS}")
    finally:
        duck.close()
    return Published(target, counts)


def _ensure_role(pg: psycopg.Connection) -> None:
    # Roles are cluster-wide; a second database's publish finds it there.
    with pg.cursor() as cur:
        if not cur.execute("select 1 from pg_roles where rolname = %s", [BI_ROLE]).fetchone():
            cur.execute(sql.SQL("create role {} nologin").format(sql.Identifier(BI_ROLE)))
            cur.execute(
                sql.SQL("comment on role {} is {}").format(
                    sql.Identifier(BI_ROLE),
                    sql.Literal("Read-only access to the UN police warehouse analyst schema (grant it to BI logins)"),
                )
            )
    pg.commit()


def _build_next(duck, pg: psycopg.Connection, views, log) -> dict[str, int]:
    counts: dict[str, int] = {}
    I = sql.Identifier  # noqa: E741 (reads as the SQL it builds)
    with pg.cursor() as cur:
        for schema in (NEXT_VIEWS, NEXT_DATA):
            cur.execute(sql.SQL("drop schema if exists {} cascade").format(I(schema)))
            cur.execute(sql.SQL("create schema {}").format(I(schema)))
        for name, desc in views:
            cols = descriptions.columns(duck, SOURCE_SCHEMA, name)
            cur.execute(
                sql.SQL("create table {}.{} ({})").format(
                    I(NEXT_DATA), I(name),
                    sql.SQL(", ").join(sql.SQL("{} {}").format(I(c), sql.SQL(pg_type(t))) for c, t, _, _ in cols),
                )
            )
            rel = duck.sql(f"select * from {SOURCE_SCHEMA}.{ident(name)}")  # names from the catalog
            n = 0
            copy_sql = sql.SQL("copy {}.{} ({}) from stdin").format(
                I(NEXT_DATA), I(name), sql.SQL(", ").join(I(c) for c, *_ in cols)
            )
            with cur.copy(copy_sql) as copy:
                while batch := rel.fetchmany(BATCH_ROWS):
                    for row in batch:
                        copy.write_row(row)
                    n += len(batch)
            counts[name] = n
            cur.execute(
                sql.SQL("create view {}.{} as select {} from {}.{}").format(
                    I(NEXT_VIEWS), I(name), sql.SQL(", ").join(I(c) for c, *_ in cols), I(NEXT_DATA), I(name)
                )
            )
            cur.execute(sql.SQL("comment on view {}.{} is {}").format(I(NEXT_VIEWS), I(name), sql.Literal(desc)))
            cur.execute(sql.SQL("comment on table {}.{} is {}").format(
                I(NEXT_DATA), I(name), sql.Literal(f"Rows of {VIEWS}.{name} (query the view)")))
            for c, _, _, text in cols:
                for schema in (NEXT_VIEWS, NEXT_DATA):
                    cur.execute(sql.SQL("comment on column {}.{}.{} is {}").format(
                        I(schema), I(name), I(c), sql.Literal(text)))
            log(f"  {VIEWS}.{name}: {n:,} rows")
        cur.execute(sql.SQL("comment on schema {} is {}").format(
            I(NEXT_VIEWS), sql.Literal("UN police performance warehouse: stable, documented analyst views")))
        cur.execute(sql.SQL("comment on schema {} is {}").format(
            I(NEXT_DATA), sql.Literal("Tables behind the analytics views; query the views")))
        # Grants travel with the schema through the rename. Default privileges
        # cover views an administrator adds to the schema later.
        cur.execute(sql.SQL("grant usage on schema {} to {}").format(I(NEXT_VIEWS), I(BI_ROLE)))
        cur.execute(sql.SQL("grant select on all tables in schema {} to {}").format(I(NEXT_VIEWS), I(BI_ROLE)))
        cur.execute(sql.SQL("alter default privileges in schema {} grant select on tables to {}").format(
            I(NEXT_VIEWS), I(BI_ROLE)))
    pg.commit()
    return counts


def _swap(pg: psycopg.Connection) -> None:
    I = sql.Identifier  # noqa: E741
    with pg.cursor() as cur:
        # lock_timeout: a long dashboard query holding the old views makes the
        # swap fail (and retry next run) instead of queueing every new reader.
        cur.execute("set local lock_timeout = '30s'")
        exists = {
            r[0] for r in cur.execute(
                "select nspname from pg_namespace where nspname = any(%s)", [[VIEWS, DATA]]
            ).fetchall()
        }
        for schema in (OLD_VIEWS, OLD_DATA):
            cur.execute(sql.SQL("drop schema if exists {} cascade").format(I(schema)))
        if VIEWS in exists:
            cur.execute(sql.SQL("alter schema {} rename to {}").format(I(VIEWS), I(OLD_VIEWS)))
        if DATA in exists:
            cur.execute(sql.SQL("alter schema {} rename to {}").format(I(DATA), I(OLD_DATA)))
        cur.execute(sql.SQL("alter schema {} rename to {}").format(I(NEXT_VIEWS), I(VIEWS)))
        cur.execute(sql.SQL("alter schema {} rename to {}").format(I(NEXT_DATA), I(DATA)))
        for schema in (OLD_VIEWS, OLD_DATA):
            cur.execute(sql.SQL("drop schema if exists {} cascade").format(I(schema)))
    pg.commit()
