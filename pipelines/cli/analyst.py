"""Analyst commands of ``unpol`` (registered in ``pipelines/cli/main.py``); all
read the published warehouse read-only, so they never block a pipeline run;
``query``, ``tables`` and ``export`` through the sandboxed connection
(``pipelines/lib/sandbox.py``) and with ``--release`` / ``--as-of``
(``pipelines/cli/releases.py``).

    unpol query SQL|@file [--csv PATH | --parquet PATH]
    unpol tables [--schema S ...] [--columns NAME]
    unpol dictionary [--check] [--output PATH]
    unpol export --parquet DIR
    unpol publish-postgres          (connection string from UNPOL_PG_DSN)
"""

from __future__ import annotations

from pathlib import Path

from pipelines.cli import releases
from pipelines.cli.errors import UserError, open_read_only, refuse_inside_release
from pipelines.cli.exit_codes import EXIT_FAILURE, EXIT_OK
from pipelines.lib.readable import plural


def add_parsers(sub) -> None:
    t = sub.add_parser("tables", help="list tables and views with their descriptions")
    t.add_argument("--schema", action="append", help="schema to list (repeatable; default analytics, marts, audit)")
    t.add_argument("--columns", metavar="SCHEMA.NAME", help="list the columns of one table or view instead")
    t.add_argument("--warehouse", type=Path, help="published DuckDB file (default: UNPOL_WAREHOUSE, else var/warehouse/unpol.duckdb)")
    releases.add_release_options(t)
    t.set_defaults(handler=cmd_tables)
    d = sub.add_parser("dictionary", help="write docs/data_dictionary.md from the published warehouse")
    d.add_argument("--output", type=Path, help="where to write (default docs/data_dictionary.md)")
    d.add_argument("--check", action="store_true", help="only compare; exit 1 when the file differs")
    d.add_argument("--warehouse", type=Path, help="published DuckDB file (default: UNPOL_WAREHOUSE, else var/warehouse/unpol.duckdb)")
    d.set_defaults(handler=cmd_dictionary)
    e = sub.add_parser("export", help="Parquet file of every analytics view, with manifest.json")
    e.add_argument("--parquet", type=Path, metavar="DIR", help="folder (default: exports/ beside the warehouse)")
    e.add_argument("--warehouse", type=Path, help="published DuckDB file (default: UNPOL_WAREHOUSE, else var/warehouse/unpol.duckdb)")
    releases.add_release_options(e)
    e.set_defaults(handler=cmd_export)
    p = sub.add_parser("publish-postgres", help="copy the analytics views into PostgreSQL (UNPOL_PG_DSN)")
    p.add_argument("--warehouse", type=Path, help="published DuckDB file (default: UNPOL_WAREHOUSE, else var/warehouse/unpol.duckdb)")
    p.set_defaults(handler=cmd_publish_postgres)


def _published(args) -> Path:
    from pipelines.settings import Settings

    path = Path(Settings.from_env(warehouse=args.warehouse).warehouse)
    open_read_only(path).close()  # missing or damaged: one line, exit 1
    return path


def write_result(rel, csv: Path | None, parquet: Path | None) -> int:
    """``unpol query --csv/--parquet``: the whole result, not only the printed rows."""
    # Through pyarrow and csv: the analyst connection cannot write files itself.
    from pipelines.lib.exports import write_csv, write_parquet

    if parquet:
        n = write_parquet(rel, parquet)
        print(f"wrote {plural(n, 'row')} to {parquet}")
    if csv:
        def rows():
            while batch := rel.fetchmany(10_000):
                yield from batch

        n = write_csv(csv, rel.columns, rows())
        print(f"wrote {plural(n, 'row')} to {csv}")
    return EXIT_OK


def cmd_tables(args) -> int:
    from pipelines.lib import descriptions

    con = open_read_only(releases.warehouse_for(args))
    try:
        if args.columns:
            schema, _, name = args.columns.partition(".")
            cols = descriptions.columns(con, schema, name)
            if not cols:
                raise UserError(f"no table or view {args.columns}")
            width = max(len(c) for c, *_ in cols)
            for c, t, _, text in cols:
                print(f"{c:<{width}}  {t:<12}  {text or ''}")
            return EXIT_OK
        objs = descriptions.objects(con, args.schema or ["analytics", "marts", "audit"])
        width = max((len(s) + len(n) + 1 for s, n, *_ in objs), default=10)
        for schema, name, kind, desc in objs:
            print(f"{schema + '.' + name:<{width}}  {kind:<5}  {desc or ''}")
    finally:
        con.close()
    return EXIT_OK


def cmd_dictionary(args) -> int:
    from pipelines.lib import dictionary
    from pipelines.lib.warehouse import read_only

    con = read_only(_published(args))
    try:
        text = dictionary.render(con)
    except dictionary.UndescribedColumns as exc:
        raise UserError(str(exc)) from None
    finally:
        con.close()
    out = args.output or dictionary.DICTIONARY
    if not args.check:
        refuse_inside_release(out)
    if args.check:
        same = out.exists() and out.read_text(encoding="utf-8") == text
        print(f"{out} is {'up to date' if same else 'out of date: run `unpol dictionary`'}")
        return EXIT_OK if same else EXIT_FAILURE
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out}")
    return EXIT_OK


def cmd_export(args) -> int:
    from pipelines.lib.exports import export_parquet
    from pipelines.lib.releases import published_at_of

    if args.parquet is None:
        raise UserError("every release already holds its export (exports/ beside the warehouse); "
                        "give --parquet DIR to write one elsewhere")
    out = args.parquet
    # `exports/` beside the warehouse is the current release's own folder.
    refuse_inside_release(out)
    path = releases.warehouse_for(args)
    con = open_read_only(path)
    try:
        manifest = export_parquet(con, out, warehouse=str(path), published_at=published_at_of(path))
    finally:
        con.close()
    for v in manifest["views"]:
        print(f"  {v['file']:<34} {v['rows']:>10,} {'row' if v['rows'] == 1 else 'rows'}")
    print(f"wrote {plural(len(manifest['views']), 'view')} and manifest.json to {out} (run {manifest['source_run_id']})")
    return EXIT_OK


def cmd_publish_postgres(args) -> int:
    import psycopg

    from pipelines.lib import pg_publish
    from pipelines.settings import Settings

    path = _published(args)
    try:
        dsn = pg_publish.dsn_from_env()
    except RuntimeError as exc:
        raise UserError(str(exc)) from None
    try:
        settings = Settings.from_env()
        result = pg_publish.publish(path, dsn, log=print, lock_timeout_s=settings.pg_lock_timeout_s,
                                    retry_s=settings.pg_retry_s)
    except (ValueError, psycopg.Error, pg_publish.SwapGaveUp) as exc:
        message = pg_publish.redact(f"{type(exc).__name__}: {exc}", dsn)
        raise UserError(f"PostgreSQL publish failed, nothing swapped: {message}") from None
    print(f"published {plural(len(result.views), 'view')} to {result.target} (schema analytics, role unpol_bi)")
    return EXIT_OK
