"""No table holds a date from the clock except a run's own timestamps: the
pipeline run on the bundled data under another system date (the clock set
with libfaketime, which DuckDB and Python both read) gives the same tables as
the suite's bundled build made today, once the run's own columns (its id and
its timestamps) are left out."""

from __future__ import annotations

import os
import subprocess
import sys

import duckdb
import libfaketime

from tests.conftest import BUNDLED_INBOX

# A run's own identity and timestamps (audit.inbox_files.scanned_at,
# audit.model_builds.built_at, audit.processed_files.processed_at,
# audit.run_summary.summarized_at) and how long its steps took.
RUN_OWN = ("run_id",)
RUN_OWN_SUFFIXES = ("_at", "_seconds", "_ms")


def _run_on(day: str, inbox, warehouse) -> None:
    env = {**os.environ,
           "LD_PRELOAD": libfaketime._get_shared_lib("libfaketime.so.1"),
           "FAKETIME": f"@{day} 09:30:00",
           "FAKETIME_NO_CACHE": "1",
           "DONT_FAKE_MONOTONIC": "1"}
    code = ("import sys; from pipelines.cli import main; "
            f"sys.exit(main(['run', '--inbox', {str(inbox)!r}, '--warehouse', {str(warehouse)!r}, '--plain']))")
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]


def _tables(con) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for schema, table, column in con.execute("""
            select table_schema, table_name, column_name from information_schema.columns
            where table_catalog = 'first' order by table_schema, table_name, ordinal_position""").fetchall():
        if column in RUN_OWN or column.endswith(RUN_OWN_SUFFIXES):
            out.setdefault(f"{schema}.{table}", [])
            continue
        out.setdefault(f"{schema}.{table}", []).append(f'"{column}"')
    return out


def test_two_runs_on_different_dates_give_identical_tables(tmp_path, bundled_warehouse):
    first, second = bundled_warehouse, tmp_path / "b" / "unpol.duckdb"
    _run_on("2031-05-17", BUNDLED_INBOX, second)
    con = duckdb.connect()
    con.execute(f"attach '{first}' as first (read_only)")
    con.execute(f"attach '{second}' as second (read_only)")
    # The clock was set: each run stamped its own date.
    today = con.execute("select min(scanned_at)::date from first.audit.inbox_files").fetchone()[0]
    assert today.year < 2031
    assert con.execute("select min(scanned_at)::date::varchar from second.audit.inbox_files").fetchone()[0] == "2031-05-17"
    differing = {}
    tables = _tables(con)
    assert "marts.benchmark_results" in tables and "marts.fct_indicator_value" in tables
    for table, columns in tables.items():
        cols = ", ".join(columns) or "1"
        n = con.execute(f"""
            select count(*) from (
                (select {cols} from first.{table} except all select {cols} from second.{table})
                union all
                (select {cols} from second.{table} except all select {cols} from first.{table}))""").fetchone()[0]
        if n:
            differing[table] = n
    assert not differing, differing
