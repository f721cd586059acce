"""The analyst connection: read-only, no file access, configuration locked.

``unpol query``, ``tables`` and ``export`` open a release through
:func:`open_release`. Before, a query could ``COPY ... TO`` the published file,
``ATTACH`` the build workspace read-write, ``INSTALL`` an extension or
``read_text('/etc/shadow')``. Two fences, each enough alone:

1. Only read statements run (:func:`check_statements`): SELECT (which covers
   DESCRIBE, SHOW, SUMMARIZE, FROM-first queries) and EXPLAIN. ATTACH, COPY,
   EXPORT, INSTALL, LOAD, SET, PRAGMA, CALL, CREATE and the rest are refused
   with a one-line reason before DuckDB sees them.
2. The connection itself: opened ``read_only`` with
   ``enable_external_access = false`` (no file but the database, no network,
   no extension install), extension autoloading off, and
   ``lock_configuration = true`` so no statement can turn any of it back on.

File output is the CLI's own job (``--csv``, ``--parquet``): the rows come
back to Python and are written there.
"""

from __future__ import annotations

import os

import duckdb

from pipelines.lib.warehouse import DUCKDB_MEMORY_LIMIT

ALLOWED = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}


class Refused(ValueError):
    """A statement the analyst connection does not run (one-line message)."""


def sandbox_config() -> dict:
    return {
        "enable_external_access": False,
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
        "memory_limit": DUCKDB_MEMORY_LIMIT,
        # Last: nothing after this can change the settings above.
        "lock_configuration": True,
    }


def open_release(path: str | os.PathLike) -> duckdb.DuckDBPyConnection:
    """A read-only, sandboxed connection to a published warehouse file."""
    return duckdb.connect(str(path), read_only=True, config=sandbox_config())


def check_statements(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Refuse any statement that is not a read (parsed by DuckDB itself)."""
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as exc:
        raise Refused(f"query failed: {one_line(exc)}") from exc
    if not statements:
        raise Refused("no statement to run")
    for st in statements:
        if st.type not in ALLOWED:
            # The statement's own first word (INSTALL parses as a LOAD statement).
            words = st.query.split()
            kind = words[0].upper() if words else st.type.name
            raise Refused(
                f"refused: {kind} statements are not allowed here (read-only queries only: SELECT, "
                f"DESCRIBE, SHOW, SUMMARIZE, EXPLAIN); to write a file use --csv or --parquet"
            )


def run_query(con: duckdb.DuckDBPyConnection, sql: str):
    """The relation of a checked read query; a file access refused by the
    connection becomes a :class:`Refused` with a one-line reason."""
    check_statements(con, sql)
    try:
        return con.sql(sql)
    except duckdb.PermissionException as exc:
        raise Refused(
            "refused: the query reads or writes a file or network resource outside the warehouse "
            f"(external access is disabled: {one_line(exc)})"
        ) from exc


def one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())
