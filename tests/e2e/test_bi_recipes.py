"""What docs/bi.md promises BI tools, checked on the bundled warehouse: the
Parquet export is Snappy-compressed (the codec every Parquet reader has), the
DuckDB CLI's read-only flag and the Superset URI are the ones the recipes give,
and the Superset check script has recorded the versions it passed on."""

from __future__ import annotations

import duckdb

from pipelines.cli import main
from pipelines.settings import PROJECT_ROOT

BI = (PROJECT_ROOT / "docs" / "bi.md").read_text(encoding="utf-8")


def test_parquet_export_is_snappy_and_reads_back(bundled_warehouse, tmp_path):
    out = tmp_path / "exports"
    assert main(["export", "--warehouse", str(bundled_warehouse), "--parquet", str(out)]) == 0
    files = sorted(out.glob("*.parquet"))
    assert files, "the export wrote no Parquet file"
    codecs = duckdb.sql(f"select distinct compression from parquet_metadata('{out}/*.parquet')").fetchall()
    assert codecs == [("SNAPPY",)]
    rows = duckdb.sql(f"select count(*) from read_parquet('{out}/mission_police_scorecard.parquet')").fetchone()[0]
    assert rows == 293
    assert "**Snappy**" in BI


def test_superset_recipe_matches_its_check_script():
    script = (PROJECT_ROOT / "scripts" / "check_superset.sh").read_text(encoding="utf-8")
    passed = (PROJECT_ROOT / "scripts" / "check_superset.passed").read_text(encoding="utf-8").strip()
    assert 'DUCKDB_URI="duckdb:///$WAREHOUSE?access_mode=read_only"' in script
    assert "duckdb:////absolute/path/to/var/warehouse/unpol.duckdb?access_mode=read_only" in BI
    version = script.split("VERSION=${SUPERSET_VERSION:-", 1)[1].split("}", 1)[0]
    assert f"apache-superset[duckdb,postgres]=={version}" in BI
    assert f"apache-superset {version}" in passed and "passed" in passed
    assert "scripts/check_superset.passed" in BI, "docs/bi.md points to the file holding the last pass"
