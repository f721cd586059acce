"""``unpol``: run the warehouse pipeline and query the published warehouse.

    unpol run [--inbox DIR] [--warehouse FILE]    ingest, validate, build, publish
    unpol run --month 2014-03 | --months 2014-01..2014-06
                                                  the same, replacing only those staffing months
    unpol query "SQL" [--warehouse FILE]            read-only query, printed as a table
    unpol query ... --csv PATH | --parquet PATH     the whole result to a file (CSV formula-safe)
    unpol tables | dictionary | export | publish-postgres   see pipelines/cli/analyst.py
    unpol releases, --release ID | --as-of DATE, --allow-shrink   see pipelines/cli/releases.py

Exit codes: 0 published; 3 not published because input was rejected over the
threshold, a file or the inbox was refused, or a fact table would shrink; 4 another run holds the warehouse;
1 any other failure; 2 bad command line.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path

from pipelines.cli import analyst, releases

EXIT_OK, EXIT_FAILURE, EXIT_USAGE, EXIT_REJECTED, EXIT_BUSY = 0, 1, 2, 3, 4


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="unpol", description="UN police performance warehouse")
    sub = p.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the whole graph in-process on an inbox folder and publish")
    run.add_argument("--inbox", type=Path, help="folder of input files (default: the bundled data, data/inbox)")
    run.add_argument("--warehouse", type=Path, help="published DuckDB file (default: var/warehouse/unpol.duckdb)")
    run.add_argument("--max-reject-share", type=float, help="share of rejected rows in a file that blocks publishing (default 0.10)")
    run.add_argument("--plain", action="store_true", help="plain progress lines even on a terminal")
    months = run.add_mutually_exclusive_group()
    months.add_argument("--month", help="replace only this staffing month (YYYY-MM); other months stay as they are")
    months.add_argument("--months", help="replace only this range of staffing months, in one run (YYYY-MM..YYYY-MM)")
    releases.add_run_options(run)
    q = sub.add_parser("query", help="run a read-only SQL query on the published warehouse")
    q.add_argument("sql", help="SQL text, or @path/to/file.sql")
    q.add_argument("--warehouse", type=Path)
    q.add_argument("--max-rows", type=int, default=50)
    out = q.add_mutually_exclusive_group()
    out.add_argument("--csv", type=Path, help="write the whole result as CSV (cells a spreadsheet would execute are quoted)")
    out.add_argument("--parquet", type=Path, help="write the whole result as Parquet")
    releases.add_release_options(q)
    analyst.add_parsers(sub)
    releases.add_parsers(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "run":
        return cmd_run(args)
    if hasattr(args, "handler"):
        return args.handler(args)
    return cmd_query(args)


# --- run ------------------------------------------------------------------------

class _Progress(logging.Handler):
    """Turns Dagster step events into progress: a bar on a terminal, plain
    lines with each step's duration under cron or CI."""

    def __init__(self, total: int, fancy: bool):
        super().__init__()
        self.total, self.done, self.fancy = total, 0, fancy
        self.started: dict[str, float] = {}  # step key -> start time, for each step's duration
        self.bar = None
        if fancy:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
            self.task = self.bar.add_task("starting", total=total)
            self.bar.start()

    def emit(self, record: logging.LogRecord) -> None:
        event = getattr(record, "dagster_event", None)
        if event is None:
            return
        kind = event.event_type_value
        step = event.step_key or ""
        if kind == "STEP_START":
            self.started[step] = record.created
            if self.fancy:
                self._show(f"{step} ...")
        elif kind in ("STEP_SUCCESS", "STEP_FAILURE", "STEP_SKIPPED"):
            self.done += 1
            status = {"STEP_SUCCESS": "ok", "STEP_FAILURE": "FAILED", "STEP_SKIPPED": "skipped"}[kind]
            took = f" {record.created - self.started[step]:.1f} s" if step in self.started else ""
            self._show(f"{step} {status}{took}", advance=True)
        elif kind == "ASSET_MATERIALIZATION" and not self.fancy:
            md = event.event_specific_data.materialization.metadata
            rows = md.get("dagster/row_count")
            if rows is not None:
                print(f"    {event.asset_key.to_user_string()}: {rows.value:,} rows", flush=True)
        elif kind == "ASSET_CHECK_EVALUATION":
            ev = event.event_specific_data
            if not ev.passed:
                self._show(f"check {ev.check_name} on {ev.asset_key.to_user_string()} FAILED")

    def _show(self, text: str, advance: bool = False) -> None:
        if self.bar is not None:
            self.bar.update(self.task, description=text[:70], advance=1 if advance else 0)
        else:
            print(f"[{self.done:>3}/{self.total}] {text}", flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
        super().close()


def cmd_run(args) -> int:
    import dagster as dg

    from pipelines.definitions import MAIN_JOB, build_definitions
    from pipelines.lib.warehouse import WarehouseBusy
    from pipelines.settings import Settings

    settings = Settings.from_env(inbox=args.inbox, warehouse=args.warehouse, max_reject_share=args.max_reject_share,
                                 allow_shrink=args.allow_shrink)
    try:
        partition_args = _partition_args(getattr(args, "month", None), getattr(args, "months", None))
    except ValueError as exc:
        print(f"unpol: {exc}", file=sys.stderr)
        return EXIT_USAGE
    fancy = sys.stdout.isatty() and not args.plain
    print(f"unpol run: inbox {Path(settings.inbox).absolute()} -> {Path(settings.warehouse).absolute()}", flush=True)

    handler_box: list[_Progress] = []

    @dg.logger
    def progress_logger(init_context):
        log = logging.getLogger("unpol.progress")
        log.setLevel(logging.DEBUG)
        log.propagate = False
        log.handlers = [handler_box[0]]
        return log

    defs = build_definitions(settings, loggers={"console": progress_logger})
    job = defs.resolve_job_def(MAIN_JOB)
    handler_box.append(_Progress(total=len(job.graph.node_defs), fancy=fancy))
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
    return _report(result, settings, elapsed)


def _partition_args(month: str | None, months: str | None) -> dict:
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


def _report(result, settings, elapsed: float) -> int:
    from pipelines.lib.warehouse import Warehouse, WarehouseBusy, read_only

    # The writer lock is taken when the warehouse resource starts, so a busy
    # warehouse shows up as RESOURCE_INIT_FAILURE / RUN_FAILURE, not as a step.
    for e in result.all_events:
        err = getattr(e.event_specific_data, "error", None)
        while err is not None:
            if err.cls_name == WarehouseBusy.__name__:
                print(f"unpol: {_error_text(err)}", file=sys.stderr)
                return EXIT_BUSY
            err = err.cause
    busy = [e for e in result.all_events if e.event_type_value in ("RUN_FAILURE", "PIPELINE_FAILURE")]
    # A blocking check that fails ends its step with DagsterAssetCheckFailedError:
    # that is rejected input, reported with the check below, not a failed run.
    failures = [e for e in result.all_events
                if e.event_type_value == "STEP_FAILURE" and not _is_check_failure(e.event_specific_data.error)]
    for e in failures:
        err = e.event_specific_data.error
        cause = err
        while cause is not None and cause.cause is not None:
            cause = cause.cause
        print(f"unpol: step {e.step_key} failed: {_error_text(cause or err)}", file=sys.stderr)
    if busy and not failures and not any(
        e.event_type_value == "ASSET_CHECK_EVALUATION" and not e.event_specific_data.passed for e in result.all_events
    ):
        for e in busy:
            err = getattr(e.event_specific_data, "error", None)
            while err is not None and err.cause is not None:
                err = err.cause
            print(f"unpol: run failed: {_error_text(err) if err else e.message}", file=sys.stderr)
    published = any(
        e.event_type_value == "ASSET_MATERIALIZATION" and e.asset_key.path == ["published_warehouse"]
        for e in result.all_events
    )
    failed_checks = [
        e.event_specific_data for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION" and not e.event_specific_data.passed
    ]
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
            _print_summary(con, result.run_id)
        finally:
            con.close()
    for check in failed_checks:
        md = {k: v.value for k, v in check.metadata.items()}
        detail = md.get("files_over") or md.get("refused") or md.get("sample") or ""
        label = "warning" if check.severity.value == "WARN" else "check failed"
        print(f"{label}: {check.check_name} on {check.asset_key.to_user_string()}: {detail}", file=sys.stderr)
    if published:
        print(f"\npublished {wh.published} in {elapsed:.1f} s")
        report = _report_path(result)
        if report:
            print(f"report    {report} (open it in a web browser)")
        return EXIT_OK
    if failures or busy and not failed_checks:
        print(f"\nrun failed after {elapsed:.1f} s; the published warehouse is unchanged", file=sys.stderr)
        return EXIT_FAILURE
    print(f"\nnot published: a blocking check failed (above: rejected input over {settings.max_reject_share:.0%}, "
          f"a refused file or inbox, or a fact table that would shrink); the current release is unchanged. "
          f"Details: audit.inbox_files, audit.rejects and audit.ingest_ledger in {wh.workspace}",
          file=sys.stderr)
    return EXIT_REJECTED


def _error_text(err) -> str:
    """The exception's message without Dagster's ``module.Class: `` prefix
    (users see the reason, not a stack trace)."""
    text = err.message.strip()
    prefix = f"{err.cls_name}: "
    return text.split(prefix, 1)[1] if prefix in text.split("\n", 1)[0] else text


def _report_path(result) -> str | None:
    """Where this run wrote the scorecard report (its materialization's path)."""
    for e in result.all_events:
        if e.event_type_value == "ASSET_MATERIALIZATION" and e.asset_key.path == ["report", "police_scorecard"]:
            path = e.event_specific_data.materialization.metadata.get("path")
            return path.value if path is not None else None
    return None


def _is_check_failure(error) -> bool:
    while error is not None:
        if error.cls_name == "DagsterAssetCheckFailedError":
            return True
        error = error.cause
    return False


def _print_summary(con, run_id: str) -> None:
    from pipelines.lib.warehouse import qualified

    tables = con.execute(
        "select schema_name || '.' || table_name, estimated_size from duckdb_tables() "
        "where schema_name in ('marts', 'audit') order by 1"
    ).fetchall()
    print("tables built:")
    for name, _ in tables:
        n = con.execute(f"select count(*) from {qualified(*name.split('.', 1))}").fetchone()[0]
        print(f"  {name:<40} {n:>10,} rows")
    present = {name for name, _ in tables}
    if "audit.ingest_ledger" not in present or "audit.rejects" not in present:
        return  # the run stopped before any file was ingested
    ledger = con.execute(
        "select sum(rows_read), sum(rows_loaded), sum(rows_rejected), sum(rows_duplicate), sum(rows_total), count(*) "
        "from audit.ingest_ledger where run_id = ?",
        [run_id],
    ).fetchone()
    if ledger and ledger[5]:
        print(f"input: {ledger[5]} files, {ledger[0]:,} rows read = {ledger[1]:,} loaded + {ledger[2]:,} rejected"
              f" + {ledger[3]:,} duplicate + {ledger[4]:,} published totals")
    rejects = con.execute(
        "select rule, count(*) from audit.rejects where run_id = ? group by rule order by 2 desc", [run_id]
    ).fetchall()
    if rejects:
        print("rejects by rule: " + ", ".join(f"{r} {n:,}" for r, n in rejects))
        sample = con.execute(
            "select message from audit.rejects where run_id = ? order by source_file, source_row limit 5", [run_id]
        ).fetchall()
        for (m,) in sample:
            print(f"  {m}")


# --- query ----------------------------------------------------------------------

def cmd_query(args) -> int:
    import duckdb

    from pipelines.lib import sandbox

    sql = args.sql
    if sql.startswith("@"):
        sql = Path(sql[1:]).read_text(encoding="utf-8")
    path = releases.warehouse_for(args)
    if path is None:
        return EXIT_FAILURE
    # Read-only, no file access, settings locked (pipelines/lib/sandbox.py).
    con = sandbox.open_release(path)
    try:
        rel = sandbox.run_query(con, sql)
        if rel is None:
            return EXIT_OK
        if args.csv or args.parquet:
            if why := releases.output_refused(args.csv or args.parquet, args):
                raise sandbox.Refused(why)
            return analyst.write_result(rel, args.csv, args.parquet)
        _print_table(rel.columns, rel.fetchmany(args.max_rows + 1), args.max_rows)
    except sandbox.Refused as exc:
        print(f"unpol: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except duckdb.PermissionException as exc:
        print(f"unpol: refused: the query reaches outside the warehouse ({sandbox.one_line(exc)})", file=sys.stderr)
        return EXIT_FAILURE
    except duckdb.Error as exc:
        print(f"unpol: query failed: {sandbox.one_line(exc)}", file=sys.stderr)
        return EXIT_FAILURE
    finally:
        con.close()
    return EXIT_OK


def _print_table(columns: list[str], rows: list[tuple], max_rows: int) -> None:
    shown = rows[:max_rows]
    cells = [[_fmt(v) for v in r] for r in shown]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    line = " | ".join(c.ljust(w) for c, w in zip(columns, widths))
    print(line)
    print("-+-".join("-" * w for w in widths))
    for r in cells:
        print(" | ".join(v.ljust(w) for v, w in zip(r, widths)))
    more = " (more rows not shown; use --max-rows)" if len(rows) > max_rows else ""
    print(f"({len(shown)} rows){more}")


def _fmt(v) -> str:
    if v is None:
        return "NULL"
    if isinstance(v, float):
        return f"{v:.4g}" if abs(v) < 1 else f"{v:,.2f}".rstrip("0").rstrip(".")
    return str(v)


if __name__ == "__main__":
    sys.exit(main())
