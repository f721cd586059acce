"""``unpol``: run the warehouse pipeline and query the published warehouse.
This module only parses the command line and dispatches; each command lives in
a module named after it (``run``, ``query``, ``analyst``), and the exit code of
a run is decided in ``exit_codes``.

    unpol run [--inbox DIR] [--warehouse FILE]    ingest, validate, build, publish
    unpol run --month 2014-03 | --months 2014-01..2014-06
                                                  the same, replacing only those staffing months
    unpol query "SQL" [--warehouse FILE]            read-only query, printed as a table
    unpol query ... --csv PATH | --parquet PATH     the whole result to a file (CSV formula-safe)
    unpol tables | dictionary | export | publish-postgres   see pipelines/cli/analyst.py

Exit codes: 0 published; 3 not published because input was rejected over the
threshold (or a file was not recognised); 4 another run holds the warehouse;
1 any other failure; 2 bad command line.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipelines.cli import analyst


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
    q = sub.add_parser("query", help="run a read-only SQL query on the published warehouse")
    q.add_argument("sql", help="SQL text, or @path/to/file.sql")
    q.add_argument("--warehouse", type=Path)
    q.add_argument("--max-rows", type=int, default=50)
    out = q.add_mutually_exclusive_group()
    out.add_argument("--csv", type=Path, help="write the whole result as CSV (cells a spreadsheet would execute are quoted)")
    out.add_argument("--parquet", type=Path, help="write the whole result as Parquet")
    analyst.add_parsers(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "run":
        from pipelines.cli.run import cmd_run

        return cmd_run(args)
    if hasattr(args, "handler"):
        return args.handler(args)
    from pipelines.cli.query import cmd_query

    return cmd_query(args)


if __name__ == "__main__":
    sys.exit(main())
