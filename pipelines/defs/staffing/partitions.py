"""Monthly partitions of the staffing facts: one partition per reporting month.

The partition key is the month's first day (``2014-08-01``), the same key the
warehouse uses for ``month``. The set starts in November 1990, the first month
of the UN's monthly contribution reports (IPI's mission totals in
``../shared/data/real/ipi_mission_totals_monthly`` start there); the
gender-split files only start in November 2009, but a set that started then
would leave the earlier months of the long UN series without a partition to
load them into. The last partition is the last complete month.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import dagster as dg
from dagster._core.storage.tags import (
    ASSET_PARTITION_RANGE_END_TAG,
    ASSET_PARTITION_RANGE_START_TAG,
)

from pipelines.lib.cleaning import DATE_FORMATS, month_start, next_month, parse_date
from pipelines.lib.formats import Format
from pipelines.lib.ingest import InboxFile, read_file
from pipelines.lib.warehouse import rollback

staffing_monthly_partition = dg.MonthlyPartitionsDefinition(start_date="1990-11-01", timezone="UTC")


def month_window(context: dg.AssetExecutionContext) -> tuple[date, date] | None:
    """The months ``[first, after_last)`` a partitioned run covers, or None for an
    unpartitioned (full) run such as ``unpol run``."""
    if not (context.has_partition_key or context.has_partition_key_range):
        return None
    keys = context.partition_key_range
    return date.fromisoformat(keys.start), next_month(date.fromisoformat(keys.end))


def window_keys(start: str, end: str) -> list[str]:
    """Every partition key from ``start`` to ``end`` inclusive."""
    return staffing_monthly_partition.get_partition_keys_in_range(dg.PartitionKeyRange(start, end))


def range_tags(start: str, end: str) -> dict[str, str]:
    """Run tags asking for one run over a range of months (the raw staffing asset
    has a single-run backfill policy, so a range is one run and one publish)."""
    return {ASSET_PARTITION_RANGE_START_TAG: start, ASSET_PARTITION_RANGE_END_TAG: end}


def month_key(text: str) -> str:
    """``2014-03`` or ``2014-03-01`` -> the partition key ``2014-03-01``; refuses
    months outside the partition set."""
    d = date.fromisoformat(text if len(text) > 7 else f"{text}-01").replace(day=1)
    key = d.isoformat()
    if not staffing_monthly_partition.has_partition_key(key):
        raise ValueError(f"{text}: not a staffing month partition (1990-11 .. last complete month)")
    return key


def months_in_file(path: Path, fmt: Format, sheet: str | None = None) -> set[str]:
    """The months (partition keys) a staffing file carries, parsed the way the
    ingest parses them; unparseable dates are left to the ingest to reject."""
    from pipelines.defs.staffing import parser

    f = InboxFile(path.name, path, fmt, "", sheet)
    parsed = parser.spec([]).parsers[fmt.name](read_file(f), f)
    months = parsed.select(month_start(parse_date("month_raw", DATE_FORMATS)).alias("m")).drop_nulls().unique()
    return {d.isoformat() for d in months["m"].to_list()}



def replace_window(con, scratch: str, target: str, window: tuple[date, date]) -> int:
    """Move the window's months from ``raw.<scratch>`` (this run's records of every
    month) into ``raw.<target>``: delete the window, insert it, drop the scratch
    table, in one transaction, so other months stay exactly as they were and a
    failed run leaves the table as it was. Returns the rows inserted."""
    from pipelines.lib.warehouse import ident, table_exists

    src, dst = f"raw.{ident(scratch)}", f"raw.{ident(target)}"
    con.execute("begin")
    try:
        if not table_exists(con, "raw", target):
            con.execute(f"create table {dst} as select * from {src} limit 0")
        con.execute(f"delete from {dst} where month >= ? and month < ?", list(window))
        con.execute(f"insert into {dst} by name select * from {src} where month >= ? and month < ?", list(window))
        n = con.execute(f"select count(*) from {dst} where month >= ? and month < ?", list(window)).fetchone()[0]
        con.execute(f"drop table {src}")
        con.execute("commit")
    except Exception:
        rollback(con)
        raise
    return n
