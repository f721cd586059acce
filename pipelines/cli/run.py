"""``unpol run``: run the whole graph in-process on an inbox folder, publish,
and say what happened (the exit code is decided in ``exit_codes``)."""

from __future__ import annotations

import logging
import sys
import time
import uuid
import warnings
from pathlib import Path

from pipelines.cli.errors import UserError, refuse_inside_release
from pipelines.cli.exit_codes import (
    EXIT_BUSY,
    EXIT_FAILURE,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    exit_code,
)
from pipelines.cli.instance import (
    dagster_home,
    event_log_held_open,
    get_instance,
    sqlite_syncs_at_checkpoints,
)
from pipelines.cli.outcome import RunEvents, error_text, read_events
from pipelines.cli.output import print_summary
from pipelines.cli.progress import Progress, step_domains
from pipelines.lib.readable import plural

REFUSED_CHECK = "inbox_files_all_recognised"
REJECT_SHARE_SUFFIX = "_reject_share_within_threshold"
SHRINK_CHECK = "release_keeps_rows"  # pipelines/defs/release/exports.py
# (tests/assets/test_definitions.py checks these are check names of the definitions)
SHRINKS_SHOWN = 12  # lines of tables that would shrink (raw first: nearest the cause)
DETAIL_CHARS = 360  # one line of a refused file's reason on the terminal; the whole text is in audit.inbox_files


def cmd_run(args) -> int:
    from dagster import BetaWarning

    # The raw staffing asset's single-run backfill policy is a beta parameter;
    # its warning on every run tells the user nothing they can act on.
    warnings.filterwarnings("ignore", message="Parameter `backfill_policy`", category=BetaWarning)
    from pipelines.settings import Settings

    settings = Settings.from_env(
        option_names={"inbox": "--inbox", "warehouse": "--warehouse", "max_reject_share": "--max-reject-share"},
        inbox=args.inbox, warehouse=args.warehouse, max_reject_share=args.max_reject_share,
        allow_shrink=args.allow_shrink,
    )
    try:
        partition_args, months = partition_args_for(getattr(args, "month", None), getattr(args, "months", None))
    except ValueError as exc:
        raise UserError(str(exc), EXIT_USAGE) from None
    refuse_inside_release(settings.warehouse, own_link=True)  # Warehouse refuses it too, for every run
    # A missing or unreadable inbox is not refused here: the run records it as a
    # refused entry of audit.inbox_files and does not publish (exit 3), so an
    # unmounted share can never empty the release.
    if others := other_warehouses(Path(settings.warehouse)):
        raise UserError(
            f"{Path(settings.warehouse).parent} already holds the warehouse {others[0].name}, and a warehouse's "
            f"reports/ and exports/ are its folder's: give {Path(settings.warehouse).name} a folder of its own",
            EXIT_USAGE,
        )
    # Arguments and settings are checked above, before the definitions (and
    # pandera, ibis, polars) are imported: a usage error answers at once.
    import dagster as dg

    from pipelines.definitions import MAIN_JOB, build_definitions
    from pipelines.lib.warehouse import WarehouseBusy

    fancy = sys.stdout.isatty() and not args.plain and not args.steps
    print(f"unpol run: inbox {Path(settings.inbox).absolute()} -> {Path(settings.warehouse).absolute()}", flush=True)

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
    handler_box.append(Progress(step_domains(defs, job), fancy=fancy, each_step=args.steps))
    handler_box[0].listen()
    started = time.monotonic()
    # The warehouse's instance (pipelines/cli/instance.py), so `unpol serve` shows this run.
    run_id = str(uuid.uuid4())  # as Dagster makes them; known before the run so its files can be held open
    home = dagster_home(settings.warehouse)
    with (sqlite_syncs_at_checkpoints(home), get_instance(home) as instance,
          event_log_held_open(instance, run_id)):
        try:
            # Loggers take effect only when named in run config.
            result = job.execute_in_process(
                instance=instance, run_id=run_id, raise_on_error=False, run_config={"loggers": {"console": {}}},
                **partition_args)
        except WarehouseBusy as exc:
            raise UserError(str(exc), EXIT_BUSY) from None  # printed by main once the bar is stopped
        finally:
            handler_box[0].finish()
        elapsed = time.monotonic() - started
        print(f"run {result.run_id} recorded in the Dagster instance {instance.root_directory}")
        events = read_events(result)
    return report(result.run_id, events, settings, elapsed, months)


def other_warehouses(published: Path) -> list[Path]:
    """Other DuckDB warehouses in the folder of ``published``. The report and
    the exports are written beside the warehouse (``reports/``, ``exports/``),
    so two warehouses in one folder would overwrite each other's: refused."""
    folder = published.parent
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.duckdb") if p.name != published.name)


def partition_args_for(month: str | None, months: str | None) -> tuple[dict, list[str] | None]:
    """execute_in_process arguments for a run over some staffing months (a
    range is one run, as in a UI backfill) and the months it replaces; none
    for the full run."""
    from pipelines.defs.partitions import month_key, range_tags, window_keys

    if month:
        key = month_key(month)
        return {"partition_key": key}, [key]
    if months:
        first, sep, last = months.partition("..")
        if not sep:
            raise ValueError(f"--months {months}: expected FIRST..LAST, e.g. 2014-01..2014-06")
        first, last = month_key(first.strip()), month_key(last.strip())
        if first > last:
            raise ValueError(f"--months {months}: the first month is after the last")
        return {"tags": range_tags(first, last)}, window_keys(first, last)
    return {}, None


