"""PostgreSQL publish against the real server (marker ``postgres``): a throwaway
database per test session, dropped after. Row counts and the scorecard match
DuckDB exactly; psql lists the views with their comments; the BI role reads
the views and nothing else; a failed refresh leaves the published schema as
it was."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
import time
import uuid

import psycopg
import pytest
from psycopg import sql

from pipelines.cli import main
from pipelines.lib import pg_publish
from pipelines.lib.sql_models import discover
from pipelines.lib.warehouse import read_only

pytestmark = pytest.mark.postgres

SCORECARD = "select * from analytics.mission_police_scorecard order by mission, month"
# One view per warehouse/analytics/*.sql file.
N_VIEWS = sum(m.schema == "analytics" for m in discover())


@pytest.fixture(scope="session")
def pg_dsn(pg_admin_dsn):
    try:
        admin = psycopg.connect(pg_admin_dsn, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        pytest.fail(f"PostgreSQL not reachable (tests/pg_server.py found it): {exc}")
    name = f"unpol_test_{uuid.uuid4().hex[:10]}"
    admin.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
    info = psycopg.conninfo.conninfo_to_dict(pg_admin_dsn)
    # A password in the DSN (ignored under trust auth) proves it is never printed.
    info.update(dbname=name, password="s3cret-not-to-be-logged")
    try:
        yield psycopg.conninfo.make_conninfo(**info)
    finally:
        admin.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name)))
        admin.close()


@pytest.fixture(scope="session")
def published(pg_dsn, bundled_warehouse):
    os.environ[pg_publish.DSN_ENV] = pg_dsn
    try:
        rc = main(["publish-postgres", "--warehouse", str(bundled_warehouse)])
    finally:
        del os.environ[pg_publish.DSN_ENV]
    assert rc == 0
    return pg_dsn


def _duck(bundled_warehouse, query):
    con = read_only(bundled_warehouse)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


def test_publish_never_prints_the_connection_string(pg_dsn, bundled_warehouse, capsys, monkeypatch):
    monkeypatch.setenv(pg_publish.DSN_ENV, pg_dsn)
    assert main(["publish-postgres", "--warehouse", str(bundled_warehouse)]) == 0
    captured = capsys.readouterr()
    assert "s3cret" not in captured.out + captured.err
    assert f"published {N_VIEWS} views to " in captured.out and "/unpol_test_" in captured.out


def test_row_counts_match_duckdb(published, bundled_warehouse):
    views = [r[0] for r in _duck(bundled_warehouse,
             "select view_name from duckdb_views() where schema_name = 'analytics' order by 1")]
    with psycopg.connect(published) as pg:
        pg_views = [r[0] for r in pg.execute(
            "select table_name from information_schema.views where table_schema = 'analytics' order by 1").fetchall()]
        assert pg_views == views
        for v in views:
            q = f"select count(*) from analytics.{v}"  # names from the DuckDB catalog
            assert pg.execute(q).fetchone()[0] == _duck(bundled_warehouse, q)[0][0], v


def test_scorecard_rows_match_duckdb_exactly(published, bundled_warehouse):
    with psycopg.connect(published) as pg:
        cur = pg.execute(SCORECARD)
        pg_rows, pg_cols = cur.fetchall(), [d.name for d in cur.description]
    con = read_only(bundled_warehouse)
    try:
        rel = con.sql(SCORECARD)
        duck_cols, duck_rows = rel.columns, rel.fetchall()
    finally:
        con.close()
    assert pg_cols == duck_cols
    assert len(pg_rows) == 293
    assert pg_rows == duck_rows


@pytest.mark.skipif(shutil.which("psql") is None, reason="psql CLI not installed")
def test_psql_lists_views_with_comments(published):
    out = subprocess.run(["psql", published, "-X", "-c", r"\dv+ analytics.*"],
                         capture_output=True, text=True, check=True).stdout
    # psql pads the name column to the longest view name.
    assert re.search(r"\bmission_police_scorecard +\| view", out), out
    assert "Mission police scorecard for analysts" in out
    assert f"({N_VIEWS} rows)" in out
    out = subprocess.run(["psql", published, "-X", "-c", r"\d+ analytics.mission_police_scorecard"],
                         capture_output=True, text=True, check=True).stdout
    assert "ceiling_fill_rate" in out and "police_deployed / authorized_police" in out


def test_bi_role_reads_views_only(published):
    with psycopg.connect(published) as pg:
        assert pg.execute("select rolcanlogin from pg_roles where rolname = 'unpol_bi'").fetchone() == (False,)
        pg.execute("set role unpol_bi")
        assert pg.execute("select count(*) from analytics.months").fetchone()[0] > 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            pg.execute("select count(*) from analytics_data.months")
        pg.rollback()
        pg.execute("set role unpol_bi")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            pg.execute("create table analytics.x (a int)")


def test_failed_refresh_leaves_the_published_schema(published, bundled_warehouse, monkeypatch):
    with psycopg.connect(published) as pg:
        before = pg.execute("select oid from pg_namespace where nspname = 'analytics'").fetchone()
    real = pg_publish.pg_type

    def fail_on_dates(t):
        if t == "DATE":
            raise ValueError("simulated failure half-way through a refresh")
        return real(t)

    monkeypatch.setattr(pg_publish, "pg_type", fail_on_dates)
    with pytest.raises(ValueError):
        pg_publish.publish(bundled_warehouse, published)
    with psycopg.connect(published) as pg:
        assert pg.execute("select oid from pg_namespace where nspname = 'analytics'").fetchone() == before
        assert pg.execute("select count(*) from analytics.mission_police_scorecard").fetchone()[0] == 293
        left = pg.execute("select nspname from pg_namespace where nspname like 'analytics%' order by 1").fetchall()
        assert left == [("analytics",), ("analytics_data",)]


def test_refresh_swaps_in_new_schemas(published, bundled_warehouse):
    with psycopg.connect(published) as pg:
        before = pg.execute("select oid from pg_namespace where nspname = 'analytics'").fetchone()
    pg_publish.publish(bundled_warehouse, published)
    with psycopg.connect(published) as pg:
        after = pg.execute("select oid from pg_namespace where nspname = 'analytics'").fetchone()
        assert after != before
        left = pg.execute("select nspname from pg_namespace where nspname like 'analytics%' order by 1").fetchall()
        assert left == [("analytics",), ("analytics_data",)]
        assert pg.execute("select has_schema_privilege('unpol_bi', 'analytics', 'USAGE')").fetchone() == (True,)


# --- locks: a BI transaction held open during a publish (issue 13) -------------------

def _reads(dsn: str, stop: threading.Event, published: threading.Event, reads: list[tuple[bool, int]]) -> None:
    """A dashboard: a fresh connection and a count, again and again; each read
    records whether it started after the publish had returned, and its count."""
    while not stop.is_set():
        after = published.is_set()
        with psycopg.connect(dsn) as pg:
            reads.append((after, pg.execute("select count(*) from analytics.mission_police_scorecard").fetchone()[0]))
        time.sleep(0.05)


def test_bi_transaction_held_open_other_readers_are_not_blocked(published, bundled_warehouse):
    bi = psycopg.connect(published)  # a dashboard's open transaction on one view
    bi.execute("select count(*) from analytics.months").fetchone()
    stop, done, reads = threading.Event(), threading.Event(), []
    reader = threading.Thread(target=_reads, args=(published, stop, done, reads), daemon=True)
    reader.start()
    try:
        result = pg_publish.publish(bundled_warehouse, published, lock_timeout_s=1, retry_s=4)
        done.set()
        # Readers go on reading the new schema while the BI transaction is still open.
        while not any(after for after, _ in reads) and reader.is_alive():
            time.sleep(0.05)
    finally:
        stop.set()
        # Joined before the BI transaction ends: a reader queued behind its lock would hang here.
        reader.join(timeout=120)
    assert not reader.is_alive(), "a reader was still waiting while the BI transaction stayed open"
    # The swap renames schemas (no relation locks), so it went through; the old
    # pair the open transaction still holds could not be dropped and is left.
    assert result.attempts == 1
    assert len(result.old_left) == 2, result
    assert any(after for after, _ in reads) and {n for _, n in reads} == {293}, reads
    # The dashboard's next statement sees the new schema, complete.
    assert bi.execute("select count(*) from analytics.mission_police_scorecard").fetchone()[0] == 293
    bi.commit()
    bi.close()
    # The next publish drops what the last one left.
    assert pg_publish.publish(bundled_warehouse, published, lock_timeout_s=1, retry_s=4).old_left == ()
    with psycopg.connect(published) as pg:
        left = pg.execute("select nspname from pg_namespace where nspname like 'analytics%' order by 1").fetchall()
    assert left == [("analytics",), ("analytics_data",)]


def _hold_schema(dsn: str):
    """A session with an uncommitted COMMENT ON SCHEMA analytics: it holds the
    schema's lock, so renaming the schema has to wait for it."""
    holder = psycopg.connect(dsn)
    holder.execute("comment on schema analytics is 'held by a test'")
    return holder


