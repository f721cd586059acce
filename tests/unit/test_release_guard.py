"""A published release cannot be changed (issue 25), on hand-made releases:
read-only modes once promoted, the one guard every writer goes through, and
``--verify`` listing the folder itself rather than trusting the writer's
listing."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pipelines.cli import main
from pipelines.lib import releases as releases_mod
from pipelines.lib.files import set_read_only
from pipelines.lib.release_guard import InsideRelease, refuse_inside_release
from pipelines.lib.releases import Releases
from pipelines.lib.warehouse import Warehouse
from tests.unit.test_releases_unit import stage

T0 = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)


def publish(root, run="run0", when=T0, keep=24):
    rel = Releases(root / "wh.duckdb", keep=keep)
    staging, manifest = stage(rel, run, when, run)
    return rel, rel.promote(staging, {**manifest, "code_version": "test", "window": None})


def mode(path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def test_a_promoted_release_is_read_only_and_still_pruned(tmp_path):
    rel, first = publish(tmp_path, keep=1)
    folders = [first.path, first.path / "reports", first.path / "exports"]
    files = [p for p in first.path.rglob("*") if p.is_file()]
    assert {mode(p) for p in folders} == {0o555}
    assert {mode(p) for p in files} == {0o444} and len(files) == 4
    # Pruning and clean-up give write permission back before removing.
    publish(tmp_path, "run1", T0 + timedelta(days=1), keep=1)
    assert not first.path.exists() and not any(rel.dir.glob(".staging-*"))
    staging = rel.staging("killed")
    (staging / "x").write_text("x")
    set_read_only(staging)
    assert rel.clean_leftovers() == [staging] and not staging.exists()


@pytest.fixture
def published(tmp_path):
    root = tmp_path / "wh"
    root.mkdir()
    _, release = publish(root)
    return root, release


@pytest.mark.parametrize("target", [
    "wh.duckdb",                      # the stable link to the current warehouse
    "exports",                        # the stable link to the current exports
    "exports/analytics.parquet",
    "reports/../x.csv",               # `..` after a link: the release folder
    "current/reports/new.html",
    "releases/{id}/new.csv",
    "releases/{id}",
    "releases",
])
def test_the_guard_refuses_every_way_into_a_release(published, target):
    root, release = published
    given = root / target.format(id=release.id)
    with pytest.raises(InsideRelease) as info:
        refuse_inside_release(given)
    message = str(info.value)
    assert message.startswith(f"refused: {given} resolves to ") and "\n" not in message
    assert str(root / "releases") in message


def test_the_guard_follows_the_users_own_links_and_any_warehouse(published, tmp_path):
    root, release = published
    (tmp_path / "shortcut").symlink_to(release.path)
    with pytest.raises(InsideRelease, match=f"resolves to {release.path}/out.parquet, inside the published release"):
        refuse_inside_release(tmp_path / "shortcut" / "out.parquet")
    # A release link whose release is gone still leads into one: refused by name.
    other = tmp_path / "other"
    other.mkdir()
    (other / "current").symlink_to("releases/gone")
    (other / "exports").symlink_to("current/exports")
    with pytest.raises(InsideRelease, match="goes through the release link .*exports -> current/exports"):
        refuse_inside_release(other / "exports" / "x.parquet")


def test_the_guard_lets_other_paths_through(published, tmp_path):
    root, _ = published
    (tmp_path / "plain" / "releases").mkdir(parents=True)  # a folder named so, holding no release
    for target in (tmp_path / "out.csv", root / "new.csv", tmp_path / "plain" / "releases" / "x.csv"):
        refuse_inside_release(target)


def test_a_warehouse_inside_a_release_is_refused_before_anything_is_written(published):
    root, release = published
    Warehouse(root / "wh.duckdb")  # the documented path: a link the run replaces, not writes through
    before = sorted(p.name for p in release.path.rglob("*"))
    for inside in (root / "current" / "wh.duckdb", release.path / "wh.duckdb", root / "exports" / "x.duckdb"):
        with pytest.raises(InsideRelease, match=f"refused: {inside} resolves to {release.path}"):
            Warehouse(inside)
    assert sorted(p.name for p in release.path.rglob("*")) == before


def test_verify_finds_a_file_the_writer_left_out_of_the_manifest(tmp_path, monkeypatch, capsys):
    writer_listing = releases_mod.file_hashes

    def without_html(folder):  # the planted bug: the report missing from the manifest's hashes
        return {k: v for k, v in writer_listing(folder).items() if not k.endswith(".html")}

    monkeypatch.setattr(releases_mod, "file_hashes", without_html)
    _, release = publish(tmp_path)
    assert "reports/police_scorecard.html" not in release.manifest["files"]
    assert release.verify() == ["reports/police_scorecard.html: on disk (file), not in the manifest"]
    assert main(["releases", "--warehouse", str(tmp_path / "wh.duckdb"), "--verify"]) == 1
    assert "reports/police_scorecard.html: on disk (file), not in the manifest" in capsys.readouterr().out


def test_verify_reports_links_and_files_planted_in_a_release(published):
    _, release = published
    os.chmod(release.path / "exports", 0o755)
    (release.path / "exports" / "extra.parquet").write_text("x")
    (release.path / "exports" / "manifest.json").unlink()
    (release.path / "exports" / "manifest.json").symlink_to("extra.parquet")
    assert sorted(release.verify()) == ["exports/extra.parquet: on disk (file), not in the manifest",
                                        "exports/manifest.json: a link on disk, not a regular file"]


def test_the_stable_path_follows_new_releases_where_a_resolved_one_is_pruned(tmp_path):
    """docs/bi.md gives BI tools ``<dir>/unpol.duckdb``, a link through
    ``current``: DuckDB and the SQLAlchemy URL open it through the link, and a
    new connection sees the newest release; the resolved path is gone once
    its release is pruned."""
    import duckdb
    import sqlalchemy as sa

    from pipelines.lib.warehouse import read_only

    rel = Releases(tmp_path / "wh.duckdb", keep=1)
    for n in range(2):
        staging = rel.staging(f"run{n}")
        con = duckdb.connect(str(staging / "wh.duckdb"))
        con.execute("create table t as select ? as release", [n])
        con.close()
        rel.promote(staging, {"release_id": f"2026011{n}T000000Z-run{n}", "run_id": f"run{n}",
                              "published_at": (T0 + timedelta(days=n)).isoformat(), "warehouse_file": "wh.duckdb"})
        if n == 0:
            pinned = Path(os.path.realpath(tmp_path / "wh.duckdb"))
            con = read_only(tmp_path / "wh.duckdb")
            assert con.execute("select release from t").fetchone() == (0,)
            con.close()
    con = read_only(tmp_path / "wh.duckdb")
    assert con.execute("select release from t").fetchone() == (1,)
    con.close()
    engine = sa.create_engine(f"duckdb:///{(tmp_path / 'wh.duckdb').absolute()}?access_mode=read_only")
    with engine.connect() as c:
        assert c.execute(sa.text("select release from t")).scalar() == 1
    engine.dispose()
    assert not pinned.exists()  # keep=1: the first release, and the path a realpath gave, are gone
