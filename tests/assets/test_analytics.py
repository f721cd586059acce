"""The analyst schema: every view and column described in DuckDB itself (one
test here, not a check at every run: the descriptions change only with the
SQL files), and the data dictionary that cannot drift from the database."""

from __future__ import annotations

import duckdb
import pytest

from pipelines.lib import dictionary
from pipelines.lib.descriptions import undescribed
from pipelines.lib.sql_models import build, discover, parse_sql_file
from pipelines.lib.warehouse import Warehouse, read_only
from pipelines.settings import PROJECT_ROOT

VIEW_WITH_GAP = """-- A test view: one row per mission.
-- group: analytics
-- materialize: view
-- column: mission: Mission acronym.
select 'MINUSMA' as mission, 974 as police_deployed
"""


def analytics_models():
    return [m for m in discover() if m.schema == "analytics"]


@pytest.fixture
def wh(bundled_warehouse):
    con = read_only(bundled_warehouse)
    yield con
    con.close()


def test_every_analytics_view_is_built_and_described(wh):
    views = dict(wh.execute(
        "select view_name, comment from duckdb_views() where schema_name = 'analytics'"
    ).fetchall())
    assert set(views) == {m.name for m in analytics_models()}
    assert {"mission_police_scorecard", "benchmark_results", "police_deployment", "ingest_ledger", "rejects"} <= set(views)
    assert all(text and text.strip() for text in views.values())
    n, described = wh.execute(
        "select count(*), count(*) filter (where coalesce(trim(comment), '') <> '') "
        "from duckdb_columns() where schema_name = 'analytics'"
    ).fetchone()
    assert n > 150 and described == n
    assert undescribed(wh, "analytics") == []


def test_views_passing_a_table_through_keep_its_column_order(wh):
    """A view over one table (described_columns_of) lists the columns it keeps
    in the table's order, so an analyst's field list reads as the table does
    (issue 26: the scorecard's had drifted)."""
    import re

    def columns(schema, table):
        return [r[0] for r in wh.execute("""select column_name from information_schema.columns
                                            where table_schema = ? and table_name = ? order by ordinal_position""",
                                         [schema, table]).fetchall()]

    passed = 0
    for path in sorted((PROJECT_ROOT / "warehouse" / "analytics").glob("*.sql")):
        source = re.search(r"described_columns_of\('(\w+)\.(\w+)'", path.read_text(encoding="utf-8"))
        if not source:
            continue
        view, table = columns("analytics", path.stem), columns(*source.groups())
        assert view == [c for c in table if c in view], path.name
        passed += 1
    assert passed >= 20


def test_descriptions_match_the_view_files(wh):
    model = next(m for m in analytics_models() if m.name == "mission_police_scorecard")
    stored = dict(wh.execute(
        "select column_name, comment from duckdb_columns() "
        "where schema_name = 'analytics' and table_name = 'mission_police_scorecard'"
    ).fetchall())
    assert stored == dict(model.columns)


def test_scorecard_view_has_the_marts_figures(wh):
    rows = wh.execute(
        "select mission, police_deployed, authorized_police, round(ceiling_fill_rate, 3) "
        "from analytics.mission_police_scorecard where month = date '2014-08-01' order by mission"
    ).fetchall()
    assert rows == [("MINUSMA", 974, 1440, 0.676), ("MINUSTAH", 2377, 2601, 0.914), ("UNAMID", 3073, 4690, 0.655)]
    # HUGEINT sums are cast in every analyst view (the scorecard's counts, ALL_PKO's sum in
    # mission_strength, the contributor views): BI drivers and PostgreSQL take BIGINT.
    hugeint = wh.execute(
        "select table_name, column_name from duckdb_columns() "
        "where schema_name = 'analytics' and data_type = 'HUGEINT'"
    ).fetchall()
    assert hugeint == []


def test_marts_tables_carry_their_file_description(wh):
    comment = wh.execute(
        "select comment from duckdb_tables() where schema_name = 'marts' and table_name = 'fct_police_deployment'"
    ).fetchone()[0]
    assert comment.startswith("UN police deployed: one row per month")


def _gap_model(tmp_path):
    (tmp_path / "analytics").mkdir()
    path = tmp_path / "analytics" / "gap_view.sql"
    path.write_text(VIEW_WITH_GAP)
    return parse_sql_file(path, "analytics")


def test_column_lines_are_parsed(tmp_path):
    model = _gap_model(tmp_path)
    assert model.materialize == "view"
    assert model.columns == (("mission", "Mission acronym."),)
    assert model.deps == ()


def test_an_undescribed_column_is_found(tmp_path):
    model = _gap_model(tmp_path)
    with Warehouse(tmp_path / "wh.duckdb").connect() as con:
        build(con, model)
        assert undescribed(con, "analytics") == ["gap_view.police_deployed"]
        model.path.write_text(VIEW_WITH_GAP.replace(
            "-- column: mission: Mission acronym.\n",
            "-- column: mission: Mission acronym.\n-- column: police_deployed: Police deployed.\n",
        ))
        build(con, parse_sql_file(model.path, "analytics"))
        assert undescribed(con, "analytics") == []


def test_a_description_of_a_missing_column_fails_the_build(tmp_path):
    model = _gap_model(tmp_path)
    model.path.write_text(VIEW_WITH_GAP.replace("-- column: mission:", "-- column: mision:"))
    model = parse_sql_file(model.path, "analytics")
    with Warehouse(tmp_path / "wh.duckdb").connect() as con:
        # As in the SQL step: its models are built in one transaction, rolled back on an error.
        con.execute("begin")
        with pytest.raises(duckdb.BinderException):
            build(con, model)
        con.execute("rollback")
        # No view without its descriptions.
        assert con.execute("select count(*) from duckdb_views() where view_name = 'gap_view'").fetchone()[0] == 0


def test_checked_in_dictionary_matches_the_warehouse(wh):
    expected = dictionary.render(wh)
    assert dictionary.DICTIONARY.read_text(encoding="utf-8") == expected, (
        "docs/data_dictionary.md is out of date (an analytics view or a pandera model changed): run "
        "`.venv/bin/unpol run && .venv/bin/unpol dictionary` "
        "and commit it"
    )


def test_dictionary_refuses_an_undescribed_column(tmp_path):
    model = _gap_model(tmp_path)
    with Warehouse(tmp_path / "wh.duckdb").connect() as con:
        build(con, model)
        with pytest.raises(dictionary.UndescribedColumns, match="gap_view.police_deployed"):
            dictionary.render(con)


def test_dictionary_lists_views_and_pandera_rules(wh):
    text = dictionary.render(wh)
    assert "### `analytics.mission_police_scorecard`" in text
    assert "| `ceiling_fill_rate` | DOUBLE | police_deployed / authorized_police" in text
    assert "### `schemas.staffing.StaffingRecord`" in text
    assert "`country_maps_to_iso3`" in text