def test_swap_retries_with_backoff_then_succeeds(published, bundled_warehouse):
    holder = _hold_schema(published)
    lines: list[str] = []

    def log(line: str) -> None:
        # The holder lets go once the first attempt has been refused.
        if "retrying in" in line and not any("retrying in" in x for x in lines):
            holder.rollback()
        lines.append(line)

    try:
        result = pg_publish.publish(bundled_warehouse, published, log=log, lock_timeout_s=0.5, retry_s=60)
    finally:
        holder.close()
    assert result.attempts == 2, lines
    refused = next(i for i, x in enumerate(lines) if "retrying in" in x)
    swapped = next(i for i, x in enumerate(lines) if x.startswith("swapped") and "(attempt 2)" in x)
    assert refused < swapped, lines
    with psycopg.connect(published) as pg:
        assert pg.execute("select count(*) from analytics.mission_police_scorecard").fetchone()[0] == 293


def test_swap_gives_up_cleanly_old_schema_intact(published, bundled_warehouse):
    with psycopg.connect(published) as pg:
        before = pg.execute("select oid from pg_namespace where nspname = 'analytics'").fetchone()
    holder = _hold_schema(published)
    try:
        with pytest.raises(pg_publish.SwapGaveUp, match="nothing was swapped"):
            pg_publish.publish(bundled_warehouse, published, lock_timeout_s=0.3, retry_s=2)
        # Meanwhile every reader kept reading the old schema.
        with psycopg.connect(published) as pg:
            assert pg.execute("select count(*) from analytics.mission_police_scorecard").fetchone()[0] == 293
    finally:
        holder.rollback()
        holder.close()
    with psycopg.connect(published) as pg:
        assert pg.execute("select oid from pg_namespace where nspname = 'analytics'").fetchone() == before
        left = pg.execute("select nspname from pg_namespace where nspname like 'analytics%' order by 1").fetchall()
        assert left == [("analytics",), ("analytics_data",)]


