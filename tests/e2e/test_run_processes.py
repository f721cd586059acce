"""`unpol run` ends after every process it started: when it returns, no
process of its process group is left (the report's worker processes and
multiprocessing's resource tracker included)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# `unpol run` with the report's threshold lowered, so the bundled data's few
# missions are drawn by worker processes; it notes how many workers it started.
RUN = """
import sys
from pipelines.lib.report import workers

workers.MIN_MISSIONS = 1
enter = workers.Sections.__enter__

def noted(self):
    pool = enter(self)
    with open(sys.argv[1], "a") as fh:
        fh.write(f"{pool.workers}\\n")
    return pool

workers.Sections.__enter__ = noted
from pipelines.cli.main import main
sys.exit(main(sys.argv[2:]))
"""


def group_members(pgid: int) -> list[str]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            state, _, group = stat.read_text().rsplit(")", 1)[1].split()[:3]
            cmd = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if int(group) == pgid:
            out.append(f"{stat.parent.name} {state} {cmd[:120]}")
    return out


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_no_process_of_the_run_outlives_it(tmp_path, bundled_inbox):
    noted = tmp_path / "workers.txt"
    run = subprocess.Popen(
        [sys.executable, "-c", RUN, str(noted), "run", "--plain", "--inbox", str(bundled_inbox),
         "--warehouse", str(tmp_path / "wh" / "unpol.duckdb")],
        env={**os.environ, "UNPOL_REPORT_WORKERS": "2"}, start_new_session=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = run.communicate(timeout=900)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, 9)
    assert run.returncode == 0, err
    assert noted.read_text().split() == ["2"], "the report was not drawn by worker processes"
    assert group_members(run.pid) == []
