"""The exit codes of ``unpol`` and what each means (``MEANING``, listed by
``unpol --help``); the exit code of ``unpol run`` is decided from the run's
outcome by a pure function."""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OK, EXIT_FAILURE, EXIT_USAGE, EXIT_REJECTED, EXIT_BUSY = 0, 1, 2, 3, 4
# As a shell reports a process ended by SIGINT (128 + 2) or SIGPIPE (128 + 13).
EXIT_INTERRUPTED, EXIT_PIPE_CLOSED = 130, 141
MEANING = {
    EXIT_OK: "done (for run: published)",
    EXIT_FAILURE: "failure (a step failed, a query failed, no or damaged warehouse file)",
    EXIT_USAGE: "bad command line or setting (an UNPOL_* variable, a missing @file.sql)",
    EXIT_REJECTED: "run not published: rejects over the threshold, a refused file or inbox, or a shrink",
    EXIT_BUSY: "run refused: another run holds the warehouse",
    EXIT_INTERRUPTED: "interrupted (Ctrl-C)",
    EXIT_PIPE_CLOSED: "the reader of the output went away (e.g. `unpol tables | head`)",
}


@dataclass(frozen=True)
class RunOutcome:
    """What a run did, as far as the exit code cares (read from its events by
    ``pipelines.cli.outcome``)."""

    published: bool = False
    busy: bool = False  # a WarehouseBusy anywhere in the run's errors
    interrupted: bool = False  # Ctrl-C (SIGINT) stopped the run
    step_failures: int = 0  # steps that failed for a reason other than a failed check
    run_failed: bool = False
    failed_checks: int = 0


def exit_code(o: RunOutcome) -> int:
    if o.busy:
        return EXIT_BUSY
    if o.interrupted and not o.published:
        return EXIT_INTERRUPTED
    if o.published:
        return EXIT_OK
    if o.step_failures or (o.run_failed and not o.failed_checks):
        return EXIT_FAILURE
    return EXIT_REJECTED
