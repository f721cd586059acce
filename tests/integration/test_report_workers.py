"""The report's worker processes (pipelines/lib/report/workers.py): every job's
result comes back in the jobs' order whichever process drew it, an error in
a worker is raised in the run's process, a worker that dies leaves its jobs to
the run's process, a worker ends with a killed run, and below the threshold no
process is started. Integration: these start and kill real processes."""

from __future__ import annotations

import logging
import multiprocessing
import os
from pathlib import Path

import pytest

from pipelines.lib.report.workers import Sections


def _square_and_where(n: int) -> tuple[int, bool]:
    return n * n, multiprocessing.parent_process() is not None  # (result, drawn in a worker)


def _fails_in_a_worker(n: int) -> int:
    if n == 0 and multiprocessing.parent_process() is not None:
        raise ValueError(f"no chart for {n}")
    return n


def _dies_in_a_worker(n: int) -> int:
    if multiprocessing.parent_process() is not None:
        os._exit(3)  # as an out-of-memory kill would end it
    return -n


def test_jobs_come_back_in_order_drawn_by_both_processes():
    jobs = list(range(40))
    with Sections(_square_and_where, jobs, workers=1, min_jobs=1) as pool:
        assert pool.workers == 1
        out = pool.results()
    assert [r for r, _ in out] == [n * n for n in jobs]
    assert pool.done_in_workers == sum(in_worker for _, in_worker in out)
    # The worker started from the first job; the run's process took the last one back.
    assert out[0][1] is True and out[-1][1] is False


def test_too_few_jobs_start_no_worker():
    with Sections(_square_and_where, [1, 2, 3], workers=4, min_jobs=8) as pool:
        assert pool.workers == 0
        assert pool.results() == [(1, False), (4, False), (9, False)]
    with Sections(_square_and_where, list(range(10)), workers=0, min_jobs=1) as pool:
        assert pool.workers == 0
        assert all(not in_worker for _, in_worker in pool.results())


def test_an_error_in_a_worker_is_raised_here():
    # Job 0 is always a worker's: it is handed over on entering, before this process takes any.
    with pytest.raises(ValueError, match="no chart for 0"):
        with Sections(_fails_in_a_worker, list(range(30)), workers=1, min_jobs=1) as pool:
            pool.results()


def test_a_worker_that_dies_leaves_its_jobs_to_this_process(caplog):
    with caplog.at_level(logging.WARNING, logger="pipelines.lib.report.workers"):
        with Sections(_dies_in_a_worker, list(range(12)), workers=1, min_jobs=1) as pool:
            out = pool.results()
    assert out == [-n for n in range(12)]
    assert "report worker lost" in caplog.text


def test_jobs_not_handed_over_when_a_worker_is_lost_are_drawn_here(monkeypatch):
    # A worker that dies while the jobs are still being handed over makes the
    # next hand-over fail (seen in CI with the test above): the rest are drawn here.
    import concurrent.futures as cf

    real, handed = cf.ProcessPoolExecutor.submit, []

    def submit(self, fn, *args, **kwargs):
        if len(handed) == 3:
            raise cf.process.BrokenProcessPool("a child process terminated abruptly")
        handed.append(fn)
        return real(self, fn, *args, **kwargs)

    monkeypatch.setattr(cf.ProcessPoolExecutor, "submit", submit)
    with Sections(_square_and_where, list(range(10)), workers=1, min_jobs=1) as pool:
        out = pool.results()
    assert [r for r, _ in out] == [n * n for n in range(10)]
    assert all(not in_worker for _, in_worker in out[3:])


def _pid_to(job: tuple[str, float]) -> int:
    """Write this process's pid to ``job[0]`` (if given, whole or not at all),
    then wait ``job[1]`` seconds."""
    import time

    path, seconds = job
    if path:
        Path(f"{path}.part").write_text(str(os.getpid()))
        os.replace(f"{path}.part", path)
    time.sleep(seconds)
    return os.getpid()


KILLED_PARENT = """
import os, signal, sys, time
sys.path.insert(0, {root!r})
from pipelines.lib.report.workers import Sections
from tests.integration.test_report_workers import _pid_to
# The first section tells the worker's pid; the others keep it busy.
with Sections(_pid_to, [({pid_file!r}, 0.0)] + [("", 0.5)] * 50, workers=1, min_jobs=1):
    while not os.path.exists({pid_file!r}):
        time.sleep(0.01)
    os.kill(os.getpid(), signal.SIGKILL)  # as a kill of the run would end it
"""


def test_a_worker_ends_when_the_run_is_killed(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    from pipelines.lib.paths import PROJECT_ROOT

    pid_file = tmp_path / "worker.pid"
    # No pipes: a worker left alive would hold them open and hang the wait.
    code = subprocess.run([sys.executable, "-c", KILLED_PARENT.format(root=str(PROJECT_ROOT), pid_file=str(pid_file))],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60).returncode
    assert code == -signal.SIGKILL
    worker = int(pid_file.read_text())

    def running() -> bool:  # an ended process not yet reaped by its new parent is a zombie (Z)
        try:
            return Path(f"/proc/{worker}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except (FileNotFoundError, ProcessLookupError):
            return False

    deadline = time.monotonic() + 120  # a guard against a hang, not a speed limit
    while time.monotonic() < deadline and running():
        time.sleep(0.1)
    alive = running()
    if alive:
        os.kill(worker, signal.SIGKILL)
    assert not alive, "the report worker outlived the killed run"


def _children() -> list[str]:
    """Command lines of this process's live children started by multiprocessing (/proc, Linux)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmd = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue  # ended meanwhile
        if int(fields[1]) == os.getpid() and "multiprocessing" in cmd:
            out.append(f"{stat.parent.name} {fields[0]} {cmd}")
    return out


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
@pytest.mark.parametrize("draw", [_square_and_where, _fails_in_a_worker])
def test_no_process_outlives_the_sections(draw):
    # The workers and multiprocessing's resource tracker (which a spawned pool
    # starts) end with the block, whether it ends well or with an error.
    try:
        with Sections(draw, list(range(20)), workers=2, min_jobs=1) as pool:
            assert pool.workers == 2
            pool.results()
    except ValueError:
        pass
    assert _children() == []
