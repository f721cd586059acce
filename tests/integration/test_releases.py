"""Releases (issue 13): all or nothing, never emptied by accident, reproducible
as of a date.

- every intermediate state of a publish is consistent: at each step of the
  swap the documented paths (warehouse, reports/, exports/) name files of one
  complete release whose manifest matches them, also when the folder still
  has the layout from before releases;
- the shrink guard: an empty, missing or unreadable inbox, a header-only file
  and a fact table losing more than 10 per cent each exit 3 with the current
  release byte-identical; ``--allow-shrink`` publishes; small losses add up
  over the retained releases, and an allowed shrink is recorded;
- ``--as-of`` and ``--release`` answer from an older release after two newer
  ones; pruning keeps the last N.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.cli import main
from pipelines.lib import releases as releases_mod
from pipelines.lib.releases import MANIFEST, Releases
from tests.conftest import run_pipeline

UNPOL = Path(sys.executable).with_name("unpol")
FIGURES = "select count(*) from marts.reported_figures"


def tree_digest(root: Path) -> str:
    """Every file, link and link target under ``root`` (build workspace left
    out: it is private), hashed: equal digests mean byte-identical releases."""
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        if rel.startswith(".build"):
            continue
        if p.is_symlink():
            h.update(f"L {rel} -> {os.readlink(p)}\n".encode())
        elif p.is_file():
            h.update(f"F {rel} {hashlib.sha256(p.read_bytes()).hexdigest()}\n".encode())
        else:
            h.update(f"D {rel}\n".encode())
    return h.hexdigest()


def assert_consistent(wh: Path) -> str:
    """The documented paths all resolve into one complete release, whose
    manifest matches its files; returns its id."""
    db = wh.resolve()
    release_dir = db.parent
    assert (release_dir / MANIFEST).is_file(), f"{wh} -> {db}: not inside a complete release"
    assert (wh.parent / "reports").resolve().parent == release_dir
    assert (wh.parent / "exports").resolve().parent == release_dir
    manifest = json.loads((release_dir / MANIFEST).read_text())
    release = releases_mod.Release(release_dir.name, release_dir, manifest)
    assert release.verify() == []
    assert (wh.parent / "reports" / "police_scorecard.html").is_file()
    assert json.loads((wh.parent / "exports" / "manifest.json").read_text())["source_run_id"] == manifest["run_id"]
    return release_dir.name


def cli(*args: str) -> int:
    return main([*args])


# --- the swap, step by step ----------------------------------------------------------

@pytest.mark.parametrize("legacy", [False, True], ids=["releases", "from_pre_release_layout"])
def test_every_intermediate_state_of_a_publish_is_consistent(bundled_copy, bundled_inbox, monkeypatch, legacy):
    wh = bundled_copy
    root = wh.parent
    first = assert_consistent(wh)
    if legacy:
        # The layout before releases: a plain file and plain folders.
        for name in ("reports", "exports"):
            target = (root / name).resolve()
            (root / name).unlink()
            shutil.copytree(target, root / name)
        db = wh.resolve()
        wh.unlink()
        shutil.copyfile(db, wh)
        (root / "current").unlink()
        shutil.rmtree(root / "releases")
    seen: list[tuple[str, str]] = []

    def check_here(name: str) -> None:
        if name.startswith("swap:"):
            if legacy and name in ("swap:staged", "swap:renamed", "swap:current"):
                # The old file and folders still serve readers until the links replace them.
                assert wh.is_file() and not wh.is_symlink() and (root / "reports").is_dir()
                seen.append((name, "pre-release layout"))
            else:
                seen.append((name, assert_consistent(wh)))

    monkeypatch.setattr(releases_mod, "fault_point", check_here)
    (bundled_inbox / "reported_figures.csv").unlink()  # fct_incident loses its cited rows
    assert run_pipeline(bundled_inbox, wh, allow_shrink=True).success
    assert [s for s, _ in seen] == ["swap:staged", "swap:renamed", "swap:current", "swap:linked"]
    if not legacy:
        # Before the link swap the old release is current, after it the new one.
        assert seen[0][1] == seen[1][1] == first
        assert seen[2][1] == seen[3][1] != first
    final = assert_consistent(wh)
    assert not [p for p in (root / "releases").iterdir() if p.name.startswith(".")]
    assert len(Releases(wh).all()) == (1 if legacy else 2)
    assert final == Releases(wh).current().id


# --- the shrink guard ----------------------------------------------------------------

@pytest.fixture
def published(bundled_copy):
    return bundled_copy


def _refused(wh: Path, inbox: Path, capsys, *extra: str) -> str:
    before = tree_digest(wh.parent)
    assert cli("run", "--plain", "--inbox", str(inbox), "--warehouse", str(wh), *extra) == 3
    assert tree_digest(wh.parent) == before, "the current release changed"
    return capsys.readouterr().err


def _inbox_rules(wh: Path, query) -> list[tuple]:
    workspace = wh.parent / ".build" / wh.name
    return query(workspace, "select relpath, rule from audit.inbox_files where status = 'refused' order by 1")


def test_empty_inbox_is_refused_and_allow_shrink_publishes(published, tmp_path, capsys, query):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "README.md").write_text("not data")  # ignored files do not make an inbox non-empty
    err = _refused(published, empty, capsys)
    assert "holds no data file" in err and "--allow-shrink" in err
    assert _inbox_rules(published, query) == [(".", "inbox_not_empty")]
    assert cli("run", "--plain", "--inbox", str(empty), "--warehouse", str(published), "--allow-shrink") == 0
    assert query(published, "select count(*) from marts.fct_police_deployment") == [(0,)]


def test_missing_inbox_is_refused(published, tmp_path, capsys, query):
    err = _refused(published, tmp_path / "not-mounted", capsys)
    assert "does not exist or is not a folder" in err
    assert _inbox_rules(published, query) == [(".", "inbox_readable")]


def test_header_only_file_is_refused(published, bundled_inbox, capsys, query):
    staffing = bundled_inbox / "staffing_police_2013-09_2014-08.csv"
    staffing.write_text(staffing.read_text(encoding="utf-8").splitlines()[0] + "\n\n", encoding="utf-8")
    err = _refused(published, bundled_inbox, capsys)
    assert "no data rows" in err
    assert _inbox_rules(published, query) == [("staffing_police_2013-09_2014-08.csv", "file_has_rows")]


def test_symlink_loop_is_one_refused_file(published, bundled_inbox, capsys, query):
    (bundled_inbox / "loop.csv").symlink_to("loop.csv")
    err = _refused(published, bundled_inbox, capsys)
    assert "symlink loop" in err
    assert _inbox_rules(published, query) == [("loop.csv", "path_inside_inbox")]


def test_shrink_over_the_threshold_is_refused_and_allow_shrink_publishes(published, bundled_inbox, capsys, query):
    before = query(published, "select count(*) from marts.fct_police_deployment")[0][0]
    # Leave a tenth of the deployment rows: a partial export dropped in the inbox.
    big = bundled_inbox / "staffing_police_2013-09_2014-08.csv"
    lines = big.read_text(encoding="utf-8").splitlines(keepends=True)
    big.write_text("".join(lines[: 1 + len(lines) // 10]), encoding="utf-8")
    err = _refused(published, bundled_inbox, capsys)
    assert "check failed: release_keeps_rows" in err and "--allow-shrink" in err
    # One line a table, raw first (nearest the cause).
    lines = [x.strip() for x in err.splitlines() if " rows (all rows), " in x]
    assert lines[0].startswith("raw.staffing_contributions: ")
    assert any(x.startswith(f"marts.fct_police_deployment: {before:,} -> ") for x in lines)
    assert cli("run", "--plain", "--inbox", str(bundled_inbox), "--warehouse", str(published), "--allow-shrink") == 0
    assert query(published, "select count(*) from marts.fct_police_deployment")[0][0] < before * 0.9


def test_small_losses_add_up_and_an_allowed_shrink_is_recorded(published, bundled_inbox, capsys, query):
    """Two runs each losing under a tenth: the second is refused against the
    larger count of the first release; --allow-shrink publishes it and says so
    in the manifest, `unpol releases` and audit.run_summary."""
    fact = "select count(*) from marts.fct_police_deployment"
    first, full = Releases(published).current().id, query(published, fact)[0][0]
    staffing = bundled_inbox / "staffing_police_2013-09_2014-08.csv"
    header, *rows = staffing.read_text(encoding="utf-8").splitlines(keepends=True)

    def keep(drop: set[int]) -> None:  # rows dropped spread over every month and mission
        staffing.write_text(header + "".join(r for i, r in enumerate(rows) if i % 12 not in drop), encoding="utf-8")

    keep({0})
    assert run_pipeline(bundled_inbox, published).success  # in-process: the refusal below is the command's
    second = query(published, fact)[0][0]
    assert 0.9 * full < second < full
    keep({0, 1})
    err = _refused(published, bundled_inbox, capsys)
    line = next(x for x in err.splitlines() if x.strip().startswith("marts.fct_police_deployment: "))
    assert f"marts.fct_police_deployment: {full:,} -> " in line and f"fewer than release {first}" in line

    assert run_pipeline(bundled_inbox, published, allow_shrink=True).success
    third = query(published, fact)[0][0]
    assert third < 0.9 * full and third > 0.9 * second
    recorded = f"marts.fct_police_deployment {full:,} -> {third:,}"
    manifest = Releases(published).current().manifest
    assert {"table": "marts.fct_police_deployment", "before": full, "after": third, "scope": "all rows",
            "release": first} in manifest["allowed_shrinks"]
    [(summary,)] = query(published, "select shrinks_allowed from audit.run_summary where run_id = ?",
                         [manifest["run_id"]])
    assert recorded in summary
    capsys.readouterr()
    assert cli("releases", "--warehouse", str(published)) == 0
    listing = capsys.readouterr().out
    assert listing.count("shrink allowed (--allow-shrink): ") == 1 and recorded in listing
    # The allowed shrink is the new floor: the same inbox again publishes.
    assert run_pipeline(bundled_inbox, published).success


def _without_read_override() -> list[str]:
    """A prefix that runs a command unable to read a folder its mode forbids:
    as root, without the capabilities that let root read any folder."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: no way to make a folder unreadable")
    return ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--"]


