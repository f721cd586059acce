"""Probe for issue 16: the staffing ingest done inside DuckDB end to end
("path D"), beside the floor measured in the same run, on the SYNTHETIC file
of bench/run_bench.py.

    .venv/bin/python bench/duckdb_ingest.py [--rows 10m | --csv FILE] [--parts N] [--compare] [--once]

bench/duckdb_path.py measured the steps of such a path one by one; this
script runs one whole, with what the project's raw table needs and the
probes left out: every record's number in the file, the raw table's 16
columns, the contract's rules, the key.

* ``split``: the file cut into ``--parts`` pieces (default: the usable
  cores) at line ends, each under the header (``os.copy_file_range``: the
  kernel copies), and the records before each piece counted. DuckDB numbers
  a file's records in file order only in one thread (``row_number() over
  ()`` keeps the scan in order: 1.96x the floor's wall time,
  BENCHMARKS.md); one numbered statement per piece, run at once, uses every
  core.
* ``distinct``: each column's distinct values in one pass over the file
  (grouping sets).
* ``lookups``: the staffing normaliser's own functions
  (``pipelines/defs/staffing/parser.py``: parse_date and month_start,
  normalize_mission, resolve_frame, the personnel-type seed, parse_count)
  run once per distinct value, each result a lookup table in DuckDB.
* ``load``: per piece at once, ``read_csv(all_varchar)`` numbered, joined to
  the lookups, the raw table's columns (the UN long layout's citation; total
  = female + male), inserted into one stage: without the rules, and with
  every rule of ``StaffingRecord`` compiled by Ibis from the model's own
  checks (``pipelines/lib/validation.py``'s ``rules``) as one flag a record;
  twice each, alternating, and their sums taken with each one's faster run.
  ``--once`` runs the path alone as the ingest would (no floor, one load,
  with the rules), to be timed from outside beside ``run_bench.py --task``.
* ``rejects``: the flagged records counted and deleted from the stage.
* ``key``: (row kind, month, mission, country, personnel type) repeated.
* ``months and precedence``: what the ledger and the month index read.

DuckDB runs with the project's settings (``connect_config()``: its memory
capped at 1 GB), as the ingest runs it.

Left out (so the sums are lower bounds): the rejects' rows (file, row,
column, rule, value: only for flagged records, none in this file), the
ledger, files with quoted line ends (a piece would start inside a record:
the script prints the records, their distinct row numbers and the last one,
which agree only when every piece was counted right), other layouts and
encodings.

``--compare`` also runs the project's ingest (``ingest_into``) on the same
file and compares its raw table with the stage (``except all`` both ways):
the probe must compute the same records to be a measure of the same work.

Nothing is asserted; the machine is shared.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.duckdb_path import Clock, build_lookups, floor  # noqa: E402

# The UN long layout's published columns, by the canonical text column each becomes.
PUBLISHED = {"month_raw": "Last_Reporting_Date", "mission_raw": "Mission_Acronym",
             "country_raw": "Contributing_Country", "country_iso3_raw": "ISOCode3",
             "personnel_type_raw": "Personnel_Type", "female_raw": "Female_Personnel",
             "male_raw": "Male_Personnel"}


def split(csv: Path, folder: Path, n: int) -> tuple[list[Path], list[int]]:
    """``csv`` cut into ``n`` files at line ends, each under the header, and
    the number of records before each (line ends, less blank lines)."""
    size = csv.stat().st_size
    with open(csv, "rb") as fh:
        header = fh.readline()
        bounds = [len(header)]
        for i in range(1, n):
            fh.seek(max(size * i // n, bounds[-1]))
            fh.readline()
            bounds.append(fh.tell())
        bounds.append(size)
        before, seen = [], 0
        fh.seek(bounds[0])
        for i in range(n):
            before.append(seen)
            left = bounds[i + 1] - bounds[i]
            while left:
                block = fh.read(min(left, 16 << 20))
                left -= len(block)
                seen += block.count(b"\n") - block.count(b"\n\n")
    parts = []
    src = os.open(csv, os.O_RDONLY)
    try:
        for i in range(n):
            parts.append(folder / f"part{i}.csv")
            out = os.open(parts[-1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            try:
                os.write(out, header)
                pos = bounds[i]
                while pos < bounds[i + 1]:
                    pos += os.copy_file_range(src, out, bounds[i + 1] - pos, pos)
            finally:
                os.close(out)
    finally:
        os.close(src)
    return parts, before


def probe(csv: Path, folder: Path, n_parts: int, compare: bool, once: bool = False) -> Clock:
    import duckdb
    import ibis

    from pipelines.defs.staffing.parser import OUTPUT_COLUMNS
    from pipelines.lib.formats import detect
    from pipelines.lib.reference import known_missions
    from pipelines.lib.validation import rules
    from pipelines.lib.warehouse import connect_config
    from schemas.staffing import RULE_COLUMNS, StaffingRecord

    clock = Clock()
    if not once:
        floor(clock, csv, folder)

    # The project's DuckDB settings (its memory cap of 1 GB among them), as the ingest runs.
    con = duckdb.connect(str(folder / "d.duckdb"), config=connect_config())
    parts, before = clock.step(f"split: {n_parts} pieces, records before each counted",
                               lambda: split(csv, folder, n_parts))
    header = con.execute("select * from read_csv(?, all_varchar = true) limit 0", [str(csv)]).description
    # parse_un_long's citation: dataset and file, whichever are published.
    cited = [f't."{c}"' for c in ("Source_Dataset", "Source_File") if c in {d[0] for d in header}]
    citation = f"concat_ws(', ', {', '.join(cited)})" if cited else "null::varchar"
    fmt = detect(csv).format.name
    # k0 .. k6: the published columns in PUBLISHED's order; country name and code as a pair.
    keys = ", ".join(f'"{c}" as k{i}' for i, c in enumerate(PUBLISHED.values()))
    clock.step("distinct: each column's values, one pass over the file", lambda: con.execute(
        f"create table _distinct as select {keys} from read_csv(?, all_varchar = true) "
        "group by grouping sets ((k0), (k1), (k2, k3), (k4), (k5), (k6))", [str(csv)]))

    def lookups() -> None:
        build_lookups(con, {
            "lk_month": "select distinct k0 as v from _distinct where k0 is not null",
            "lk_mission": "select distinct k1 as v from _distinct where k1 is not null",
            "lk_country": "select distinct k2 as v, k3 as iso from _distinct where k2 is not null or k3 is not null",
            "lk_ptype": "select distinct k4 as v from _distinct where k4 is not null",
            "lk_count": "select distinct k5 as v from _distinct where k5 is not null union "
                        "select distinct k6 from _distinct where k6 is not null",
        })

    clock.step("lookups: the normaliser's functions once per distinct value", lookups)

    def records(part: Path, first: int) -> str:
        """The piece's records with the contract's columns (raw text included)."""
        raw = ", ".join(f't."{c}" as {k}' for k, c in PUBLISHED.items())
        return f"""
        select '{csv.name}' as source_file, t._n + {first} as source_row, '{fmt}' as source_format,
            'detail' as row_kind, {raw}, mo.month, mi.mission, coalesce(mi.mission_known, false) as mission_known,
            c.country_iso3, c.country_name, c.country_match, p.personnel_type, p.personnel_type_label,
            f.n as female, m.n as male, null::varchar as total_raw,
            case when f.n is not null or m.n is not null then coalesce(f.n, 0) + coalesce(m.n, 0) end as total,
            {citation} as citation, null::varchar as citation_row
        from (select row_number() over () as _n, * from read_csv('{part}', all_varchar = true)) t
        left join lk_month mo on t."Last_Reporting_Date" = mo.v
        left join lk_mission mi on t."Mission_Acronym" = mi.v
        left join lk_country c on t."Contributing_Country" is not distinct from c.v
            and t."ISOCode3" is not distinct from c.iso
        left join lk_ptype p on t."Personnel_Type" = p.v
        left join lk_count f on t."Female_Personnel" = f.v
        left join lk_count m on t."Male_Personnel" = m.v"""

    for i, part in enumerate(parts):
        con.execute(f"create view _records_{i} as {records(part, before[i])}")
    schema = ibis.duckdb.from_connection(con).table("_records_0").schema()
    out = list(OUTPUT_COLUMNS)

    def flagged(i: int) -> str:
        t = ibis.table(schema, name=f"_records_{i}")
        keeps_all = ibis.and_(*[r.ok.fill_null(True) for r in rules(StaffingRecord, t, RULE_COLUMNS)])
        return ibis.to_sql(t.select(*out, _bad=~keeps_all), dialect="duckdb")

    def load(stage: str, queries: list[str]) -> None:
        con.execute(f"create table {stage} as select * from ({queries[0]}) limit 0")
        errors = []

        def run(q: str) -> None:
            try:
                with con.cursor() as c:
                    c.execute(f"insert into {stage} {q}")
            except Exception as exc:  # noqa: BLE001 (raised below)
                errors.append(exc)

        threads = [threading.Thread(target=run, args=(q,)) for q in queries]
        [t.start() for t in threads]
        [t.join() for t in threads]
        if errors:
            raise errors[0]
        con.execute("checkpoint")

    plain = [f"select {', '.join(out)}, false as _bad from _records_{i}" for i in range(len(parts))]
    with_rules = [flagged(i) for i in range(len(parts))]
    # Twice each, alternating: the first load of a process was the slower one
    # either way (page cache, the database file growing).
    if once:
        clock.step("load with every rule of the contract as a flag, compiled by Ibis",
                   lambda: load("stage", with_rules))
    for rep in () if once else (1, 2):
        clock.step(f"load without the rules ({rep} of 2): the pieces at once, numbered, typed by the lookups",
                   lambda rep=rep: load(f"stage_plain_{rep}", plain))
        clock.step(f"load with every rule of the contract as a flag, compiled by Ibis ({rep} of 2)",
                   lambda rep=rep: load(f"stage_{rep}", with_rules))
    if not once:
        con.execute("alter table stage_2 rename to stage")

    def rejects() -> int:
        bad = con.execute("select count(*) from stage where _bad").fetchone()[0]
        con.execute("delete from stage where _bad")
        return bad

    bad = clock.step("rejects: flagged records counted and deleted", rejects)
    clock.step("key: repeated (row kind, month, mission, country, personnel type)", lambda: con.execute(
        "select count(*) from (select 1 from stage group by row_kind, month, mission, country_iso3, "
        "personnel_type having count(*) > 1)").fetchone())
    clock.step("months and precedence (ledger, month index)", lambda: con.execute(
        "select max(month), bool_or(female is not null), count(distinct month) from stage").fetchone())
    n, distinct_rows, last = con.execute(
        "select count(*), count(distinct source_row), max(source_row) from stage").fetchone()
    print(f"records: {n:,} ({distinct_rows:,} distinct row numbers, the last {last:,}); flagged: {bad:,}")
    if compare:
        from pipelines.defs.staffing import parser
        from pipelines.lib.ingest import InboxFile, ingest_into

        con.execute("create schema raw; create schema audit")
        ingest_into(con, parser.spec(known_missions()), [InboxFile(csv.name, csv, detect(csv).format, "probe")],
                    "probe", "staffing_contributions")
        cols = ", ".join(out)
        a_b, b_a = (con.execute(f"select count(*) from (select {cols} from {x} except all select {cols} from {y})"
                                ).fetchone()[0]
                    for x, y in (("raw.staffing_contributions", "stage"), ("stage", "raw.staffing_contributions")))
        print(f"--compare: the project's raw table against the stage, except all: {a_b} and {b_a} rows differ")
    con.close()
    return clock


def main(argv=None) -> None:
    import argparse

    from bench.run_bench import synthetic_csv
    from pipelines.lib.markdown import markdown_table

    p = argparse.ArgumentParser()
    p.add_argument("--parts", type=int, default=max(1, len(os.sched_getaffinity(0))))
    p.add_argument("--compare", action="store_true")
    p.add_argument("--once", action="store_true",
                   help="the path alone, as the ingest would run it: no floor, one load (with the rules); "
                        "time the whole process from outside, beside bench/run_bench.py --task duckdb")
    args, rest = p.parse_known_args(argv)
    csv = synthetic_csv(rest)
    with tempfile.TemporaryDirectory(prefix="unpol-probe-") as d:
        clock = probe(csv, Path(d), args.parts, args.compare, args.once)
    if args.once:
        print(markdown_table([f"step ({csv.name})", "wall s", "CPU s"],
                             [(n, f"{w:.2f}", f"{c:.2f}") for n, w, c in clock.rows]))
        return
    steps = clock.rows[1:]
    table = [clock.against_floor(*r) for r in clock.rows]
    loads = [r for r in steps if r[0].startswith("load ")]
    others = [r for r in steps if not r[0].startswith("load ")]
    for label, kind in (("without the rules", "load without"), ("with the rules", "load with every")):
        # Each load's faster run (the least disturbed) and every other step.
        best = min((r for r in loads if r[0].startswith(kind)), key=lambda r: r[1])
        kept = [*others, best]
        table.append(clock.against_floor(f"sum, path D {label} (its faster load)",
                                         sum(r[1] for r in kept), sum(r[2] for r in kept)))
    print(markdown_table([f"step ({csv.name})", "wall s", "CPU s", "wall x floor", "CPU x floor"], table))


if __name__ == "__main__":
    main()
