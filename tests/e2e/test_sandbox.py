"""``unpol query`` cannot change a release or read outside it (issue 13): each
escape tried by hand on main is refused with a one-line message, and the
release's files are byte-identical afterwards."""

from __future__ import annotations

import hashlib

import pytest

from pipelines.cli import main


def _digest(root) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(("label", "sql", "says"), [
    ("copy over the warehouse", "copy (select 1 as x) to '{wh}'", "refused: COPY statements are not allowed"),
    ("attach the workspace", "attach '{ws}' as w (read_write)", "refused: ATTACH statements are not allowed"),
    ("install", "install httpfs", "refused: INSTALL statements are not allowed"),
    ("read a file", "select * from read_text('/etc/shadow')", "refused: the query reads or writes a file"),
    ("turn access back on", "set enable_external_access = true", "refused: SET statements are not allowed"),
])
def test_escapes_are_refused_and_the_release_is_unchanged(bundled_warehouse, capsys, label, sql, says):
    root = bundled_warehouse.parent
    before = _digest(root)
    workspace = root / ".build" / bundled_warehouse.name
    rc = main(["query", sql.format(wh=bundled_warehouse, ws=workspace), "--warehouse", str(bundled_warehouse)])
    err = capsys.readouterr().err
    assert rc == 1, label
    assert err.startswith(f"unpol: {says}"), err
    assert err.count("\n") == 1, err  # one line
    assert _digest(root) == before


def test_query_still_writes_csv_and_parquet_itself(bundled_warehouse, tmp_path, capsys):
    import pyarrow.parquet as pq

    sql = "select mission, month from analytics.mission_police_scorecard order by all"
    assert main(["query", sql, "--warehouse", str(bundled_warehouse), "--parquet", str(tmp_path / "s.parquet")]) == 0
    assert main(["query", sql, "--warehouse", str(bundled_warehouse), "--csv", str(tmp_path / "s.csv")]) == 0
    assert pq.read_table(tmp_path / "s.parquet").num_rows == 293
    assert len((tmp_path / "s.csv").read_text().splitlines()) == 294


@pytest.mark.parametrize("flag", ["--csv", "--parquet"])
def test_file_output_never_lands_in_the_warehouse_folder(bundled_warehouse, capsys, flag):
    root = bundled_warehouse.parent
    before = _digest(root)
    for target in (bundled_warehouse, root / "exports" / "missions.parquet", root / "new.csv"):
        assert main(["query", "select 1 as x", "--warehouse", str(bundled_warehouse), flag, str(target)]) == 2
        assert "is inside the warehouse folder" in capsys.readouterr().err
    assert _digest(root) == before
