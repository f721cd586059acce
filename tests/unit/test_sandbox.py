"""The analyst connection (pipelines/lib/sandbox.py): only reads run, and the
connection itself has file access off and its settings locked."""

import duckdb
import pytest

from pipelines.lib.sandbox import Refused, open_release, run_query


@pytest.fixture
def con(tmp_path):
    path = tmp_path / "wh.duckdb"
    setup = duckdb.connect(str(path))
    setup.execute('create schema marts; create table marts.t as select 1 as a; create table marts."odd ""name""" as select 2 as b')
    setup.close()
    c = open_release(path)
    yield c
    c.close()


@pytest.mark.parametrize(("sql", "word"), [
    ("copy (select 1) to 'x.csv'", "COPY"),
    ("attach 'other.duckdb' as o (read_write)", "ATTACH"),
    ("install httpfs", "INSTALL"),
    ("load parquet", "LOAD"),
    ("set enable_external_access = true", "SET"),
    ("pragma enable_profiling", "PRAGMA"),
    ("export database 'dir'", "EXPORT"),
    ("create table marts.x as select 1", "CREATE"),
    ("select 1; copy (select 1) to 'x.csv'", "COPY"),
])
def test_only_reads_run(con, sql, word):
    with pytest.raises(Refused, match=f"^refused: {word} statements are not allowed") as info:
        run_query(con, sql)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("sql", [
    "select * from read_text('/etc/passwd')",
    "select * from read_csv('/etc/passwd')",
    "select * from 'any.parquet'",
    "select * from glob('/*')",
])
def test_files_outside_the_warehouse_are_refused(con, sql):
    with pytest.raises((Refused, duckdb.PermissionException)) as info:
        rel = run_query(con, sql)
        rel.fetchall()
    assert "disabled" in str(info.value)


def test_settings_are_locked_even_without_the_statement_check(con):
    # The second fence alone: the connection refuses what the first one screens.
    with pytest.raises(duckdb.Error, match="locked"):
        con.execute("set enable_external_access = true")
    with pytest.raises(duckdb.PermissionException):
        con.execute("copy (select 1) to '/tmp/unpol_sandbox_probe.csv'")
    assert con.execute("select current_setting('enable_external_access')").fetchone() == (False,)


def test_reads_answer(con):
    assert run_query(con, "select a from marts.t").fetchall() == [(1,)]
    assert run_query(con, 'from marts."odd ""name"""').fetchall() == [(2,)]
    assert run_query(con, "describe marts.t").fetchall()[0][0] == "a"
    assert run_query(con, "summarize marts.t").fetchall()
