"""Compare two warehouse files table by table and view by view: the columns
(names, order, types) and the rows (EXCEPT ALL both ways): the check that a
restructuring changed no table's contents.

usage: .venv/bin/python scripts/compare_warehouses.py BEFORE.duckdb AFTER.duckdb

Columns that differ from run to run (run ids, timestamps, the inbox path, the
SQL fingerprint) are left out and named in the output. VALUE_MAP maps values
renamed on purpose (the ingest domains renamed with their Dagster groups in the
restructuring of issue 12). Exits 1 when any table differs or exists in one
file only.
"""

from __future__ import annotations

import sys

import duckdb

# column -> {value before: value after}
VALUE_MAP = {"domain": {"ceilings": "police_ceilings", "incidents": "fatalities"}}
RUN_COLUMNS = {
    "run_id", "inbox_root", "scanned_at", "loaded_at", "built_at", "processed_at", "summarized_at",
    "published_at", "started_at", "finished_at", "created_at", "rendered_at", "fingerprint",
}


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def tables(con: duckdb.DuckDBPyConnection, db: str) -> set[tuple[str, str]]:
    """Tables and views (a view's rows are compared like a table's)."""
    return set(con.execute(
        "select schema_name, table_name from duckdb_tables() where database_name = ? union "
        "select schema_name, view_name from duckdb_views() where database_name = ? and not internal",
        [db, db]).fetchall())


def columns(con: duckdb.DuckDBPyConnection, db: str, schema: str, table: str) -> list[tuple[str, str]]:
    """(name, type) of each column, in order."""
    return con.execute(
        "select column_name, data_type from duckdb_columns() where database_name = ? and schema_name = ? "
        "and table_name = ? order by column_index", [db, schema, table]).fetchall()


def select(db: str, schema: str, table: str, cols: list[str], mapped: bool) -> str:
    parts = []
    for c in cols:
        if mapped and c in VALUE_MAP:
            cases = " ".join(f"when '{old}' then '{new}'" for old, new in VALUE_MAP[c].items())
            parts.append(f"case {_q(c)} {cases} else {_q(c)} end as {_q(c)}")
        else:
            parts.append(_q(c))
    return f"select {', '.join(parts)} from {db}.{_q(schema)}.{_q(table)}"


def compare(before: str, after: str) -> int:
    con = duckdb.connect()
    con.execute(f"attach {repr(before)} as b (read_only)")
    con.execute(f"attach {repr(after)} as a (read_only)")
    tb, ta = tables(con, "b"), tables(con, "a")
    print("only before:", sorted(tb - ta))
    print("only after:", sorted(ta - tb))
    differing = 0
    for schema, table in sorted(tb & ta):
        typed_b, typed_a = columns(con, "b", schema, table), columns(con, "a", schema, table)
        cols_b = [c for c, _ in typed_b]
        cols = [c for c in cols_b if c in {c for c, _ in typed_a} and c not in RUN_COLUMNS]
        old = select("b", schema, table, cols, mapped=True)
        new = select("a", schema, table, cols, mapped=False)
        nb = con.execute(f"select count(*) from b.{_q(schema)}.{_q(table)}").fetchone()[0]
        na = con.execute(f"select count(*) from a.{_q(schema)}.{_q(table)}").fetchone()[0]
        only_b = con.execute(f"select count(*) from ({old} except all {new})").fetchone()[0]
        only_a = con.execute(f"select count(*) from ({new} except all {old})").fetchone()[0]
        ignored = sorted(set(cols_b) - set(cols))
        # The columns themselves: names, order and types (a BI tool sees all three).
        shape = "" if typed_a == typed_b else f" | columns before {typed_b} after {typed_a}"
        same = only_a == only_b == 0 and na == nb and not shape
        differing += not same
        print(f"{schema}.{table}: before {nb} after {na} | only before {only_b} only after {only_a}"
              + (f" | ignored {', '.join(ignored)}" if ignored else "") + shape + ("" if same else "  <-- DIFFERS"))
    print(f"tables and views compared: {len(tb & ta)}, differing: {differing}")
    return 1 if differing or tb != ta else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(compare(sys.argv[1], sys.argv[2]))
