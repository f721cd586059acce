"""The ingest ledger: one row per file counting what became of its rows and
records (loaded, rejected, duplicate, total), after de-duplication."""

from __future__ import annotations

import polars as pl

from pipelines.lib.ingest.audit import LEDGER_SCHEMA
from pipelines.lib.ingest.dedup import DUPLICATE, KEEP, SUPERSEDED
from pipelines.lib.ingest.spec import FileTally

# Rows by state and records by status, as counted per file below.
COUNTS = ("rejected", "total", "loaded", "duplicate", "rec_keep", "rec_rejected", "rec_duplicate", "rec_superseded")


def ledger_rows(con, run_id: str, domain: str, per_file: dict[str, FileTally], stage: str, rejected: str,
                deduped: bool, kind: str) -> pl.DataFrame:
    """One ledger row per file. A row's state is the strongest of its
    records': rejected, then total (reconciliation only), then loaded, then
    duplicate. Rows the parser made no record for carry no personnel (every
    count NA/0) and count as loaded with no fact records."""
    counts = _count(con, per_file, stage, rejected, deduped, kind)
    out = []
    for file, tally in per_file.items():
        c = counts.get(file, dict.fromkeys(COUNTS, 0))
        parsed_rows = c["rejected"] + c["total"] + c["loaded"] + c["duplicate"]
        empty_rows = max(tally.rows - tally.ragged - parsed_rows, 0)
        out.append({
            "run_id": run_id, "domain": domain, "source_file": file, "source_format": tally.format,
            "file_sha256": tally.sha256, "rows_read": tally.rows,
            "rows_loaded": c["loaded"] + empty_rows,
            "rows_rejected": c["rejected"] + tally.ragged,
            "rows_duplicate": c["duplicate"], "rows_total": c["total"],
            "records_loaded": c["rec_keep"], "records_rejected": c["rec_rejected"],
            "records_duplicate": c["rec_duplicate"], "records_superseded": c["rec_superseded"],
            "blank_lines": tally.blank, "file_refused": tally.refused,
            "notes": "; ".join(tally.notes) or None,
        })
    return pl.DataFrame(out, schema=LEDGER_SCHEMA)


def _count(con, per_file: dict[str, FileTally], stage: str, rejected: str, deduped: bool,
           kind: str) -> dict[str, dict[str, int]]:
    """Every file's records by status (the staged ones with their
    de-duplication status, and the rejected ones), and its rows by state. A
    file with one record per row counts its rows as its records (one pass
    over them); only the others are grouped by row."""
    state = "coalesce(_dedup.s, 'keep')" if deduped else "'keep'"
    recs = (f"(select source_file, source_row, row_kind, 'rejected' as status from {rejected} union all "
            f"select source_file, source_row, {kind}, case {state} when 'conflict' then 'rejected' "
            f"else {state} end from {stage} {'left join _dedup using (_rid)' if deduped else ''})")
    out = {f: dict(zip(COUNTS, counts)) for f, *counts in con.execute(f"""
        select source_file,
            count(*) filter (where status = 'rejected'),
            count(*) filter (where status <> 'rejected' and row_kind = 'total'),
            count(*) filter (where status = '{KEEP}' and row_kind <> 'total'),
            count(*) filter (where status in ('{DUPLICATE}', '{SUPERSEDED}') and row_kind <> 'total'),
            count(*) filter (where status = '{KEEP}'),
            count(*) filter (where status = 'rejected'),
            count(*) filter (where status = '{DUPLICATE}'),
            count(*) filter (where status = '{SUPERSEDED}')
        from {recs} group by source_file""").fetchall()}
    slow = [f for f, t in per_file.items() if not t.one_to_one]
    if slow:
        for f, *rows in con.execute(f"""
            with per_row as (
                select source_file, bool_or(status = 'rejected') as rej, bool_and(row_kind = 'total') as tot,
                    bool_or(status = '{KEEP}') as keep
                from {recs} where list_contains(?::varchar[], source_file)
                group by source_file, source_row
            )
            select source_file,
                count(*) filter (where rej),
                count(*) filter (where not rej and tot),
                count(*) filter (where not rej and not tot and keep),
                count(*) filter (where not rej and not tot and not keep)
            from per_row group by source_file""", [slow]).fetchall():
            out[f].update(zip(COUNTS, rows))
    return out
