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
``ALTER SCHEMA ... RENAME`` in one short transaction (the live pair becomes
``analytics_old_<time>``), so a dashboard sees either the old or the new
schema, never half a refresh. The old pair is dropped afterwards, each in its
own transaction.

Locks: renaming a schema takes no lock on the relations in it, so the swap does
not wait for dashboards; dropping the old pair needs every relation in it, so a
BI transaction still holding an old view makes the drop wait. Every step runs
with a short ``lock_timeout`` (``UNPOL_PG_LOCK_TIMEOUT_S``, 2 s): readers
queue behind a waiting statement at most that long; a step that times out is
rolled back whole (the live schema stays complete) and retried with backoff
for ``UNPOL_PG_RETRY_S`` (60 s). An old pair still held after that is left
for the next publish to drop. Before, one 30 s wait blocked every new reader
for 27 s and then failed.

The read-only role ``unpol_bi`` (NOLOGIN group role) gets USAGE on
``analytics`` and SELECT on its views, and ``CREATE`` on schema ``public`` is
revoked from it explicitly (PostgreSQL before 15 grants it to everyone); give
a person or a BI server access with
``CREATE ROLE superset LOGIN PASSWORD '...' IN ROLE unpol_bi``.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import psycopg
from psycopg import sql

from pipelines.lib import descriptions
from pipelines.lib.faults import fault_point
from pipelines.lib.readable import plural
from pipelines.lib.warehouse import qualified, read_only

SOURCE_SCHEMA = "analytics"
VIEWS, DATA = "analytics", "analytics_data"
NEXT_VIEWS, NEXT_DATA = "analytics_next", "analytics_next_data"
OLD_PREFIX = "analytics_old_"
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
    attempts: int = 1
    old_left: tuple[str, ...] = ()


class SwapGaveUp(RuntimeError):
    """The swap could not take its locks within the retry budget; nothing swapped."""


def publish(warehouse, dsn: str, log: Callable[[str], None] = lambda _: None, *,
            lock_timeout_s: float = 2.0, retry_s: float = 60.0) -> Published:
    duck = read_only(warehouse)
    try:
        views = [(n, d) for _, n, _, d in descriptions.objects(duck, [SOURCE_SCHEMA])]
        with psycopg.connect(dsn, autocommit=False) as pg:
            target = safe_target(pg)
            log(f"publishing {plural(len(views), 'view')} to {target}")
            _ensure_role(pg, log)
            try:
                counts = _build_next(duck, pg, views, log, lock_timeout_s)
                attempts = retrying(pg, _swap, lock_timeout_s, retry_s, log, "swap")
            except Exception:
                pg.rollback()
                _drop_next(pg)
                raise
            log(f"swapped {NEXT_VIEWS} in as {VIEWS}" + (f" (attempt {attempts})" if attempts > 1 else ""))
            left = drop_old(pg, lock_timeout_s, retry_s, log)
    finally:
        duck.close()
    return Published(target, counts, attempts, left)


def retrying(pg: psycopg.Connection, step: Callable, lock_timeout_s: float, retry_s: float,
             log: Callable[[str], None], what: str) -> int:
    """Run ``step(cursor)`` in one transaction with ``lock_timeout``; when a
    lock is not granted in time, roll back and try again with backoff (0.25 s
    doubling to 4 s) until ``retry_s`` has passed. Returns the attempts made."""
    deadline = time.monotonic() + retry_s
    wait, attempt = 0.25, 0
    while True:
        attempt += 1
        try:
            with pg.cursor() as cur:
                cur.execute(sql.SQL("set local lock_timeout = {}").format(sql.Literal(f"{int(lock_timeout_s * 1000)}ms")))
                step(cur)
            pg.commit()
            return attempt
        except psycopg.errors.LockNotAvailable:
            pg.rollback()
            if time.monotonic() + wait > deadline:
                raise SwapGaveUp(
                    f"{what}: a lock was not granted within {lock_timeout_s:g} s in {plural(attempt, 'attempt')} over "
                    f"{retry_s:g} s (a BI session keeps a transaction open on the analytics views); nothing was "
                    f"swapped, the published schema is unchanged. Run again later, or end that session"
                ) from None
            log(f"  {what}: lock not granted within {lock_timeout_s:g} s (attempt {attempt}); retrying in {wait:g} s")
            time.sleep(wait)
            wait = min(wait * 2, 4.0)


