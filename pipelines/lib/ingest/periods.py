"""Which months each file content holds (audit.file_months, by hash), so a run
for some months reads only the files that hold them."""

from __future__ import annotations

import polars as pl

from pipelines.lib.ingest.audit import FILE_MONTHS_SCHEMA, ensure_audit_tables, insert
from pipelines.lib.ingest.spec import InboxFile
from pipelines.lib.ingest.tally import FileTally


def record_periods(con, domain: str, per_file: dict[str, FileTally]) -> None:
    """Remember which months each file content holds (by hash), for runs that
    replace some months only."""
    rows = [{"sha256": t.sha256, "domain": domain, "month": m}
            for t in per_file.values() if not t.refused for m in sorted(t.periods)]
    shas = [t.sha256 for t in per_file.values() if not t.refused]
    con.register("_shas", pl.DataFrame({"sha256": shas}, schema={"sha256": pl.Utf8}))
    con.execute("delete from audit.file_months where domain = ? and sha256 in (select sha256 from _shas)", [domain])
    con.unregister("_shas")
    insert(con, "audit.file_months", pl.DataFrame(rows, schema=FILE_MONTHS_SCHEMA))


def files_holding(con, domain: str, files: list[InboxFile], first, after_last) -> list[InboxFile]:
    """The files whose content holds a month in [first, after_last), plus any
    file not seen before (its months are unknown until it is read)."""
    ensure_audit_tables(con)
    known = {sha for (sha,) in con.execute(
        "select distinct sha256 from audit.file_months where domain = ?", [domain]).fetchall()}
    hit = {sha for (sha,) in con.execute(
        "select distinct sha256 from audit.file_months where domain = ? and month >= ? and month < ?",
        [domain, first, after_last]).fetchall()}
    return [f for f in files if f.sha256 not in known or f.sha256 in hit]