def short(text: str, limit: int = DETAIL_CHARS) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 3] + "..."


def report(run_id: str, ev: RunEvents, settings, elapsed: float, months: list[str] | None = None) -> int:
    """Print what the run did and return its exit code."""
    from pipelines.lib.shrink_guard import SHRINKS, Shrink
    from pipelines.lib.warehouse import Warehouse, read_only

    code = exit_code(ev.outcome)
    if ev.outcome.busy:
        print(f"unpol: {error_text(ev.busy_error)}", file=sys.stderr)
        return code
    for step, err in ev.step_errors:
        print(f"unpol: step {step} failed: {short(error_text(err), 400)}", file=sys.stderr)
    if code == EXIT_INTERRUPTED:
        # Whatever the run built before Ctrl-C is not what a table list would suggest: say only that.
        print(f"\nunpol: interrupted after {elapsed:.1f} s; the published warehouse is unchanged", file=sys.stderr)
        return code
    if ev.outcome.run_failed and not ev.step_errors and not ev.failed_checks:
        for text in ev.run_errors:
            print(f"unpol: run failed: {short(text, 400)}", file=sys.stderr)
    wh = Warehouse(settings.warehouse)
    # Summary from the build workspace (what this run produced), read-only.
    summary_db = wh.workspace if wh.workspace.exists() else wh.published
    print()
    try:
        con = read_only(summary_db)
    except Exception as exc:  # the workspace may be locked by a concurrent run
        print(f"(no summary: {short(exc)})")
        con = None
    if con is not None:
        try:
            print_summary(con, run_id)
        finally:
            con.close()
    for check in ev.failed_checks:
        md = {k: v.value for k, v in check.metadata.items()}
        label = "warning" if check.severity.value == "WARN" else "check failed"
        where = f"{label}: {check.check_name} on {check.asset_key.to_user_string()}"
        if check.check_name == REFUSED_CHECK:
            refused = [r for r in str(md.get("refused", "")).splitlines() if r.strip()]
            print(f"{where}: {plural(len(refused), 'file')} refused", file=sys.stderr)
            for line in refused[:10]:
                print(f"  {short(line)}", file=sys.stderr)
            continue
        if check.check_name == SHRINK_CHECK and md.get(SHRINKS):
            shrinks = md[SHRINKS]
            print(f"{where}: {plural(len(shrinks), 'table')} over the {settings.max_shrink_share:.0%} allowed "
                  "(UNPOL_MAX_SHRINK_SHARE); the current release stays. If the data really shrank, run again "
                  "with --allow-shrink", file=sys.stderr)
            for record in shrinks[:SHRINKS_SHOWN]:
                print(f"  {Shrink(**record).message()}", file=sys.stderr)
            if len(shrinks) > SHRINKS_SHOWN:
                print(f"  ... and {plural(len(shrinks) - SHRINKS_SHOWN, 'table')} more "
                      "(the check's metadata in the UI lists them all)", file=sys.stderr)
            continue
        detail = md.get("files_over") or md.get("sample") or md.get("refused") or ""
        print(f"{where}: {short(detail, 400)}", file=sys.stderr)
    if code == EXIT_OK:
        if months:
            print(f"\nreplaced staffing months {months[0][:7]} .. {months[-1][:7]} ({plural(len(months), 'month')}); "
                  "other months unchanged")
        print(f"\npublished {wh.published} in {elapsed:.1f} s")
        if ev.report_path:
            print(f"report    {ev.report_path} (open it in a web browser)")
    elif code == EXIT_FAILURE:
        print(f"\nrun failed after {elapsed:.1f} s; the published warehouse is unchanged", file=sys.stderr)
    else:
        print(f"\nnot published: {'; '.join(_causes(ev, settings))}; the current release is unchanged. "
              f"Details: audit.inbox_files, audit.rejects and audit.ingest_ledger in {wh.workspace}", file=sys.stderr)
    return code


def _causes(ev: RunEvents, settings) -> list[str]:
    """Why a run did not publish, one phrase per kind of failed blocking check."""
    blocking = [c for c in ev.failed_checks if c.severity.value != "WARN"]
    names = [c.check_name for c in blocking]
    # The audit tables' invariants (warehouse/checks) hold whatever the inbox holds: one failing is a fault in
    # unpol, and saying so keeps the user from searching their files for it.
    internal = {c.check_name for c in blocking if c.asset_key.path[0] == "audit" and c.check_name.startswith("assert_")}
    out = []
    if REFUSED_CHECK in names:
        out.append("the inbox or an entry in it was refused (listed above with the reason: fix or remove it)")
    if any(n.endswith(REJECT_SHARE_SUFFIX) for n in names):
        out.append(f"input rejected over the threshold (max share {settings.max_reject_share:.0%})")
    if SHRINK_CHECK in names:
        out.append(f"a table would lose more than {settings.max_shrink_share:.0%} of its rows "
                   "(unpol run --allow-shrink publishes anyway, and records it)")
    if internal:
        out.append(f"unpol's own bookkeeping failed a consistency check ({', '.join(sorted(internal))}): a fault "
                   "in unpol, not in the inbox; please report it with the run id")
    other = [n for n in names if n not in (REFUSED_CHECK, SHRINK_CHECK, *internal)
             and not n.endswith(REJECT_SHARE_SUFFIX)]
    if other:
        out.append("blocking checks failed: " + ", ".join(sorted(set(other))))
    return out or ["a blocking check failed"]
