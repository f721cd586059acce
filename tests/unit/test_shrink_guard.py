"""The shrink guard (pipelines/lib/shrink_guard.py) on tiny warehouse files:
the limit's boundary and its default, tables outside the marts, losses that
add up over releases, an allowed shrink as the new floor, the months a run
replaces, and the tables left out on purpose."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from pipelines.defs.resources import WarehouseResource, resources_for
from pipelines.lib.shrink_guard import NOT_GUARDED, Retained, guarded_tables, shrinking_tables
from pipelines.settings import Settings

FACT = "marts.fct_police_deployment"


def warehouse(path: Path, **tables: int) -> Path:
    """A DuckDB file with ``schema__table=rows`` tables (a month column, one row a month from 2014-01)."""
    con = duckdb.connect(str(path))
    for name, rows in tables.items():
        schema, table = name.split("__")
        con.execute(f"create schema if not exists {schema}")
        con.execute(f"create table {schema}.{table} as select range as id, "
                    f"date '2014-01-01' + to_months(range::int) as month from range({rows})")
    con.close()
    return path


@pytest.fixture
def build(tmp_path):
    """Open a workspace with the given tables, read-only as the check does."""
    opened = []

    def _build(**tables):
        con = duckdb.connect(str(warehouse(tmp_path / f"build{len(opened)}.duckdb", **tables)), read_only=True)
        opened.append(con)
        return con

    yield _build
    for con in opened:
        con.close()


def release(tmp_path: Path, rid: str, allowed: tuple[str, ...] = (), **tables: int) -> Retained:
    return Retained(rid, warehouse(tmp_path / f"{rid}.duckdb", **tables), frozenset(allowed))


@pytest.mark.parametrize(("after", "refused"), [(90, False), (89, True)])
def test_exactly_the_limit_passes_and_one_row_more_is_refused(tmp_path, build, after, refused):
    history = [release(tmp_path, "r1", marts__fct_police_deployment=100)]
    shrinks = shrinking_tables(history, build(marts__fct_police_deployment=after), None, 0.10)
    assert [(s.table, s.before, s.after) for s in shrinks] == ([(FACT, 100, 89)] if refused else [])


def test_the_default_limit_is_a_tenth(tmp_path, build):
    # 11 of 100 rows lost: refused with the limit every run gets by default.
    history = [release(tmp_path, "r1", marts__fct_police_deployment=100)]
    workspace = build(marts__fct_police_deployment=89)
    defaults = {Settings().max_shrink_share, resources_for(Settings())["warehouse"].max_shrink_share,
                WarehouseResource(path=str(tmp_path / "w.duckdb")).max_shrink_share}
    for share in defaults:
        assert [s.table for s in shrinking_tables(history, workspace, None, share)] == [FACT]
    assert defaults == {0.10}


def test_a_raw_table_emptied_is_refused(tmp_path, build):
    # An inbox without the missions file: raw.missions 81 -> 0, every mart unchanged.
    history = [release(tmp_path, "r1", raw__missions=81, marts__fct_police_deployment=100)]
    [shrink] = shrinking_tables(history, build(raw__missions=0, marts__fct_police_deployment=100), None, 0.10)
    assert shrink.message() == "raw.missions: 81 -> 0 rows (all rows), 100.0% fewer than release r1"


def test_a_table_gone_is_refused(tmp_path, build):
    history = [release(tmp_path, "r1", staging__stg_missions=81, marts__fct_police_deployment=100)]
    [shrink] = shrinking_tables(history, build(marts__fct_police_deployment=100), None, 0.10)
    assert (shrink.table, shrink.after, shrink.scope) == ("staging.stg_missions", 0, "table gone")


def test_small_losses_add_up_over_the_retained_releases(tmp_path, build):
    # 1,448 -> 1,330 (8.1 %) -> 1,211 (8.9 % of the last, 16.4 % of the first): the second is refused.
    r1 = release(tmp_path, "r1", marts__fct_police_deployment=1448)
    r2 = release(tmp_path, "r2", marts__fct_police_deployment=1330)
    assert shrinking_tables([r1], build(marts__fct_police_deployment=1330), None, 0.10) == []
    [shrink] = shrinking_tables([r2, r1], build(marts__fct_police_deployment=1211), None, 0.10)
    assert (shrink.before, shrink.after, shrink.release) == (1448, 1211, "r1")
    assert shrink.message().endswith("16.4% fewer than release r1")


def test_an_allowed_shrink_is_the_new_floor(tmp_path, build):
    # r2 recorded an allowed shrink of the table: r1's larger count no longer counts, r2's does.
    r1 = release(tmp_path, "r1", marts__fct_police_deployment=1448, raw__missions=81)
    r2 = release(tmp_path, "r2", (FACT,), marts__fct_police_deployment=1000, raw__missions=81)
    workspace = build(marts__fct_police_deployment=950, raw__missions=70)
    assert [(s.table, s.before) for s in shrinking_tables([r2, r1], workspace, None, 0.10)] == [("raw.missions", 81)]
    r3 = release(tmp_path, "r3", marts__fct_police_deployment=1000, raw__missions=81)
    [shrink] = shrinking_tables([r3, r2, r1], build(marts__fct_police_deployment=899, raw__missions=81), None, 0.10)
    assert (shrink.before, shrink.release) == (1000, "r3")


def test_the_months_a_run_replaces_are_left_out(tmp_path, build):
    # 24 months (2014-01 .. 2015-12); the run replaces 2015 and brings back only 2 of its months.
    history = [release(tmp_path, "r1", marts__fct_police_deployment=24)]
    window = (date(2015, 1, 1), date(2016, 1, 1))
    assert shrinking_tables(history, build(marts__fct_police_deployment=14), window, 0.10) == []
    [shrink] = shrinking_tables(history, build(marts__fct_police_deployment=14), None, 0.10)
    assert (shrink.before, shrink.after) == (24, 14)


def test_seed_and_bookkeeping_tables_are_not_guarded(tmp_path, build):
    history = [release(tmp_path, "r1", raw__seed_missions=113, audit__run_summary=5, audit__rejects=40,
                       audit__reconciliation=11)]
    workspace = build(raw__seed_missions=1, audit__run_summary=1, audit__rejects=0, audit__reconciliation=0)
    assert [s.table for s in shrinking_tables(history, workspace, None, 0.10)] == ["audit.reconciliation"]
    assert guarded_tables(workspace) == ["audit.reconciliation"]
    assert all(reason for reason in NOT_GUARDED.values())


def test_a_manifest_from_before_the_record_allowed_every_table_with_allow_shrink():
    from pipelines.defs.release.exports import allowed_in

    tables = {"raw.missions": 0, FACT: 10}
    assert allowed_in({"tables": tables, "allow_shrink": True}) == set(tables)
    assert allowed_in({"tables": tables, "allow_shrink": False}) == set()
    assert allowed_in({"tables": tables, "allow_shrink": True, "allowed_shrinks": [{"table": FACT}]}) == {FACT}
