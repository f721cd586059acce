"""CSV that a spreadsheet opens as data, never as formulas (OWASP "CSV
injection"): a text cell starting with ``=``, ``+``, ``-``, ``@``, tab or
carriage return gets a leading single quote; numbers, dates and booleans
are left as they are (``-3`` is a number, not a formula)."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Sequence

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """``value`` with a leading ``'`` when it is text a spreadsheet would execute."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def write_csv(path: str | os.PathLike, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Write a header and ``rows`` (UTF-8, RFC 4180 quoting); header cells are
    neutralised too. Returns the number of data rows written."""
    n = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([neutralise(c) for c in columns])
        for row in rows:
            writer.writerow(["" if v is None else neutralise(v) for v in row])
            n += 1
    return n
