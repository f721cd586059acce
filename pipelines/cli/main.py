"""``unpol``: run the warehouse pipeline, serve its UI, and query the published
warehouse. This module parses the command line, validates the settings once
and dispatches; each command lives in a module named after it (``run``,
``query``, ``serve``, ``analyst``), and the exit code of a run is decided in
``exit_codes``. Every user error is one line on stderr and an exit code, never
a traceback (``EXIT_CODES_HELP`` below lists them)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from pipelines.cli import analyst, exit_codes, fetch, releases
from pipelines.cli.errors import UserError
from pipelines.cli.exit_codes import EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_PIPE_CLOSED, EXIT_USAGE
from pipelines.cli.query import cmd_query
from pipelines.cli.run import cmd_run
from pipelines.cli.serve import cmd_serve

EXIT_CODES_HELP = "exit codes:\n" + "\n".join(f"  {code:<5}{text}" for code, text in exit_codes.MEANING.items())


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("unpol-warehouse")
    except PackageNotFoundError:
        return "unknown (not installed)"


def _whole_number(lowest: int, highest: int | None = None):
    """An argparse type: an integer in ``lowest .. highest``, else a usage error (exit 2)."""
    def parse(text: str) -> int:
        try:
            n = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if n < lowest or (highest is not None and n > highest):
            raise argparse.ArgumentTypeError(
                f"{n} is out of range ({lowest} .. {highest})" if highest is not None else f"{n} is below {lowest}")
        return n
    return parse


PORT = _whole_number(1, 65535)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="unpol",
        description="UN police performance warehouse: load the inbox, validate, build, publish and query.",
        epilog=EXIT_CODES_HELP + "\n\nSettings: UNPOL_* environment variables (docs/operations.md).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = sub.add_parser(
        "run", help="ingest the inbox, validate, build every table and publish the warehouse",
        description="Run the whole graph in-process on an inbox folder and publish the warehouse. "
        "The run is recorded in the warehouse's Dagster instance (DAGSTER_HOME, default .dagster/ "
        "beside the warehouse), "
        "so `unpol serve` shows it.", epilog=EXIT_CODES_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    run.add_argument("--inbox", type=Path, help="folder of input files (default: UNPOL_INBOX, else the bundled data in data/inbox)")
    run.add_argument("--warehouse", type=Path, help="published DuckDB file (default: UNPOL_WAREHOUSE, else var/warehouse/unpol.duckdb)")
    run.add_argument("--max-reject-share", type=float, metavar="SHARE",
                     help="share (0..1) of rejected rows in a file that blocks publishing (default: UNPOL_MAX_REJECT_SHARE, else 0.10)")
    run.add_argument("--plain", action="store_true", help="plain progress lines (one per domain) even on a terminal (as under cron or CI)")
    run.add_argument("--steps", action="store_true", help="plain progress with a line for every step and its duration (for profiling)")
    months = run.add_mutually_exclusive_group()
    months.add_argument("--month", metavar="YYYY-MM", help="replace only this staffing month; other months stay as they are")
    months.add_argument("--months", metavar="YYYY-MM..YYYY-MM", help="replace only this range of staffing months, in one run")
    releases.add_run_options(run)
    run.set_defaults(handler=cmd_run)
    q = sub.add_parser("query", help="run a read-only SQL query on the published warehouse",
                       description="Run a read-only SQL query on the published warehouse and print it as a table, "
                       "or write the whole result to CSV or Parquet.")
    q.add_argument("sql", help="SQL text, or @path/to/file.sql to read it from a file")
    q.add_argument("--warehouse", type=Path, help="published DuckDB file (default: UNPOL_WAREHOUSE, else var/warehouse/unpol.duckdb)")
    q.add_argument("--max-rows", type=_whole_number(0), default=50, metavar="N", help="rows to print (default 50; files get every row)")
    out = q.add_mutually_exclusive_group()
    out.add_argument("--csv", type=Path, metavar="PATH", help="write the whole result as CSV (cells a spreadsheet would execute are quoted)")
    out.add_argument("--parquet", type=Path, metavar="PATH", help="write the whole result as Parquet")
    releases.add_release_options(q)
    q.set_defaults(handler=cmd_query)
    s = sub.add_parser("serve", help="start the Dagster UI and the daemon together; Ctrl-C or SIGTERM stops both",
                       description="Start the Dagster webserver (the UI) and the daemon (schedule, inbox sensor, "
                       "run queue) on the warehouse's instance (DAGSTER_HOME, default .dagster/ beside the "
                       "warehouse, the one `unpol run` records into) with the project's settings; SIGINT or "
                       "SIGTERM stops both and everything they started.")
    s.add_argument("--host", default="127.0.0.1", help="address the UI listens on (default 127.0.0.1)")
    s.add_argument("--inbox", type=Path, help="folder the inbox sensor watches (default: UNPOL_INBOX, else data/inbox)")
    s.add_argument("--warehouse", type=Path, help="published DuckDB file the runs build (default: UNPOL_WAREHOUSE, else var/warehouse/unpol.duckdb)")
    s.add_argument("--port", type=PORT, default=3000, help="port of the UI (1 .. 65535, default 3000)")
    s.set_defaults(handler=cmd_serve)
    analyst.add_parsers(sub)
    releases.add_parsers(sub)
    fetch.add_parser(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    from pipelines.settings import Settings, SettingsError

    args = _parser().parse_args(argv)
    try:
        Settings.from_env()  # validated once, before any work: a bad UNPOL_* value stops here
        return args.handler(args)
    except (SettingsError, UserError) as exc:
        print(f"unpol: {exc}", file=sys.stderr)
        return getattr(exc, "code", EXIT_USAGE)
    except BrokenPipeError:
        # The reader closed the pipe (`| head`): stop quietly, and keep Python
        # from failing again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_PIPE_CLOSED
    except KeyboardInterrupt:
        print("unpol: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as exc:  # a path the user gave: unreadable, unwritable, a folder
        print(f"unpol: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return EXIT_FAILURE


if __name__ == "__main__":
    sys.exit(main())
