"""De-duplication across the whole input, in DuckDB: exact repeats, in-file
conflicts (rejected, rule ``key_is_unique``) and records superseded by a file of
higher precedence."""

from __future__ import annotations

import numpy as np
import polars as pl

from pipelines.lib.ingest.audit import DUPLICATE, SUPERSEDED, failure_rejects, insert
from pipelines.lib.ingest.spec import DomainSpec, FileTally
from pipelines.lib.warehouse import ident
from schemas._checks import KEY_IS_UNIQUE


def resolve_duplicates(con, spec: DomainSpec, run_id: str, stage: str, per_file: dict[str, FileTally],
                       hashes: np.ndarray) -> tuple[int, bool]:
    """Find duplicate, conflicting and superseded records; leave them in the
    temp table ``_dedup (_rid, s)``. ``hashes`` holds a 64-bit hash of every
    staged record's key (sorted here, in place). Return (conflict rejects
    written, whether any record was removed)."""
    key = ", ".join(ident(c) for c in spec.key)
    values = ", ".join(ident(c) for c in spec.values)
    # A sort, not a group by: DuckDB's de-duplication of 10M keys needs
    # GiBs, the sorted hashes 80 MiB (BENCHMARKS.md, de-duplication).
    hashes.sort()
    if not (hashes[1:] == hashes[:-1]).any():
        return 0, False  # no key repeats anywhere (the usual case for one clean file; none when nothing is staged)
    # Equal hashes: confirm exactly, and keep the keys that repeat: only their
    # records can be duplicates, conflicts or superseded (a few among millions).
    con.execute(f"create or replace temp table _repeated as "
                f"select {key} from {stage} group by {key} having count(*) > 1")
    ranks = pl.DataFrame(
        {"source_file": list(per_file), "_r": [float(t.rank or 0) for t in per_file.values()]})
    con.register("_ranks", ranks)
    order = "_r desc, source_file, source_row"
    # Key columns may be null (a total row's mission): match them as equal, as
    # the partitions below do.
    same_key = " and ".join(f"s.{ident(c)} is not distinct from r.{ident(c)}" for c in spec.key)
    con.execute(f"""
        create or replace temp table _dedup as
        with exact as (
            select _rid, source_file, {key},
                row_number() over (partition by {key}, {values} order by {order}) as rn_exact,
                _r, source_row
            from (select s.* from {stage} s semi join _repeated r on {same_key})
            join _ranks using (source_file)
        ),
        distinct_values as (
            select *, count(*) over (partition by source_file, {key}) as n_in_file
            from exact where rn_exact = 1
        ),
        candidates as (
            select *, row_number() over (partition by {key} order by {order}) as rn_key
            from distinct_values where n_in_file = 1
        )
        select _rid, '{DUPLICATE}' as s from exact where rn_exact > 1
        union all
        select _rid, 'conflict' from distinct_values where n_in_file > 1
        union all
        select _rid, '{SUPERSEDED}' from candidates where rn_key > 1
    """)
    con.unregister("_ranks")
    conflicts = con.execute(
        f"select s.* from {stage} s join _dedup d using (_rid) where d.s = 'conflict' order by s._rid").pl()
    if conflicts.is_empty():
        return 0, True
    column = spec.unique_about.removesuffix("_raw")
    failures = conflicts.select(
        "_rid",
        pl.lit(column).alias("column"),
        pl.lit(KEY_IS_UNIQUE).alias("rule"),
        pl.concat_str([pl.col(c).cast(pl.Utf8).fill_null("") for c in spec.key], separator=" / ").alias("value"),
    )
    insert(con, "audit.rejects", failure_rejects(spec, run_id, failures, conflicts))
    return failures.height, True
