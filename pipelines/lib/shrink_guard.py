"""The shrink guard: a new release may not silently lose the rows of the current one.

For every fact table (``marts.fct_*``) of the current release, compare its rows
with the build's, leaving out the months the run set out to replace (a run for
some months, ``unpol run --month``); a table losing more than ``max_share`` of
them (or gone) stops the publish. An empty inbox took
``marts.fct_police_deployment`` from 1,448 rows to 0 with exit 0 before this.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pipelines.lib.warehouse import qualified

FACT_PREFIX = "fct_"


@dataclass(frozen=True)
class Shrink:
    table: str
    before: int
    after: int
    scope: str  # "all rows" or "rows outside <first> .. <last>"

    @property
    def lost_share(self) -> float:
        return (self.before - self.after) / self.before if self.before else 0.0

    def message(self) -> str:
        return (f"{self.table}: {self.before:,} -> {self.after:,} rows ({self.scope}), "
                f"{self.lost_share:.1%} fewer")


def fact_tables(con) -> list[str]:
    return [r[0] for r in con.execute(
        "select table_name from duckdb_tables() where schema_name = 'marts' and starts_with(table_name, ?) "
        "order by 1", [FACT_PREFIX]).fetchall()]


def _count(con, table: str, window: tuple[date, date] | None) -> tuple[int, str]:
    has_month = con.execute(
        "select count(*) from duckdb_columns() where schema_name = 'marts' and table_name = ? "
        "and column_name = 'month'", [table]).fetchone()[0]
    target = qualified("marts", table)
    if window and has_month:
        n = con.execute(f"select count(*) from {target} where month < ? or month >= ? or month is null",
                        list(window)).fetchone()[0]
        return n, f"rows outside {window[0]:%Y-%m} .. the month before {window[1]:%Y-%m}"
    return con.execute(f"select count(*) from {target}").fetchone()[0], "all rows"


def shrinking_tables(current, build, window: tuple[date, date] | None, max_share: float) -> list[Shrink]:
    """Fact tables of ``current`` (connection to the current release) that
    ``build`` (connection to the workspace) would shrink by more than ``max_share``."""
    built = set(fact_tables(build))
    out = []
    for table in fact_tables(current):
        before, scope = _count(current, table, window)
        after = _count(build, table, window)[0] if table in built else 0
        s = Shrink(f"marts.{table}", before, after, scope if table in built else "table gone")
        if before and s.lost_share > max_share:
            out.append(s)
    return out
