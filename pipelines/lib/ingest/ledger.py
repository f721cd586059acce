"""The ingest ledger: one row per file counting what became of its rows and
records (loaded, rejected, duplicate, total), after de-duplication."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from pipelines.lib.ingest.audit import LEDGER_SCHEMA
from pipelines.lib.ingest.dedup import DUPLICATE, KEEP, SUPERSEDED
from pipelines.lib.ingest.spec import FileTally


@dataclass
class FileCounts:
    """A file's rows by their state, and its records by their status."""
    rejected: int
    total: int
    loaded: int
    duplicate: int
    rec_keep: int
    rec_rejected: int
    rec_duplicate: int
    rec_superseded: int


def ledger_rows(con, run_id: str, domain: str, per_file: dict[str, FileTally], stage: str | None, rejected: str,
                deduped: bool, kind: str = "'detail'") -> pl.DataFrame:
    """One ledger row per file. A row's state is the strongest of its
    records': rejected, then total (reconciliation only), then loaded, then
    duplicate. Rows the parser made no record for carry no personnel (every
    count NA/0) and count as loaded with no fact records."""
    # Files with one record per row are counted from the chunk counts, less
    # what de-duplication removed (a few records, counted in DuckDB); the
    # others need every record's row (a scan of their records).
    slow = [f for f, t in per_file.items() if not t.one_to_one]
    removed: dict[str, dict[tuple[str, bool], int]] = {}
    if deduped and stage is not None:
        for f, status, is_total, n in con.execute(
                f"select source_file, d.s, {kind} = 'total', count(*) from _dedup d join {stage} using (_rid) "
                "group by all").fetchall():
            removed.setdefault(f, {})[(status, bool(is_total))] = n
    by_file = _recount(con, slow, stage, rejected, deduped, kind) if slow and stage is not None else {}
    out = []
    for file, tally in per_file.items():
        c = by_file.get(file) or _from_tally(tally, removed.get(file, {}))
        parsed_rows = c.rejected + c.total + c.loaded + c.duplicate
        empty_rows = max(tally.rows - tally.ragged - parsed_rows, 0)
        out.append({
            "run_id": run_id, "domain": domain, "source_file": file, "source_format": tally.format,
            "file_sha256": tally.sha256, "rows_read": tally.rows,
            "rows_loaded": c.loaded + empty_rows,
            "rows_rejected": c.rejected + tally.ragged,
            "rows_duplicate": c.duplicate, "rows_total": c.total,
            "records_loaded": c.rec_keep, "records_rejected": c.rec_rejected,
            "records_duplicate": c.rec_duplicate, "records_superseded": c.rec_superseded,
            "blank_lines": tally.blank, "file_refused": tally.refused,
            "notes": "; ".join(tally.notes) or None,
        })
    return pl.DataFrame(out, schema=LEDGER_SCHEMA)


def _from_tally(tally: FileTally, r: dict[tuple[str, bool], int]) -> FileCounts:
    """One record per row: a row is its record. A conflicting record's row is
    rejected; a duplicate or superseded total stays a total."""
    conflict_total, conflict_detail = r.get(("conflict", True), 0), r.get(("conflict", False), 0)
    dup = r.get((DUPLICATE, True), 0) + r.get((DUPLICATE, False), 0)
    sup = r.get((SUPERSEDED, True), 0) + r.get((SUPERSEDED, False), 0)
    gone_detail = r.get((DUPLICATE, False), 0) + r.get((SUPERSEDED, False), 0)
    return FileCounts(
        rejected=tally.rows_rejected + conflict_total + conflict_detail,
        total=tally.rec_total - conflict_total,
        loaded=tally.rec_valid - tally.rec_total - conflict_detail - gone_detail,
        duplicate=gone_detail,
        rec_keep=tally.rec_valid - conflict_total - conflict_detail - dup - sup,
        rec_rejected=tally.rec_rejected + conflict_total + conflict_detail,
        rec_duplicate=dup, rec_superseded=sup)


def _recount(con, slow: list[str], stage: str, rejected: str, deduped: bool, kind: str) -> dict[str, FileCounts]:
    """Count the ``slow`` files from every record's row: the staged records
    (with their de-duplication status) and the rejected ones."""
    dedup = "left join _dedup using (_rid)" if deduped else ""
    state = "coalesce(_dedup.s, 'keep')" if deduped else "'keep'"
    con.register("_slow_files", pl.DataFrame({"source_file": slow}))
    rows = con.execute(f"""
        with recs as (
            select source_file, source_row, {kind} as row_kind,
                case {state} when 'conflict' then 'rejected' else {state} end as status
            from {stage} {dedup}
            where source_file in (select source_file from _slow_files)
            union all
            select source_file, source_row, row_kind, 'rejected' from {rejected}
            where source_file in (select source_file from _slow_files)
        ),
        per_row as (
            select source_file, source_row,
                bool_or(status = 'rejected') as rej,
                bool_and(row_kind = 'total') as tot,
                bool_or(status = '{KEEP}') as keep
            from recs group by source_file, source_row
        ),
        rows as (
            select source_file,
                count(*) filter (where rej) as rejected,
                count(*) filter (where not rej and tot) as total,
                count(*) filter (where not rej and not tot and keep) as loaded,
                count(*) filter (where not rej and not tot and not keep) as duplicate
            from per_row group by source_file
        ),
        records as (
            select source_file,
                count(*) filter (where status = '{KEEP}') as rec_keep,
                count(*) filter (where status = 'rejected') as rec_rejected,
                count(*) filter (where status = '{DUPLICATE}') as rec_duplicate,
                count(*) filter (where status = '{SUPERSEDED}') as rec_superseded
            from recs group by source_file
        )
        select * from rows join records using (source_file)
    """).fetchall()
    con.unregister("_slow_files")
    return {f: FileCounts(*counts) for f, *counts in rows}
