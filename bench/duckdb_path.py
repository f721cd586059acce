"""Probe for issue 16: what an ingest inside DuckDB would cost, step by step,
on the same SYNTHETIC staffing file as bench/run_bench.py, beside the floor
measured in the same run.

    .venv/bin/python bench/duckdb_path.py [--rows 10m | --csv FILE]

Steps (each timed in this process, wall and CPU):

* ``floor``: ``read_csv`` into a table, ``preserve_insertion_order=false``.
* ``read``: ``read_csv(all_varchar=true)`` with insertion order kept, so the
  file's row number survives (``rowid``); text typed later, as today.
* ``lookups``: the functions the staffing normaliser uses
  (``pipelines/defs/staffing/parser.py``: parse_date, normalize_mission,
  resolve_frame, the personnel-type seed, parse_count) run once per distinct
  value of the column each maps (the country per distinct name and code pair),
  each kept as a lookup table in DuckDB. (The whole record-level normaliser
  cannot be used as it is: the distinct combinations of its inputs are as many
  as the records, the key being unique.)
* ``typed``: the typed records as joins of the text table to the lookups.
* ``field checks``: the model's own column checks (``Check`` objects of
  ``schemas/staffing.py``: isin, ge 0) run through pandera's Ibis backend on the
  typed table, no rule rewritten.
* ``key``: the unique key (month, mission, country, personnel type) in SQL.

Path B, the other way round (``B`` steps): ``read_csv`` straight into the typed
table through the lookups in one statement, file order not kept (so no row
numbers), the lookups' distinct values taken in one pass over the file; its
sum counts the lookups, column checks and key of path A (same rows). The same
statement again with each record's number in the file (``row_number() over
()`` over the file, in file order, before the joins), and its sum. Path C's
read (``C``): DuckDB types the date (one format) and the counts itself, cast
failures kept in its rejects table with their line numbers.

Not measured, because it cannot be without writing the rules twice: the
contract's other 11 rules (frame-level checks, besides the key) are polars
expressions, which the Ibis backend cannot run. Nor the raw table's provenance
columns, de-duplication or rejects. So the sum is a lower bound of such a path.
Nothing is asserted; the machine is shared.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

class Clock:
    def __init__(self) -> None:
        self.rows: list[tuple[str, float, float]] = []

    def step(self, name: str, fn):
        cpu0, t0 = _cpu(), time.perf_counter()
        out = fn()
        self.rows.append((name, time.perf_counter() - t0, _cpu() - cpu0))
        return out

    def against_floor(self, name: str, wall: float, cpu: float) -> tuple[str, ...]:
        """A row of the printed table: wall and CPU seconds and both as a
        multiple of the floor's (the first step timed)."""
        _, floor_wall, floor_cpu = self.rows[0]
        return name, f"{wall:.2f}", f"{cpu:.2f}", f"{wall / floor_wall:.2f}", f"{cpu / floor_cpu:.2f}"


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def floor(clock: Clock, csv: Path, folder: Path) -> None:
    """The floor, timed as ``clock``'s step: ``read_csv`` into a table of a
    DuckDB file of its own, ``preserve_insertion_order=false``."""
    import duckdb

    con = duckdb.connect(str(folder / "floor.duckdb"))
    try:
        con.execute("set preserve_insertion_order = false")
        clock.step("floor: read_csv into a table", lambda: con.execute(
            "create table staffing as select * from read_csv(?)", [str(csv)]))
    finally:
        con.close()


def build_lookups(con, distinct: dict[str, str]) -> None:
    """One lookup table per column (or pair) the staffing normaliser maps
    (``lk_month``, ``lk_mission``, ``lk_country``, ``lk_ptype``, ``lk_count``),
    each made by the normaliser's own functions over that column's distinct
    published values: ``distinct`` gives each table's SQL for them, as ``v``
    (and ``iso``, the country's published code)."""
    import polars as pl

    from pipelines.lib.cleaning import (
        DATE_FORMATS,
        clean_text,
        month_start,
        parse_count,
        parse_date,
    )
    from pipelines.lib.countries import resolve_frame
    from pipelines.lib.reference import (
        known_missions,
        mission_aliases,
        normalize_mission,
        personnel_types,
    )

    known, aliases = [*known_missions(), "ALL"], mission_aliases()
    types = personnel_types().select(pl.col("label").alias("personnel_type_label"), "personnel_type")
    build = {
        "lk_month": lambda d: d.with_columns(month_start(parse_date("v", DATE_FORMATS)).alias("month")),
        "lk_mission": lambda d: d.with_columns(normalize_mission("v", aliases).alias("mission")).with_columns(
            pl.col("mission").is_in(known).fill_null(False).alias("mission_known")),
        "lk_country": lambda d: resolve_frame(d.with_columns(
            clean_text("v").alias("country_name"), clean_text("iso").alias("_iso")), "country_name", "_iso"
        ).drop("_iso"),
        "lk_ptype": lambda d: d.with_columns(pl.col("v").str.strip_chars().alias("personnel_type_label")).join(
            types, on="personnel_type_label", how="left"),
        "lk_count": lambda d: d.with_columns(parse_count("v").alias("n")),
    }
    for name, sql in distinct.items():
        con.register("_lookup", build[name](con.execute(sql).pl()))
        con.execute(f"create table {name} as select * from _lookup")
        con.unregister("_lookup")


