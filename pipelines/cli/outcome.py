"""Read a finished run's Dagster events into what the command reports: the
outcome that decides the exit code, the errors and failed checks to print, and
where the report went."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipelines.cli.exit_codes import RunOutcome

PUBLISHED_KEY = ["published_warehouse"]
REPORT_KEY = ["report", "police_scorecard"]


@dataclass
class RunEvents:
    outcome: RunOutcome
    busy_error: object | None = None  # the WarehouseBusy error, when another run held the warehouse
    step_errors: list[tuple[str, object]] = field(default_factory=list)  # (step key, innermost error)
    run_errors: list[str] = field(default_factory=list)  # run failures' reasons, innermost cause
    failed_checks: list = field(default_factory=list)  # AssetCheckEvaluation that did not pass
    report_path: str | None = None


def read_events(result) -> RunEvents:
    from pipelines.lib.warehouse import WarehouseBusy

    events = result.all_events
    errors = [err for e in events if (err := getattr(e.event_specific_data, "error", None)) is not None]
    # The writer lock is taken when the warehouse resource starts, so a busy
    # warehouse shows up as RESOURCE_INIT_FAILURE / RUN_FAILURE, not as a step.
    busy_error = next(filter(None, (_in_chain(err, (WarehouseBusy.__name__,)) for err in errors)), None)
    interrupted = any(_in_chain(err, INTERRUPTED) is not None for err in errors)
    run_failures = [e for e in events if e.event_type_value in ("RUN_FAILURE", "PIPELINE_FAILURE")]
    # A blocking check that fails ends its step with DagsterAssetCheckFailedError:
    # that is rejected input, reported with the check, not a failed run.
    step_errors = [
        (e.step_key, innermost(e.event_specific_data.error))
        for e in events
        if e.event_type_value == "STEP_FAILURE" and not is_check_failure(e.event_specific_data.error)
        and _in_chain(e.event_specific_data.error, INTERRUPTED) is None
    ]
    run_errors = []
    for e in run_failures:
        err = getattr(e.event_specific_data, "error", None)
        run_errors.append(error_text(innermost(err)) if err else e.message)
    failed_checks = [
        e.event_specific_data for e in events
        if e.event_type_value == "ASSET_CHECK_EVALUATION" and not e.event_specific_data.passed
    ]
    published = any(
        e.event_type_value == "ASSET_MATERIALIZATION" and e.asset_key.path == PUBLISHED_KEY for e in events
    )
    report_path = None
    for e in events:
        if e.event_type_value == "ASSET_MATERIALIZATION" and e.asset_key.path == REPORT_KEY:
            report_path = getattr(e.event_specific_data.materialization.metadata.get("path"), "value", None)
    outcome = RunOutcome(
        published=published,
        busy=busy_error is not None,
        interrupted=interrupted,
        step_failures=len(step_errors),
        run_failed=bool(run_failures),
        failed_checks=len(failed_checks),
    )
    return RunEvents(outcome, busy_error, step_errors, run_errors, failed_checks, report_path)


INTERRUPTED = ("DagsterExecutionInterruptedError", "KeyboardInterrupt")


def _in_chain(err, names):
    """The first error of ``err``'s cause chain whose class is one of ``names``, or None."""
    while err is not None and err.cls_name not in names:
        err = err.cause
    return err


def innermost(err):
    while err is not None and err.cause is not None:
        err = err.cause
    return err


def error_text(err) -> str:
    """The exception's message without Dagster's ``module.Class: `` prefix
    (users see the reason, not a stack trace)."""
    text = err.message.strip()
    prefix = f"{err.cls_name}: "
    return text.split(prefix, 1)[1] if prefix in text.split("\n", 1)[0] else text


def is_check_failure(error) -> bool:
    return _in_chain(error, ("DagsterAssetCheckFailedError",)) is not None
