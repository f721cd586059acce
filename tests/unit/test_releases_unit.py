"""pipelines/lib/releases.py on small fake releases: swap, history, as-of,
orphans of a killed swap, pruning, verification, disk-space refusal."""

import json
import os
from datetime import UTC, datetime, timedelta

import pytest

from pipelines.lib.releases import MANIFEST, NotEnoughSpace, ReleaseError, Releases


def stage(releases: Releases, run: str, when: datetime, content: str):
    staging = releases.staging(run)
    (staging / "wh.duckdb").write_text(content)
    (staging / "reports").mkdir()
    (staging / "reports" / "police_scorecard.html").write_text(f"<p>{content}</p>")
    (staging / "exports").mkdir()
    (staging / "exports" / "manifest.json").write_text("{}")
    manifest = {"release_id": f"{when:%Y%m%dT%H%M%SZ}-{run}", "run_id": run, "published_at": when.isoformat(),
                "warehouse_file": "wh.duckdb", "tables": {}, "inputs": [], "workspace_bytes": 0}
    return staging, manifest


T0 = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)


def test_swap_history_as_of_and_prune(tmp_path):
    rel = Releases(tmp_path / "wh.duckdb", keep=2)
    ids = []
    for n in range(3):
        staging, manifest = stage(rel, f"run{n}", T0 + timedelta(days=n), f"v{n}")
        ids.append(rel.promote(staging, manifest).id)
    assert (tmp_path / "wh.duckdb").read_text() == "v2"
    assert (tmp_path / "reports" / "police_scorecard.html").read_text() == "<p>v2</p>"
    assert [r.id for r in rel.all()] == ids[1:]  # keep=2: the oldest pruned after the third was current
    assert rel.as_of("2026-01-11").id == ids[1]
    assert rel.as_of((T0 + timedelta(days=1, hours=1)).isoformat()).id == ids[1]
    with pytest.raises(ReleaseError, match="no release was published by 2026-01-09"):
        rel.as_of("2026-01-09")


def test_a_release_never_made_current_is_not_an_answer_and_is_removed(tmp_path):
    rel = Releases(tmp_path / "wh.duckdb")
    staging, manifest = stage(rel, "run0", T0, "v0")
    first = rel.promote(staging, manifest)
    # A run killed after renaming its release into place, before the swap.
    staging, manifest = stage(rel, "run1", T0 + timedelta(days=1), "v1")
    (staging / MANIFEST).write_text(json.dumps({**manifest, "files": {}}))
    os.rename(staging, rel.dir / manifest["release_id"])
    assert rel.as_of("2030-01-01").id == first.id
    removed = rel.clean_leftovers()
    assert [p.name for p in removed] == [manifest["release_id"]]
    assert [r.id for r in rel.all()] == [first.id]


def test_verify_names_a_changed_file(tmp_path):
    rel = Releases(tmp_path / "wh.duckdb")
    staging, manifest = stage(rel, "run0", T0, "v0")
    release = rel.promote(staging, manifest)
    assert release.verify() == []
    (release.path / "wh.duckdb").write_text("tampered")
    assert release.verify()[0].startswith("wh.duckdb: sha256")


def test_space_check_says_how_much_is_needed(tmp_path):
    rel = Releases(tmp_path / "wh.duckdb")
    with pytest.raises(NotEnoughSpace, match=r"needs about [\d,.]+ MiB \(a test\), [\d,.]+ MiB are free"):
        rel.check_space(2**62, "a test")
