"""``unpol query``: a read-only SQL query on the published warehouse, printed
as a table or written whole to CSV or Parquet."""

from __future__ import annotations

from pathlib import Path

from pipelines.cli import analyst, releases
from pipelines.cli.errors import UserError, open_read_only
from pipelines.cli.exit_codes import EXIT_OK, EXIT_USAGE
from pipelines.cli.output import print_table


def cmd_query(args) -> int:
    import duckdb

    from pipelines.lib import sandbox

    sql = read_sql(args.sql)
    if args.csv or args.parquet:
        releases.check_output(args.csv or args.parquet, args)
    # Read-only, no file access, settings locked (pipelines/lib/sandbox.py).
    con = open_read_only(releases.warehouse_for(args))
    try:
        rel = sandbox.run_query(con, sql)
        if rel is None:
            return EXIT_OK
        if args.csv or args.parquet:
            return analyst.write_result(rel, args.csv, args.parquet)
        print_table(rel.columns, rel.fetchmany(args.max_rows + 1), args.max_rows)
    except sandbox.Refused as exc:
        raise UserError(str(exc)) from None
    except duckdb.PermissionException as exc:
        raise UserError(f"refused: the query reaches outside the warehouse ({sandbox.one_line(exc)})") from None
    except duckdb.Error as exc:
        raise UserError(f"query failed: {sandbox.one_line(exc)}") from None
    finally:
        con.close()
    return EXIT_OK


def read_sql(text: str) -> str:
    """The SQL itself, or the contents of ``@path``."""
    if not text.startswith("@"):
        return text
    path = Path(text[1:])
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise UserError(f"cannot read the SQL file {path}: {reason}", EXIT_USAGE) from None
