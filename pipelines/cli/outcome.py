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
    # The writer lock is taken when the warehouse resource starts, so a busy
    # warehouse shows up as RESOURCE_INIT_FAILURE / RUN_FAILURE, not as a step.
    busy_error = None
    for e in events:
        err = getattr(e.event_specific_data, "error", None)
        while err is not None and busy_error is None:
            if err.cls_name == WarehouseBusy.__name__:
                busy_error = err
            err = err.cause
    interrupted = any(_in_chain(getattr(e.event_specific_data, "error", None), INTERRUPTED) for e in events)
    run_failures = [e for e in events if e.event_type_value in ("RUN_FAILURE", "PIPELINE_FAILURE")]
    # A blocking check that fails ends its step with DagsterAssetCheckFailedError:
    # that is rejected input, reported with the check, not a failed run.
    step_errors = [
        (e.step_key, innermost(e.event_specific_data.error))
        for e in events
        if e.event_type_value == "STEP_FAILURE" and not is_check_failure(e.event_specific_data.error)
        and not _in_chain(e.event_specific_data.error, INTERRUPTED)
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
            path = e.event_specific_data.materialization.metadata.get("path")
            report_path = path.value if path is not None else None
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


def _in_chain(err, names) -> bool:
    while err is not None:
        if err.cls_name in names:
            return True
        err = err.cause
    return False


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
    while error is not None:
        if error.cls_name == "DagsterAssetCheckFailedError":
            return True
        error = error.cause
    return False
