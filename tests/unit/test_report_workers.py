"""The report's worker processes (pipelines/lib/report/workers.py): every job's
result comes back in the jobs' order whichever process drew it, an error in
a worker is raised in the run's process, a worker that dies leaves its jobs to
the run's process, and below the threshold no process is started."""

from __future__ import annotations

import logging
import multiprocessing
import os

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