def test_bi_role_cannot_create_in_public_even_when_granted(published, bundled_warehouse):
    with psycopg.connect(published, autocommit=True) as pg:
        pg.execute("grant create on schema public to unpol_bi")
        assert pg.execute("select has_schema_privilege('unpol_bi', 'public', 'CREATE')").fetchone() == (True,)
    pg_publish.publish(bundled_warehouse, published)
    with psycopg.connect(published) as pg:
        assert pg.execute("select has_schema_privilege('unpol_bi', 'public', 'CREATE')").fetchone() == (False,)


@pytest.mark.parametrize("point", ["pg_build", "pg_swap"])
def test_sigkill_during_publish_postgres_leaves_the_old_schema(published, bundled_warehouse, tmp_path, point):
    """A kill while the next pair is loaded (pg_build) or inside the swap
    transaction, renames done but not committed (pg_swap): PostgreSQL rolls
    the open transaction back with the dead connection."""
    import signal
    import sys
    from pathlib import Path

    with psycopg.connect(published) as pg:
        before = pg.execute("select oid from pg_namespace where nspname = 'analytics'").fetchone()
    barrier = tmp_path / f"{point}.reached"
    env = {k: v for k, v in os.environ.items() if not k.startswith("UNPOL_")}
    env.update({pg_publish.DSN_ENV: published, "UNPOL_FAULT_INJECT": f"{point}@{barrier}"})
    unpol = Path(sys.executable).with_name("unpol")
    proc = subprocess.Popen([str(unpol), "publish-postgres", "--warehouse", str(bundled_warehouse)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while not barrier.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.1)
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    with psycopg.connect(published) as pg:
        # The backend notices the dead client and rolls back; give it a moment.
        for _ in range(50):
            if not pg.execute("select count(*) from pg_stat_activity where datname = current_database() "
                              "and pid <> pg_backend_pid() and state <> 'idle'").fetchone()[0]:
                break
            time.sleep(0.1)
        assert pg.execute("select oid from pg_namespace where nspname = 'analytics'").fetchone() == before
        assert pg.execute("select count(*) from analytics.mission_police_scorecard").fetchone()[0] == 293
    # The next publish cleans up whatever the killed one left and swaps.
    assert pg_publish.publish(bundled_warehouse, published).old_left == ()
    with psycopg.connect(published) as pg:
        left = pg.execute("select nspname from pg_namespace where nspname like 'analytics%' order by 1").fetchall()
    assert left == [("analytics",), ("analytics_data",)]
