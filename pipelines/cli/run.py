"""``unpol run``: run the whole graph in-process on an inbox folder, publish,
and say what happened (the exit code is decided in ``exit_codes``)."""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

from pipelines.cli.exit_codes import EXIT_BUSY, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, exit_code
from pipelines.cli.outcome import RunEvents, error_text, read_events
from pipelines.cli.output import print_summary
from pipelines.cli.progress import Progress


def cmd_run(args) -> int:
    import dagster as dg

    from pipelines.definitions import MAIN_JOB, build_definitions
    from pipelines.lib.warehouse import WarehouseBusy
    from pipelines.settings import Settings

    settings = Settings.from_env(inbox=args.inbox, warehouse=args.warehouse, max_reject_share=args.max_reject_share)
    try:
        partition_args = partition_args_for(getattr(args, "month", None), getattr(args, "months", None))
    except ValueError as exc:
        print(f"unpol: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if not Path(settings.inbox).is_dir():
        print(f"unpol: inbox {settings.inbox} is not a folder", file=sys.stderr)
        return EXIT_USAGE
    fancy = sys.stdout.isatty() and not args.plain
    print(f"unpol run: inbox {Path(settings.inbox).resolve()} -> {Path(settings.warehouse).resolve()}", flush=True)

    handler_box: list[Progress] = []

    @dg.logger
    def progress_logger(init_context):
        log = logging.getLogger("unpol.progress")
        log.setLevel(logging.DEBUG)
        log.propagate = False
        log.handlers = [handler_box[0]]
        return log

    defs = build_definitions(settings, loggers={"console": progress_logger})
    job = defs.resolve_job_def(MAIN_JOB)
    handler_box.append(Progress(total=len(job.graph.node_defs), fancy=fancy))
    started = time.monotonic()
    instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()
    try:
        # Loggers take effect only when named in run config.
        result = job.execute_in_process(
            instance=instance, raise_on_error=False, run_config={"loggers": {"console": {}}}, **partition_args
        )
    except WarehouseBusy as exc:
        handler_box[0].close()
        print(f"unpol: {exc}", file=sys.stderr)
        return EXIT_BUSY
    finally:
        handler_box[0].close()
    elapsed = time.monotonic() - started
    return report(result.run_id, read_events(result), settings, elapsed)


def partition_args_for(month: str | None, months: str | None) -> dict:
    """execute_in_process arguments for a run over some staffing months (a
    range is one run, as in a UI backfill); none for the full run."""
    from pipelines.defs.staffing.partitions import month_key, range_tags

    if month:
        return {"partition_key": month_key(month)}
    if months:
        first, sep, last = months.partition("..")
        if not sep:
            raise ValueError(f"--months {months}: expected FIRST..LAST, e.g. 2014-01..2014-06")
        first, last = month_key(first.strip()), month_key(last.strip())
        if first > last:
            raise ValueError(f"--months {months}: the first month is after the last")
        return {"tags": range_tags(first, last)}
    return {}


def report(run_id: str, ev: RunEvents, settings, elapsed: float) -> int:
    """Print what the run did and return its exit code."""
    from pipelines.lib.warehouse import Warehouse, read_only

    code = exit_code(ev.outcome)
    if ev.outcome.busy:
        print(f"unpol: {error_text(ev.busy_error)}", file=sys.stderr)
        return code
    for step, err in ev.step_errors:
        print(f"unpol: step {step} failed: {error_text(err)}", file=sys.stderr)
    if ev.outcome.run_failed and not ev.step_errors and not ev.failed_checks:
        for text in ev.run_errors:
            print(f"unpol: run failed: {text}", file=sys.stderr)
    wh = Warehouse(settings.warehouse)
    # Summary from the build workspace (what this run produced), read-only.
    summary_db = wh.workspace if wh.workspace.exists() else wh.published
    print()
    try:
        con = read_only(summary_db)
    except Exception as exc:  # the workspace may be locked by a concurrent run
        print(f"(no summary: {exc})")
        con = None
    if con is not None:
        try:
            print_summary(con, run_id)
        finally:
            con.close()
    for check in ev.failed_checks:
        md = {k: v.value for k, v in check.metadata.items()}
        detail = md.get("files_over") or md.get("refused") or md.get("sample") or ""
        label = "warning" if check.severity.value == "WARN" else "check failed"
        print(f"{label}: {check.check_name} on {check.asset_key.to_user_string()}: {detail}", file=sys.stderr)
    if code == EXIT_OK:
        print(f"\npublished {wh.published} in {elapsed:.1f} s")
        if ev.report_path:
            print(f"report    {ev.report_path} (open it in a web browser)")
    elif code == EXIT_FAILURE:
        print(f"\nrun failed after {elapsed:.1f} s; the published warehouse is unchanged", file=sys.stderr)
    else:
        print(f"\nnot published: input rejected over the threshold (max share {settings.max_reject_share:.0%}); "
              f"the published warehouse is unchanged. Details: audit.rejects and audit.ingest_ledger in {wh.workspace}",
              file=sys.stderr)
    return code
