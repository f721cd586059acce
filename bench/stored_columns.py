"""What DuckDB alone spends storing the columns of ``raw.staffing_contributions``,
beside the floor measured in the same run (issue 16's 1.3x target).

    .venv/bin/python bench/stored_columns.py [--rows 10m | --csv FILE]

Steps, each timed in this process (wall and CPU, user + system, DuckDB's
threads included), each writing a table of a DuckDB file and checkpointing it:

* ``floor``: ``read_csv`` of the SYNTHETIC file into a table,
  ``preserve_insertion_order=false`` (bench/run_bench.py's floor).
* The raw table's shape is then built in memory from the floor's table: the
  columns of ``raw.staffing_contributions`` (pipelines/defs/staffing/parser.py,
  OUTPUT_COLUMNS), each with the same type and with values of the same kind
  (the file's own mission, country, type and citation text; one file name,
  format, row kind and match method, as one file gives; a null citation row).
* ``store ...``: ``create table ... as select`` from memory into the file:
  the floor's own columns; the raw table's, all of them, the typed ones only,
  the text ones only, and each text column alone. No parsing, no checks: only
  DuckDB's own writing.
* ``store ... ENUM``: the raw table's 16 columns again, the text columns
  whose values come from a closed set (file, format, row kind, mission,
  country code, match method, personnel type and its label: each a seed, a
  library's table or the run's own list) declared as DuckDB ``ENUM`` types
  (their values listed when the table is made: one code a record is stored);
  the country name, citation and citation row stay text.

It ends with a lower bound: the floor's CPU less storing its own columns (what
reading and typing the file costs DuckDB) plus storing the raw table's, the CPU
of an ingest that read and typed as cheaply as DuckDB and normalised and
checked for nothing.

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


# The raw table's text columns whose values come from a closed set.
CLOSED_SETS = ("source_file", "source_format", "row_kind", "mission", "country_iso3", "country_match",
               "personnel_type", "personnel_type_label")


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _timed(con, sql: str) -> tuple[float, float]:
    cpu0, t0 = _cpu(), time.perf_counter()
    con.execute(sql)
    con.execute("checkpoint")
    return time.perf_counter() - t0, _cpu() - cpu0


def measure(csv: Path, folder: Path) -> list[tuple[str, float, float]]:
    import duckdb

    from pipelines.defs.staffing.parser import OUTPUT_COLUMNS

    con = duckdb.connect(str(folder / "probe.duckdb"))
    con.execute("set preserve_insertion_order = false")
    rows = [("floor: read_csv into a table", *_timed(con, f"create table floor as select * from read_csv('{csv}')"))]
    con.execute(f"""
        create temp table shaped as select
            '{csv.name}' as source_file,
            row_number() over () as source_row,
            'un_odp_staffing_long' as source_format,
            'detail' as row_kind,
            date_trunc('month', strptime(Last_Reporting_Date, '%d-%b-%y'))::date as month,
            Mission_Acronym as mission,
            ISOCode3 as country_iso3,
            Contributing_Country as country_name,
            'name_and_code' as country_match,
            upper(left(Personnel_Type, 3)) as personnel_type,
            Personnel_Type as personnel_type_label,
            Female_Personnel::bigint as female,
            Male_Personnel::bigint as male,
            (Female_Personnel + Male_Personnel)::bigint as total,
            Source_Dataset as citation,
            null::varchar as citation_row
        from floor""")
    types = dict(con.execute("select column_name, data_type from duckdb_columns() "
                             "where table_name = 'shaped'").fetchall())
    assert list(types) == list(OUTPUT_COLUMNS), f"raw table columns changed: {list(types)}"
    text = [c for c, t in types.items() if t == "VARCHAR"]
    typed = [c for c in types if c not in text]

    def store(label: str, cols: list[str]) -> None:
        con.execute("drop table if exists stored")
        rows.append((label, *_timed(con, f"create table stored as select {', '.join(cols)} from shaped")))

    con.execute("create temp table floor_mem as select * from floor")
    con.execute("drop table if exists stored")
    floor_cols = len(con.execute("select * from floor_mem limit 0").description)
    rows.append((f"store the floor's own {floor_cols} columns", *_timed(
        con, "create table stored as select * from floor_mem")))
    con.execute("drop table floor_mem")
    store(f"store all {len(types)} columns of the raw table", list(types))
    store(f"store its {len(typed)} typed columns only ({', '.join(typed)})", typed)
    store(f"store its {len(text)} text columns only", text)
    for c in text:
        store(f"store one text column: {c}", [c])
    closed = [c for c in CLOSED_SETS if c in text]
    for c in closed:
        con.execute(f"create type enum_{c} as enum (select distinct {c} from shaped where {c} is not null)")
    as_enum = [f"{c}::enum_{c} as {c}" if c in closed else c for c in types]
    store(f"store all {len(types)} columns, the {len(closed)} text columns of closed sets as ENUM", as_enum)
    store(f"store those {len(closed)} columns only, as ENUM", [f"{c}::enum_{c} as {c}" for c in closed])
    store(f"store those {len(closed)} columns only, as text", closed)
    con.close()
    return rows


def main(argv=None) -> None:
    from bench.run_bench import synthetic_csv
    from pipelines.lib.markdown import markdown_table

    csv = synthetic_csv(argv)
    with tempfile.TemporaryDirectory(prefix="unpol-columns-") as d:
        rows = measure(csv, Path(d))
    floor_cpu = rows[0][2]
    print(markdown_table([f"step ({csv.name})", "wall s", "CPU s", "CPU x floor's CPU"],
                         [(name, f"{wall:.2f}", f"{cpu:.2f}", f"{cpu / floor_cpu:.2f}") for name, wall, cpu in rows]))
    # What the floor spends besides storing its table (reading and typing the
    # file), plus storing the raw table instead: a path that read and typed as
    # cheaply as DuckDB and normalised and checked for free would still cost this.
    bound = floor_cpu - rows[1][2] + rows[2][2]
    print(f"\nlower bound of the ingest's CPU (the floor - storing its own columns + storing the raw table's): "
          f"{bound:.2f} s = {bound / floor_cpu:.2f} x the floor's CPU")


if __name__ == "__main__":
    main()
