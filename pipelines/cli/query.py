"""``unpol query``: a read-only SQL query on the published warehouse, printed
as a table or written whole to CSV or Parquet."""

from __future__ import annotations

import sys
from pathlib import Path

from pipelines.cli import analyst
from pipelines.cli.exit_codes import EXIT_FAILURE, EXIT_OK
from pipelines.cli.output import print_table


def cmd_query(args) -> int:
    import duckdb

    from pipelines.lib.warehouse import read_only
    from pipelines.settings import Settings

    settings = Settings.from_env(warehouse=args.warehouse)
    sql = args.sql
    if sql.startswith("@"):
        sql = Path(sql[1:]).read_text(encoding="utf-8")
    path = Path(settings.warehouse)
    if not path.exists():
        print(f"unpol: no published warehouse at {path}; run `unpol run` first", file=sys.stderr)
        return EXIT_FAILURE
    con = read_only(path)
    try:
        rel = con.sql(sql)
        if rel is None:
            return EXIT_OK
        if args.csv or args.parquet:
            return analyst.write_result(rel, args.csv, args.parquet)
        print_table(rel.columns, rel.fetchmany(args.max_rows + 1), args.max_rows)
    except duckdb.Error as exc:
        print(f"unpol: query failed: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    finally:
        con.close()
    return EXIT_OK
