"""Printing: query results as a text table and the summary after a run."""

from __future__ import annotations

from pipelines.lib.readable import plural, readable


def print_table(columns: list[str], rows: list[tuple], max_rows: int) -> None:
    shown = rows[:max_rows]
    cells = [[readable(v) for v in r] for r in shown]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    line = " | ".join(c.ljust(w) for c, w in zip(columns, widths))
    print(line)
    print("-+-".join("-" * w for w in widths))
    for r in cells:
        print(" | ".join(v.ljust(w) for v, w in zip(r, widths)))
    more = " (more rows not shown; use --max-rows)" if len(rows) > max_rows else ""
    print(f"({plural(len(shown), 'row')}){more}")


def print_summary(con, run_id: str) -> None:
    """Tables built, the input ledger and the rejects of one run."""
    from pipelines.lib.warehouse import qualified

    tables = con.execute(
        "select schema_name || '.' || table_name, estimated_size from duckdb_tables() "
        "where schema_name in ('marts', 'audit') order by 1"
    ).fetchall()
    print("tables built:")
    for name, _ in tables:
        n = con.execute(f"select count(*) from {qualified(*name.split('.', 1))}").fetchone()[0]
        print(f"  {name:<40} {n:>10,} {'row' if n == 1 else 'rows'}")
    present = {name for name, _ in tables}
    if "audit.inbox_files" in present:
        for (message,) in con.execute("select message from audit.inbox_files where run_id = ? and status = 'duplicate' "
                                      "order by relpath", [run_id]).fetchall():
            print(message)
    if "audit.ingest_ledger" not in present or "audit.rejects" not in present:
        return  # the run stopped before any file was ingested
    ledger = con.execute(
        "select sum(rows_read), sum(rows_loaded), sum(rows_rejected), sum(rows_duplicate), sum(rows_total), count(*) "
        "from audit.ingest_ledger where run_id = ?",
        [run_id],
    ).fetchone()
    if ledger and ledger[5]:
        print(f"input: {plural(ledger[5], 'file')}, {plural(ledger[0], 'row')} read = {ledger[1]:,} loaded + {ledger[2]:,} rejected"
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
