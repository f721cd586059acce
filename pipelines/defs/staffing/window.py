"""A run for some staffing months: the months a file carries, and the swap of
the window's months into ``raw.staffing_contributions`` (the partition itself
and the run's window: ``pipelines/defs/partitions.py``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pipelines.defs.staffing import parser
from pipelines.lib.cleaning import DATE_FORMATS, parse_date
from pipelines.lib.formats import Format
from pipelines.lib.ingest.run import tables_of
from pipelines.lib.ingest.spec import InboxFile
from pipelines.lib.warehouse import ident, table_exists, transaction


def months_in_file(path: Path, fmt: Format, sheet: str | None = None) -> set[str]:
    """The months (partition keys) a staffing file carries, parsed the way the
    ingest parses them; unparseable dates are left to the ingest to reject."""
    f = InboxFile(path.name, path, fmt, "", sheet)
    parsed = parser.spec([]).parse(next(tables_of(f, whole=True)), f)
    months = parsed.select(parse_date("month_raw", DATE_FORMATS).dt.truncate("1mo").alias("m")).drop_nulls().unique()
    return {d.isoformat() for d in months["m"].to_list()}


def replace_window(con, scratch: str, target: str, window: tuple[date, date]) -> int:
    """Move the window's months from ``raw.<scratch>`` (this run's records of every
    month) into ``raw.<target>``: delete the window, insert it, drop the scratch
    table, in one transaction, so other months stay exactly as they were and a
    failed run leaves the table as it was. Returns the rows inserted."""
    src, dst = f"raw.{ident(scratch)}", f"raw.{ident(target)}"
    with transaction(con):
        if not table_exists(con, "raw", target):
            con.execute(f"create table {dst} as select * from {src} limit 0")
        con.execute(f"delete from {dst} where month >= ? and month < ?", list(window))
        con.execute(f"insert into {dst} by name select * from {src} where month >= ? and month < ?", list(window))
        n = con.execute(f"select count(*) from {dst} where month >= ? and month < ?", list(window)).fetchone()[0]
        con.execute(f"drop table {src}")
    return n