def probe(csv: Path, tmp: Path) -> Clock:
    import duckdb
    import ibis
    import pandera.ibis as pai

    from schemas.staffing import StaffingRecord

    clock = Clock()
    floor(clock, csv, tmp)

    con = duckdb.connect(str(tmp / "path.duckdb"))
    clock.step("read: read_csv(all_varchar) in file order", lambda: con.execute(
        "create table t as select * from read_csv(?, all_varchar = true)", [str(csv)]))

    def lookups() -> None:
        build_lookups(con, {
            "lk_month": 'select distinct "Last_Reporting_Date" as v from t',
            "lk_mission": 'select distinct "Mission_Acronym" as v from t',
            "lk_country": 'select distinct "Contributing_Country" as v, "ISOCode3" as iso from t',
            "lk_ptype": 'select distinct "Personnel_Type" as v from t',
            "lk_count": 'select distinct "Female_Personnel" as v from t union select distinct "Male_Personnel" from t',
        })

    clock.step("lookups: the normaliser's functions once per distinct value", lookups)
    def typed(source: str, row_number: str) -> str:
        return f"""
        select {row_number} as source_row, 'detail' as row_kind, mo.month, mi.mission, mi.mission_known,
            c.country_iso3, c.country_name, c.country_match, p.personnel_type, p.personnel_type_label,
            f.n as female, m.n as male, f.n + m.n as total
        from {source} t
        left join lk_month mo on t."Last_Reporting_Date" is not distinct from mo.v
        left join lk_mission mi on t."Mission_Acronym" is not distinct from mi.v
        left join lk_country c on t."Contributing_Country" is not distinct from c.v
            and t."ISOCode3" is not distinct from c.iso
        left join lk_ptype p on t."Personnel_Type" is not distinct from p.v
        left join lk_count f on t."Female_Personnel" is not distinct from f.v
        left join lk_count m on t."Male_Personnel" is not distinct from m.v"""

    clock.step("typed: joins to the lookups", lambda: con.execute(
        f"create table typed as {typed('t', 't.rowid + 1')}"))

    schema = StaffingRecord.to_schema()
    columns = {n: pai.Column(None, checks=c.checks, nullable=True)
               for n, c in schema.columns.items() if c.checks}
    table = ibis.duckdb.from_connection(con).table("typed")
    clock.step(f"field checks: {sum(len(c.checks) for c in columns.values())} column checks of the model, "
               "pandera Ibis", lambda: pai.DataFrameSchema(columns).validate(table, lazy=True))
    n_text, n_typed = (con.execute(f"select count(*) from {t}").fetchone()[0] for t in ("t", "typed"))
    if n_text != n_typed:
        raise RuntimeError(f"the lookups lost records: {n_text} read, {n_typed} typed")
    clock.step("key: month, mission, country, personnel type unique", lambda: con.execute(
        "select count(*) from (select month, mission, country_iso3, personnel_type from typed "
        "group by all having count(*) > 1)").fetchone())

    # The other way round: no text copy, no row numbers (file order not kept).
    con.execute("set preserve_insertion_order = false")
    clock.step("B read: read_csv(all_varchar), file order not kept", lambda: con.execute(
        "create table t2 as select * from read_csv(?, all_varchar = true)", [str(csv)]))
    clock.step("B distinct values straight from the file (one pass, grouping sets)", lambda: con.execute(
        'select count(*) from (select 1 from read_csv(?, all_varchar = true) group by grouping sets '
        '(("Last_Reporting_Date"), ("Mission_Acronym"), ("Contributing_Country", "ISOCode3"), '
        '("Personnel_Type"), ("Female_Personnel"), ("Male_Personnel")))', [str(csv)]).fetchone())
    clock.step("B one statement: read_csv to typed records through the lookups", lambda: con.execute(
        f"create table typed2 as {typed('read_csv(?, all_varchar = true)', 'null::bigint')}", [str(csv)]))
    # The same statement keeping each record's number in the file (what every
    # reject names): numbered in file order before the joins.
    con.execute("set preserve_insertion_order = true")
    clock.step("B one statement with row numbers (numbered in file order before the joins)", lambda: con.execute(
        f"create table typed3 as {typed('(select row_number() over () as _rn, * from read_csv(?, all_varchar = true))', 't._rn')}",
        [str(csv)]))
    con.execute("set preserve_insertion_order = false")
    # Path C's read: DuckDB types the date and counts itself; cast failures go
    # to its rejects table with their line numbers instead of failing the read.
    clock.step("C read: read_csv typing the date and counts, cast failures to store_rejects", lambda: con.execute(
        "create table t3 as select * from read_csv(?, dateformat = '%d-%b-%y', store_rejects = true, "
        "types = {'Last_Reporting_Date': 'DATE', 'Female_Personnel': 'BIGINT', 'Male_Personnel': 'BIGINT'})",
        [str(csv)]))
    con.close()
    return clock


def main(argv=None) -> None:
    from bench.run_bench import synthetic_csv
    from pipelines.lib.markdown import markdown_table

    csv = synthetic_csv(argv)
    with tempfile.TemporaryDirectory(prefix="unpol-probe-") as d:
        clock = probe(csv, Path(d))
    table = [clock.against_floor(*r) for r in clock.rows]
    steps = {r[0].split(":")[0]: r for r in clock.rows}
    for label, names in (
            ("A: text table in file order, typed by joins, checked", ("read", "lookups", "typed", "field checks", "key")),
            ("B: one statement, no row numbers, checked", ("B distinct values straight from the file (one pass, "
                                                           "grouping sets)", "lookups", "B one statement", "field checks",
                                                           "key")),
            ("B with row numbers, checked", ("B distinct values straight from the file (one pass, grouping sets)",
                                             "lookups", "B one statement with row numbers (numbered in file order "
                                             "before the joins)", "field checks", "key"))):
        table.append(clock.against_floor(f"sum, path {label}",
                                         sum(steps[n][1] for n in names), sum(steps[n][2] for n in names)))
    print(markdown_table([f"step ({csv.name})", "wall s", "CPU s", "wall x floor", "CPU x floor"], table))


if __name__ == "__main__":
    main()