def test_unreadable_inbox_is_refused(published, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "staffing.csv").write_text("x\n1\n")
    locked.chmod(0o000)
    before = tree_digest(published.parent)
    env = {k: v for k, v in os.environ.items() if not k.startswith("UNPOL_")}
    try:
        r = subprocess.run([*_without_read_override(), str(UNPOL), "run", "--plain", "--inbox", str(locked),
                            "--warehouse", str(published)], env=env, capture_output=True, text=True, timeout=600)
    finally:
        locked.chmod(0o755)
    assert r.returncode == 3, (r.stdout, r.stderr)
    assert "folder cannot be read (Permission denied)" in r.stderr
    assert tree_digest(published.parent) == before


# --- retained releases ---------------------------------------------------------------

def test_as_of_and_release_answer_from_an_older_release(published, bundled_inbox, capsys, monkeypatch):
    first = Releases(published).current()
    (bundled_inbox / "reported_figures.csv").unlink()
    # An in-process run (the command's own exit codes are tested above): a second release.
    assert run_pipeline(bundled_inbox, published, allow_shrink=True).success
    capsys.readouterr()
    assert len(Releases(published).all()) == 2

    def figures(*args: str) -> str:
        assert cli("query", FIGURES, "--warehouse", str(published), *args) == 0
        return capsys.readouterr().out.splitlines()[2].strip()

    original = str(json.loads((first.path / MANIFEST).read_text())["tables"]["marts.reported_figures"])
    assert original != "0"
    assert figures() == "0"
    assert figures("--as-of", first.manifest["published_at"]) == original
    assert figures("--release", first.id) == original
    assert figures("--as-of", "2999-12-31") == "0"
    assert cli("query", FIGURES, "--warehouse", str(published), "--as-of", "2000-01-01") == 1
    assert "no release was published by 2000-01-01" in capsys.readouterr().err
    assert cli("releases", "--warehouse", str(published), "--verify") == 0
    out = capsys.readouterr().out
    assert f"  {first.id}  published" in out and "files match the manifest" in out and "2 releases" in out

    # Pruned only after a new release is complete: keep 2.
    monkeypatch.setenv("UNPOL_KEEP_RELEASES", "2")
    assert cli("run", "--plain", "--inbox", str(bundled_inbox), "--warehouse", str(published)) == 0
    kept = Releases(published).all()
    assert len(kept) == 2 and kept[-1].id == Releases(published).current().id
    assert first.id not in {r.id for r in kept}
    capsys.readouterr()
    assert cli("query", FIGURES, "--warehouse", str(published), "--release", first.id) == 1
    assert f"no release '{first.id}'" in capsys.readouterr().err
