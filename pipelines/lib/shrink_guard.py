"""The shrink guard: a new release may not silently lose the rows of the ones before it.

Which tables: every table of the ``raw``, ``staging``, ``marts`` and ``audit``
schemas, that is everything the inbox feeds, but those in ``NOT_GUARDED``
(each with its reason). An inbox without the missions file once published
``raw.missions`` 81 -> 0 rows with exit 0 while only ``marts.fct_*`` was guarded.

Against what: for each table, its baseline is the largest row count among the
retained releases (newest first) down to and including the newest one whose
manifest records an allowed shrink of that table; the build may lose at most
``max_share`` of it. Measuring against the last release only let two runs each
losing under 10 % take a fact table 1,448 -> 1,330 -> 1,211 rows (-16.4 %). An
allowed shrink (``--allow-shrink``) is the new floor from then on, so losses
that someone accepted are not counted again.

How counted: the retained releases' warehouse files are opened read-only
(they sit on disk anyway, and the run replacing some months needs the rows
outside those months, which only the file can say). A table with a ``month``
column counts its rows outside the months the run replaces (``unpol run
--month``); any other table counts all its rows.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pipelines.lib.warehouse import qualified, read_only

GUARDED_SCHEMAS = ("raw", "staging", "marts", "audit")
# The check's metadata: every shrink over the limit; and the manifest's key
# (also in the metadata): the shrinks --allow-shrink let through.
SHRINKS, ALLOWED = "shrinks", "allowed_shrinks"
# Tables the inbox does not feed, or whose rows a run replaces by design.
NOT_GUARDED = {
    "raw.seed_*": "the repository's seed files, not the inbox: they change with the code",
    "raw.benchmark_definitions": "the repository's benchmark definitions (TOML), not the inbox",
    "staging.stg_benchmarks": "built from raw.benchmark_definitions only",
    "marts.benchmark_targets": "built from raw.benchmark_definitions only",
    "marts.dim_indicator": "the indicator catalogue in the code (pipelines/lib/indicators.py)",
    "marts.dim_personnel_type": "built from the personnel-type seed only",
    "audit.run_summary": "one row per run: bookkeeping of runs, not data",
    "audit.processed_files": "one row per file and run: bookkeeping of runs, not data",
    "audit.model_builds": "which models each run rebuilt: bookkeeping of runs, not data",
    "audit.inbox_files": "the entries of each run's inbox: a file taken out on purpose must not block",
    "audit.ingest_ledger": "rows read per file and run: the data tables it counts are guarded",
    "audit.rejects": "rejected rows: fewer is what a corrected file is for",
}


@dataclass(frozen=True)
class Shrink:
    table: str
    before: int  # the baseline: the largest count since the last allowed shrink
    after: int
    scope: str  # "all rows", "rows outside <first> .. ", or "table gone"
    release: str  # the release whose count is the baseline

    @property
    def lost_share(self) -> float:
        return (self.before - self.after) / self.before if self.before else 0.0

    def message(self) -> str:
        return (f"{self.table}: {self.before:,} -> {self.after:,} rows ({self.scope}), "
                f"{self.lost_share:.1%} fewer than release {self.release}")


def guarded_tables(con) -> list[str]:
    names = con.execute(
        "select schema_name || '.' || table_name from duckdb_tables() "
        "where not internal and list_contains(?, schema_name) order by 1", [list(GUARDED_SCHEMAS)]).fetchall()
    return [n for (n,) in names if not any(fnmatch.fnmatchcase(n, pattern) for pattern in NOT_GUARDED)]


def count_rows(con, tables: Iterable[str], window: tuple[date, date] | None) -> dict[str, tuple[int, str]]:
    """Rows of each table (outside ``window``, for tables with a month column)
    and what was counted; one statement for all tables (a retained release has
    about fifty, and every run counts them in each release)."""
    with_month = {f"{s}.{t}" for s, t in con.execute(
        "select schema_name, table_name from duckdb_columns() where column_name = 'month'").fetchall()}
    parts, params, scopes = [], [], {}
    for table in tables:
        target = qualified(*table.split(".", 1))
        if window and table in with_month:
            parts.append(f"select ?, count(*) from {target} where month < ? or month >= ? or month is null")
            params += [table, *window]
            scopes[table] = f"rows outside {window[0]:%Y-%m} .. the month before {window[1]:%Y-%m}"
        else:
            parts.append(f"select ?, count(*) from {target}")
            params.append(table)
            scopes[table] = "all rows"
    rows = con.execute(" union all ".join(parts), params).fetchall() if parts else []
    return {table: (n, scopes[table]) for table, n in rows}


@dataclass(frozen=True)
class Retained:
    """A retained release as the guard sees it: its warehouse file and the
    tables whose shrink its manifest records as allowed."""

    id: str
    warehouse: Path
    allowed: frozenset[str] = frozenset()


def baselines(history: list[Retained], window: tuple[date, date] | None) -> dict[str, tuple[int, str, str]]:
    """Per guarded table: the largest count (and its scope and release) among
    ``history`` (newest first), going back no further than the newest release
    that allowed that table to shrink."""
    out: dict[str, tuple[int, str, str]] = {}
    closed: set[str] = set()
    for release in history:
        con = read_only(release.warehouse)
        try:
            counts = count_rows(con, [t for t in guarded_tables(con) if t not in closed], window)
        finally:
            con.close()
        for table, (n, scope) in counts.items():
            if table not in out or n > out[table][0]:
                out[table] = n, scope, release.id
        closed |= release.allowed
    return out


def shrinking_tables(history: list[Retained], build, window: tuple[date, date] | None,
                     max_share: float) -> list[Shrink]:
    """Guarded tables that ``build`` (connection to the workspace) would leave
    more than ``max_share`` below their baseline in ``history``. Exactly
    ``max_share`` passes."""
    built = set(guarded_tables(build))
    now = count_rows(build, built, window)
    out = []
    # The layers in the order the data flows: the first line is nearest the cause.
    order = {schema: i for i, schema in enumerate(GUARDED_SCHEMAS)}
    found = baselines(history, window)
    for table in sorted(found, key=lambda t: (order[t.split(".")[0]], t)):
        before, scope, release = found[table]
        after = now[table][0] if table in built else 0
        s = Shrink(table, before, after, scope if table in built else "table gone", release)
        if before and s.lost_share > max_share:
            out.append(s)
    return out


def shrinks_text(records: list[dict]) -> str:
    """Allowed shrinks (``asdict(Shrink)``) as one line: table, rows before -> after."""
    return "; ".join(f"{r['table']} {r['before']:,} -> {r['after']:,}" for r in records)
