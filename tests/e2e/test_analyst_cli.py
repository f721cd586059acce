"""The analyst command line on the published warehouse: query to a table, CSV
(formula-safe) and Parquet; tables with descriptions; the dictionary check;
the Parquet export and its manifest."""

from __future__ import annotations

import csv
import json

import duckdb
import pytest

from pipelines.cli import main


@pytest.fixture
def wh_args(bundled_warehouse):
    return ["--warehouse", str(bundled_warehouse)]


def test_query_prints_a_table(wh_args, capsys):
    assert main(["query", "select mission, authorized_police from analytics.mission_police_scorecard "
                 "where month = date '2014-08-01' order by mission", *wh_args]) == 0
    out = capsys.readouterr().out
    assert "MINUSMA  | 1440" in out and "(3 rows)" in out


def test_query_from_a_file_to_csv_neutralises_formulas(wh_args, tmp_path, capsys):
    sql = tmp_path / "q.sql"
    sql.write_text("select mission, '=cmd|calc' as note, -3 as n from analytics.missions "
                   "where mission in ('MINUSMA', 'UNAMID') order by mission")
    out = tmp_path / "out.csv"
    assert main(["query", f"@{sql}", "--csv", str(out), *wh_args]) == 0
    rows = list(csv.reader(out.open(encoding="utf-8", newline="")))
    assert rows == [["mission", "note", "n"], ["MINUSMA", "'=cmd|calc", "-3"], ["UNAMID", "'=cmd|calc", "-3"]]
    assert "wrote 2 rows" in capsys.readouterr().out


def test_query_to_parquet_writes_every_row(wh_args, tmp_path):
    out = tmp_path / "deployment.parquet"
    assert main(["query", "select * from analytics.police_deployment", "--parquet", str(out), *wh_args]) == 0
    assert duckdb.sql(f"select count(*) from read_parquet('{out}')").fetchone()[0] == 1448


def test_query_is_read_only(wh_args, capsys):
    assert main(["query", "create table marts.x as select 1", *wh_args]) == 1
    assert "read-only" in capsys.readouterr().err


def test_tables_lists_views_with_descriptions(wh_args, capsys):
    assert main(["tables", "--schema", "analytics", *wh_args]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("analytics.mission_police_scorecard "))
    assert "view" in line and "Mission police scorecard for analysts" in line
    assert main(["tables", "--columns", "analytics.months", *wh_args]) == 0
    assert "year_quarter" in capsys.readouterr().out


def test_dictionary_check_passes_on_the_bundled_warehouse(wh_args):
    assert main(["dictionary", "--check", *wh_args]) == 0


def test_export_writes_every_view_and_a_manifest(wh_args, tmp_path, bundled_warehouse):
    out = tmp_path / "exports"
    (out).mkdir()
    (out / "dropped_view.parquet").write_bytes(b"stale")
    assert main(["export", "--parquet", str(out), *wh_args]) == 0
    manifest = json.loads((out / "manifest.json").read_text())
    con = duckdb.connect(str(bundled_warehouse), read_only=True)
    try:
        views = [r[0] for r in con.execute(
            "select view_name from duckdb_views() where schema_name = 'analytics' order by 1").fetchall()]
        run_id = con.execute("select any_value(run_id) from audit.inbox_files").fetchone()[0]
    finally:
        con.close()
    assert [v["name"] for v in manifest["views"]] == [f"analytics.{v}" for v in views]
    assert manifest["source_run_id"] == run_id and manifest["exported_at"] and manifest["warehouse_published_at"]
    # When the release read was published (its release.json), not the export's own time.
    release = json.loads((bundled_warehouse.resolve().parent / "release.json").read_text())
    assert manifest["warehouse_published_at"] == release["published_at"]
    scorecard = next(v for v in manifest["views"] if v["name"] == "analytics.mission_police_scorecard")
    assert scorecard["rows"] == 293 and scorecard["columns"][0]["name"] == "mission"
    assert all(c["description"] for v in manifest["views"] for c in v["columns"])
    for v in manifest["views"]:
        assert duckdb.sql(f"select count(*) from read_parquet('{out / v['file']}')").fetchone()[0] == v["rows"]
    assert not (out / "dropped_view.parquet").exists()


def test_bi_doc_names_real_commands_and_the_tested_url():
    import re

    from pipelines.cli.main import _parser
    from pipelines.settings import PROJECT_ROOT

    text = (PROJECT_ROOT / "docs" / "bi.md").read_text(encoding="utf-8")
    commands = set(_parser()._subparsers._group_actions[0].choices)
    used = set(re.findall(r"unpol ([a-z][a-z-]+)", text))
    assert used and used <= commands, used - commands
    # The URL form tests/integration/test_sqlalchemy_reflection.py opens.
    assert "duckdb:////absolute/path/to/var/warehouse/unpol.duckdb?access_mode=read_only" in text


def test_the_main_job_exports_parquet_beside_the_published_warehouse(bundled_warehouse):
    out = bundled_warehouse.parent / "exports"
    manifest = json.loads((out / "manifest.json").read_text())
    con = duckdb.connect(str(bundled_warehouse), read_only=True)
    try:
        run_id = con.execute("select any_value(run_id) from audit.inbox_files").fetchone()[0]
        n_views = con.execute("select count(*) from duckdb_views() where schema_name = 'analytics'").fetchone()[0]
    finally:
        con.close()
    assert manifest["source_run_id"] == run_id
    assert len(manifest["views"]) == n_views
    assert duckdb.sql(
        f"select count(*) from read_parquet('{out / 'mission_police_scorecard.parquet'}')"
    ).fetchone()[0] == 293