def _ensure_role(pg: psycopg.Connection, log: Callable[[str], None]) -> None:
    # Roles are cluster-wide; a second database's publish finds it there.
    I = sql.Identifier  # noqa: E741
    with pg.cursor() as cur:
        if not cur.execute("select 1 from pg_roles where rolname = %s", [BI_ROLE]).fetchone():
            cur.execute(sql.SQL("create role {} nologin").format(I(BI_ROLE)))
            cur.execute(
                sql.SQL("comment on role {} is {}").format(
                    I(BI_ROLE),
                    sql.Literal("Read-only access to the UN police warehouse analyst schema (grant it to BI logins)"),
                )
            )
        # The BI role must not create objects a dashboard (or the publisher)
        # might then resolve first. Revoked explicitly, not left to PostgreSQL
        # 15's default; if it still has it through PUBLIC (PostgreSQL 14 and
        # older, or a changed default), it is revoked from PUBLIC too.
        cur.execute(sql.SQL("revoke create on schema public from {}").format(I(BI_ROLE)))
        if cur.execute("select has_schema_privilege(%s, 'public', 'CREATE')", [BI_ROLE]).fetchone()[0]:
            cur.execute("revoke create on schema public from public")
            log("revoked CREATE on schema public from PUBLIC (it let unpol_bi create objects)")
    pg.commit()


def _build_next(duck, pg: psycopg.Connection, views, log, lock_timeout_s: float = 2.0) -> dict[str, int]:
    counts: dict[str, int] = {}
    I = sql.Identifier  # noqa: E741 (reads as the SQL it builds)
    with pg.cursor() as cur:
        cur.execute(sql.SQL("set local lock_timeout = {}").format(sql.Literal(f"{int(lock_timeout_s * 1000)}ms")))
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
            rel = duck.sql(f"select * from {qualified(SOURCE_SCHEMA, name)}")
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
            fault_point("pg_build")
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
            log(f"  {VIEWS}.{name}: {plural(n, 'row')}")
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


def _swap(cur) -> None:
    """Rename the live pair to ``analytics_old_<time>`` and the next pair in (one
    transaction, run by :func:`retrying`)."""
    I = sql.Identifier  # noqa: E741
    exists = {
        r[0] for r in cur.execute(
            "select nspname from pg_namespace where nspname = any(%s)", [[VIEWS, DATA]]
        ).fetchall()
    }
    old = f"{OLD_PREFIX}{datetime.now(UTC):%Y%m%d%H%M%S%f}"
    renames = [(VIEWS, old), (DATA, f"{old}_data")]
    for schema, new in [*((s, n) for s, n in renames if s in exists), (NEXT_VIEWS, VIEWS), (NEXT_DATA, DATA)]:
        cur.execute(sql.SQL("alter schema {} rename to {}").format(I(schema), I(new)))
    fault_point("pg_swap")


def drop_old(pg: psycopg.Connection, lock_timeout_s: float, retry_s: float, log: Callable[[str], None]) -> tuple[str, ...]:
    """Drop every old pair (this publish's and any an earlier one left); one
    still held by a BI transaction after the retry budget is left, named."""
    with pg.cursor() as cur:
        old = [r[0] for r in cur.execute(
            "select nspname from pg_namespace where starts_with(nspname, %s) order by 1", [OLD_PREFIX]).fetchall()]
    pg.commit()
    left = []
    for schema in old:
        def drop(cur, schema=schema):
            cur.execute(sql.SQL("drop schema if exists {} cascade").format(sql.Identifier(schema)))
        try:
            retrying(pg, drop, lock_timeout_s, retry_s, log, f"drop {schema}")
        except SwapGaveUp:
            left.append(schema)
            log(f"  {schema} is still in use; the next publish drops it")
    return tuple(left)


def _drop_next(pg: psycopg.Connection) -> None:
    """After a failed publish: no half-built next pair left behind."""
    with pg.cursor() as cur:
        for schema in (NEXT_VIEWS, NEXT_DATA):
            cur.execute(sql.SQL("drop schema if exists {} cascade").format(sql.Identifier(schema)))
    pg.commit()
