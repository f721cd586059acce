"""The missions' sections drawn by worker processes while the run's own process
draws the rest of the page.

Drawing is matplotlib, pure Python: one core per process, whatever the
machine has. The sections do not depend on each other, so with ``workers`` > 0
a pool of worker processes draws them from the first mission on while the
run's process draws the page's other charts, then takes missions itself from
the last one back until the two meet (a mission not yet handed to a worker is
taken back). The workers are spawned, a fresh interpreter each: forking a
process that runs DuckDB's and polars' threads can deadlock the child.

Whichever process draws a chart, its SVG is the same (each chart's ids are
salted with its own id): tests/assets/test_report_workers.py renders a page
both ways and compares it byte for byte; tests/unit/test_report_workers.py
checks the order, the errors and a worker's death.
"""

from __future__ import annotations

import concurrent.futures as cf
import logging
import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from pipelines.lib.report.drawing import hold_chart_style

# With fewer missions than this, the run's process draws every section: a
# worker's start (a fresh interpreter importing polars and matplotlib, about
# 0.6 s here) would cost more than it saves. bench/report_render.py measures both.
MIN_MISSIONS = 8

Job = TypeVar("Job")
Out = TypeVar("Out")
log = logging.getLogger(__name__)


def _start_worker() -> None:
    """A worker's set-up: the report's style for its life, and its end when the
    run's process ends, however that ends (a worker left waiting for work
    after its parent is killed would otherwise wait for ever: it holds its
    own end of the queue it reads)."""
    hold_chart_style()
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent,), name="exit-with-parent", daemon=True).start()


def _exit_with(parent) -> None:
    parent.join()  # returns once the parent's sentinel closes: the parent has ended
    os._exit(1)


def _stop_resource_tracker() -> None:
    """Stop the process ``multiprocessing`` starts beside the first spawned
    worker (its resource tracker): it would otherwise outlive the pool until
    the run's process exits, so ``unpol run`` ended with a process of its
    group still alive. It is started again if anything needs it. Its stop
    method is the one CPython's own tests use; without it, nothing is done."""
    from multiprocessing import resource_tracker

    stop = getattr(getattr(resource_tracker, "_resource_tracker", None), "_stop", None)
    if stop is not None:
        stop()


class Sections(Generic[Job, Out]):
    """``draw(job)`` for every job, started on entering (in the workers, if
    any) and collected in the jobs' order by :meth:`results`; ``draw`` and the
    jobs must pickle (a module-level function, frames and plain values)."""

    def __init__(self, draw: Callable[[Job], Out], jobs: Sequence[Job], workers: int, min_jobs: int | None = None):
        self._draw, self._jobs = draw, list(jobs)
        self._use_pool = workers > 0 and len(self._jobs) >= (MIN_MISSIONS if min_jobs is None else min_jobs)
        self._workers = workers
        self._pool: cf.ProcessPoolExecutor | None = None
        self._futures: list[cf.Future] = []
        self.done_in_workers = 0  # jobs whose result came from a worker

    @property
    def workers(self) -> int:
        """Worker processes started (0: this process draws every job)."""
        return self._workers if self._pool is not None else 0

    def __enter__(self) -> Sections[Job, Out]:
        if self._use_pool:
            self._pool = cf.ProcessPoolExecutor(
                self._workers, mp_context=multiprocessing.get_context("spawn"), initializer=_start_worker)
            for job in self._jobs:
                try:
                    self._futures.append(self._pool.submit(self._draw, job))
                except cf.process.BrokenProcessPool:
                    break  # a worker died already: the jobs not handed over are drawn here
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            try:
                self._pool.shutdown(wait=True, cancel_futures=True)  # joins every worker
            finally:
                _stop_resource_tracker()

    def results(self) -> list[Out]:
        if self._pool is None:
            return [self._draw(job) for job in self._jobs]
        out: dict[int, Out] = {}
        # From the last mission back: each one no worker has started is drawn here.
        for i in reversed(range(len(self._jobs))):
            if i >= len(self._futures) or self._futures[i].cancel():
                out[i] = self._draw(self._jobs[i])
        for i, future in enumerate(self._futures):
            if i not in out:
                try:
                    out[i] = future.result()
                    self.done_in_workers += 1
                except cf.process.BrokenProcessPool as exc:
                    # A worker died (killed, out of memory): the same chart is drawn here.
                    log.warning("report worker lost (%s): section %d drawn in the run's process", exc, i)
                    out[i] = self._draw(self._jobs[i])
        return [out[i] for i in range(len(self._jobs))]
