"""Superset and other SQLAlchemy clients: the duckdb-sqlalchemy dialect reflects
every analytics view (columns and types) and autoloads tables from the published
file opened read-only, with the URL docs/bi.md gives."""

from __future__ import annotations

import importlib.metadata

import pytest
import sqlalchemy as sa

from pipelines.lib.warehouse import read_only


def url_for(path) -> str:
    # docs/bi.md: duckdb:////absolute/path/unpol.duckdb?access_mode=read_only, the
    # stable link through `current` (never resolved: that pins one release).
    return f"duckdb:///{path.absolute()}?access_mode=read_only"


@pytest.fixture
def engine(bundled_warehouse):
    eng = sa.create_engine(url_for(bundled_warehouse))
    yield eng
    eng.dispose()


def test_only_one_duckdb_dialect_is_installed():
    # Both packages register duckdb://; duckdb-engine fails reflection on SQLAlchemy 2.1.
    with pytest.raises(importlib.metadata.PackageNotFoundError):
        importlib.metadata.version("duckdb-engine")
    assert importlib.metadata.version("duckdb-sqlalchemy")


def test_inspector_lists_every_view_with_columns_and_types(engine, bundled_warehouse):
    con = read_only(bundled_warehouse)
    try:
        expected = {}
        for view, column, dtype in con.execute(
            "select table_name, column_name, data_type from duckdb_columns() "
            "where schema_name = 'analytics' order by table_name, column_index"
        ).fetchall():
            expected.setdefault(view, []).append((column, dtype))
    finally:
        con.close()
    insp = sa.inspect(engine)
    assert sorted(insp.get_view_names(schema="analytics")) == sorted(expected)
    for view, cols in expected.items():
        reflected = [(c["name"], str(c["type"])) for c in insp.get_columns(view, schema="analytics")]
        assert [name for name, _ in reflected] == [name for name, _ in cols], view
        assert all(t and t != "NullType" for _, t in reflected), view
    scorecard = dict((c["name"], str(c["type"])) for c in insp.get_columns("mission_police_scorecard", schema="analytics"))
    assert scorecard["month"] == "DATE" and scorecard["police_deployed"] == "BIGINT"
    assert scorecard["ceiling_fill_rate"] in ("DOUBLE", "DOUBLE PRECISION", "FLOAT")


def test_table_autoload_and_query(engine):
    t = sa.Table("mission_police_scorecard", sa.MetaData(), schema="analytics", autoload_with=engine)
    # mission, mission_kind, 21 more, then police_published, police_total, police_deployed_source,
    # police_total_citation.
    assert len(t.columns) == 27 and list(t.columns.keys())[:2] == ["mission", "mission_kind"]
    with engine.connect() as c:
        rows = c.execute(
            sa.select(t.c.mission, t.c.police_deployed)
            .where(t.c.month == sa.func.date("2014-08-01"))
            .order_by(t.c.mission)
        ).fetchall()
    assert [tuple(r) for r in rows] == [("MINUSMA", 974), ("MINUSTAH", 2377), ("UNAMID", 3073)]


def test_the_url_opens_read_only(engine):
    with engine.connect() as c, pytest.raises(sa.exc.DBAPIError, match="read-only"):
        c.execute(sa.text("create table marts.not_allowed as select 1"))
