"""The exit code of ``unpol run`` as a pure function of the run's outcome."""

import pytest

from pipelines.cli.exit_codes import (
    EXIT_BUSY,
    EXIT_FAILURE,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_REJECTED,
    RunOutcome,
    exit_code,
)


@pytest.mark.parametrize(
    ("outcome", "code"),
    [
        (RunOutcome(published=True), EXIT_OK),
        # A warning check that failed does not stop a publish.
        (RunOutcome(published=True, failed_checks=1), EXIT_OK),
        # Another run held the warehouse: busy wins over everything else.
        (RunOutcome(busy=True, run_failed=True), EXIT_BUSY),
        (RunOutcome(busy=True, published=True), EXIT_BUSY),
        # A step failed for a reason other than a check: a failure.
        (RunOutcome(step_failures=1, run_failed=True), EXIT_FAILURE),
        (RunOutcome(step_failures=1, run_failed=True, failed_checks=2), EXIT_FAILURE),
        # The run failed with no failed step and no failed check (e.g. a resource).
        (RunOutcome(run_failed=True), EXIT_FAILURE),
        # Ctrl-C: the steps it stopped are not failures of their own.
        (RunOutcome(interrupted=True, run_failed=True, step_failures=0), EXIT_INTERRUPTED),
        (RunOutcome(interrupted=True, published=True), EXIT_OK),
        # Only a check stopped it: input rejected over the threshold.
        (RunOutcome(run_failed=True, failed_checks=1), EXIT_REJECTED),
    ],
)
def test_exit_code(outcome, code):
    assert exit_code(outcome) == code
