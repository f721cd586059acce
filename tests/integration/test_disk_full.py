"""Disk full (issue 13): on a small tmpfs (``mount -t tmpfs -o size=...``, as
root; skipped, saying so, where mounting is not allowed).

1. Too little room for the measured need: the run refuses before building,
   says how much it needs and how much is free; the release is unchanged; with
   room again the next run publishes.
2. The disk fills up during a first build (nothing measured yet): the run
   fails with the real error (no "cannot rollback"), and after the file
   system is grown the next run publishes and leaves no partial files.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.settings import BUNDLED_INBOX

UNPOL = Path(sys.executable).with_name("unpol")


@pytest.fixture
def small_disk(tmp_path):
    mnt = tmp_path / "disk"
    mnt.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root to mount a tmpfs")
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=128m", "tmpfs", str(mnt)], capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"mount -t tmpfs not allowed here: {r.stderr.strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def resize(mnt: Path, size: str) -> None:
    subprocess.run(["mount", "-o", f"remount,size={size}", str(mnt)], check=True)


def run(wh: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("UNPOL_")}
    return subprocess.run([str(UNPOL), "run", "--plain", "--inbox", str(BUNDLED_INBOX), "--warehouse", str(wh)],
                          env=env, capture_output=True, text=True, timeout=900)


def leftovers(root: Path) -> list[str]:
    found = [p.name for p in (root / "releases").glob(".*")] if (root / "releases").exists() else []
    found += [p.name for p in root.glob(".*.tmp-link")] + [p.name for p in (root / ".build").glob(".*.copy")]
    return found


def free_mib(path: Path) -> float:
    return shutil.disk_usage(path).free / 2**20


def test_too_little_room_is_refused_with_the_need_and_the_next_run_is_clean(small_disk, bundled_build):
    # A published bundled release on the small disk, as a first run leaves it.
    shutil.copytree(bundled_build, small_disk, symlinks=True, dirs_exist_ok=True)
    wh = small_disk / "unpol.duckdb"
    current = (small_disk / "current").resolve()
    # Leave 4 MiB: less than one copy of the bundled release (about 18 MiB since issue 14).
    filler = small_disk / "filler"
    with open(filler, "wb") as fh:
        fh.write(b"\0" * int((free_mib(small_disk) - 4) * 2**20))
    refused = run(wh)
    assert refused.returncode == 1, refused.stderr
    m = re.search(r"not enough disk space in \S+: this run needs about ([\d.,]+) MiB \(.*\), ([\d.,]+) MiB are free",
                  refused.stderr)
    assert m, refused.stderr
    need, free = (float(g.replace(",", "")) for g in m.groups())
    assert need > 10 and free < 5 and need > free
    assert "Traceback" not in refused.stderr
    assert (small_disk / "current").resolve() == current
    filler.unlink()
    again = run(wh)
    assert again.returncode == 0, again.stderr
    assert (small_disk / "current").resolve() != current
    assert leftovers(small_disk) == []


def test_disk_filling_during_a_build_shows_the_real_error_and_the_next_run_is_clean(small_disk):
    resize(small_disk, "6m")  # less than one bundled warehouse: the first build cannot finish
    wh = small_disk / "unpol.duckdb"
    failed = run(wh)
    assert failed.returncode == 1, failed.stderr
    assert re.search(r"No space left on device|Could not write|disk", failed.stderr, re.I), failed.stderr
    assert "cannot rollback" not in failed.stderr and "Traceback" not in failed.stderr
    assert not (small_disk / "current").exists()
    resize(small_disk, "128m")
    again = run(wh)
    assert again.returncode == 0, again.stderr
    assert (small_disk / "current").is_symlink() and wh.resolve().is_file()
    assert leftovers(small_disk) == []
