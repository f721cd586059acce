"""The staged records of every file against the domain's contract, in DuckDB:
each rule failure becomes a reject, the records that broke a rule leave the
stage (their rows count as rejected in the ledger), and each file's tally
learns what it lost."""

from __future__ import annotations

from pipelines.lib.ingest.audit import insert
from pipelines.lib.ingest.rejects import failure_rejects
from pipelines.lib.ingest.spec import DomainSpec
from pipelines.lib.ingest.tally import FileTally
from pipelines.lib.validation import find_failures


def validate_stage(con, spec: DomainSpec, run_id: str, stage: str, rejected: str, kind: str,
                   per_file: dict[str, FileTally]) -> int:
    """Check every staged record; write the rejects, move the rejected
    records' rows to ``rejected`` and take the records out of ``stage``.
    Return the number of rule failures."""
    failures = find_failures(con, stage, spec.model, spec.rule_columns)
    if not failures:
        return 0
    label = ", personnel_type_label" if "personnel_type_label" in spec.output_columns else ""
    records = con.execute(
        f"select _rid, source_file, source_row, source_format{label} "
        f"from {stage} semi join _failures using (_rid)").pl()
    insert(con, "audit.rejects", failure_rejects(
        spec, run_id, con.execute("select * from _failures order by _rid, rule").pl(), records))
    con.execute(f"insert into {rejected} select source_file, source_row, {kind} "
                f"from {stage} semi join _failures using (_rid)")
    for file, recs, rows, totals in con.execute(
            f"select source_file, count(*), count(distinct source_row), count(*) filter (where {kind} = 'total') "
            f"from {stage} semi join _failures using (_rid) group by source_file").fetchall():
        tally = per_file[file]
        tally.rec_valid -= recs
        tally.rec_rejected += recs
        tally.rows_rejected += rows
        tally.rec_total -= totals
    con.execute(f"delete from {stage} where _rid in (select _rid from _failures)")
    con.execute("drop table _failures")
    return failures
