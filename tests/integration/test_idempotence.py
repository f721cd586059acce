"""Running the pipeline twice on the same inputs yields the same warehouse.

Compared per table by a content checksum (md5 over the sorted rows, cast to
text) with the columns that identify a run left out: they differ by design.

Run-specific columns (documented in README, "What happens when things go wrong"):
- ``run_id`` in every audit table (and views over them);
- the run's clock: ``scanned_at`` (audit.inbox_files), ``summarized_at``
  (audit.run_summary), ``processed_at`` (audit.processed_files);
- whether a file's content was new: ``files_new`` (audit.run_summary),
  ``first_seen`` (audit.processed_files), true on the first run only.

Audit tables keep history: one set of rows per run (rejects, ledger, ...), so
after two runs each holds the first run's rows and an identical second set.
Everything else is a full replace: the same rows, none duplicated.

Replaying one month (``unpol run --month``, issue 6) is tested with the
monthly partitions in that work (tests/test_partitions*.py); this file covers
the full-refresh path.
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from pipelines.lib.warehouse import read_only
from pipelines.settings import BUNDLED_INBOX
from tests.conftest import run_pipeline

# Columns that describe the run, not the data: its id, its clock (built_at:
# audit.model_builds' time of a table's last full build), and (in the
# operations history, audit.run_summary / audit.processed_files) whether a
# file's content was new to the warehouse, which is true on the first run only.
VOLATILE = {"run_id", "scanned_at", "summarized_at", "processed_at", "files_new", "first_seen", "built_at"}


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def table_digests(query, wh, only: tuple[str, str] | None = None, run_id: str | None = None) -> dict:
    """{schema.table: (rows, md5 of the sorted rows without VOLATILE columns)}."""
    tables = [only] if only else query(wh, "select schema_name, table_name from duckdb_tables() order by all")
    out = {}
    for schema, table in tables:
        cols = [c for (c,) in query(wh, "select column_name from duckdb_columns() where schema_name = ? "
                                        "and table_name = ? order by column_index", [schema, table])]
        keep = [c for c in cols if c not in VOLATILE]
        where, params = "", []
        if run_id is not None:
            where, params = "where run_id = ?", [run_id]
        row = ", ".join(f"coalesce({_q(c)}::varchar, '<null>')" for c in keep)
        sql = (f"select count(*), md5(coalesce(string_agg(r, '|' order by r), '')) from "
               f"(select concat_ws('\x1f', {row}) as r from {_q(schema)}.{_q(table)} {where})")
        out[f"{schema}.{table}"] = tuple(query(wh, sql, params)[0])
    return out


def run_ids(query, wh) -> dict:
    """The latest run_id of each audit-style table."""
    out = {}
    for schema, table in query(wh, "select distinct schema_name, table_name from duckdb_columns() "
                                   "where column_name = 'run_id' and not internal and table_oid in (select table_oid from duckdb_tables())"):
        ids = [r for (r,) in query(wh, f"select distinct run_id from {_q(schema)}.{_q(table)}")]
        out[schema, table] = ids
    return out


@contextmanager
def reading(wh):
    """A ``query`` (the fixture's signature) on one read-only connection: the
    digests take a few hundred queries, and opening the file for each cost more
    than the queries."""
    con = read_only(wh)
    try:
        yield lambda _wh, sql, params=None: con.execute(sql, params or []).fetchall()
    finally:
        con.close()


@pytest.mark.slow
def test_two_runs_on_the_same_inputs_give_the_same_tables(bundled_copy):
    # The first run: the session's bundled build (run_pipeline on the bundled
    # inbox), copied; the second runs the same inbox over it.
    wh = bundled_copy
    with reading(wh) as query:
        [(first_run_id,)] = query(wh, "select distinct run_id from audit.ingest_ledger")
        after_first = table_digests(query, wh)
    second = run_pipeline(BUNDLED_INBOX, wh)
    assert second.success
    with reading(wh) as query:
        ids = run_ids(query, wh)
        history = {key for key, runs in ids.items() if len(runs) > 1}
        after_second = table_digests(query, wh)
        assert set(after_second) == set(after_first)
        # Full-replace tables (audit.inbox_files too: the current inbox, stamped
        # with the run): identical content, same row count, nothing appended.
        replaced = {t for t in after_second if tuple(t.split(".", 1)) not in history}
        assert {t: after_second[t] for t in replaced} == {t: after_first[t] for t in replaced}
        # Tables with run history: one set of rows per run, the second equal to the first.
        assert ("audit", "ingest_ledger") in history
        for schema, table in history:
            assert set(ids[schema, table]) == {first_run_id, second.run_id}, f"{schema}.{table}: rows of other runs"
            one = table_digests(query, wh, (schema, table), first_run_id)
            two = table_digests(query, wh, (schema, table), second.run_id)
            assert one == two, f"{schema}.{table}"
