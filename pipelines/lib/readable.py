"""Values as a person reads them, for the command line and check details:
``2016-11-01``, not ``datetime.date(2016, 11, 1)``; ``NULL``, not ``None``;
``1 row``, not ``1 rows``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime


def readable(v) -> str:
    if v is None:
        return "NULL"
    if isinstance(v, datetime):
        return v.isoformat(sep=" ")
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, float):
        return f"{v:.4g}" if abs(v) < 1 else f"{v:,.2f}".rstrip("0").rstrip(".")
    return str(v)


def row_text(columns: Sequence[str], row: Sequence) -> str:
    """``mission=MINUSMA, month=2013-09-01, end_date=NULL``."""
    return ", ".join(f"{c}={readable(v)}" for c, v in zip(columns, row))


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 row``, ``2 rows``, ``1,448 rows`` (``many`` where adding an s is wrong)."""
    return f"{n:,} {word if n == 1 else many or word + 's'}"
