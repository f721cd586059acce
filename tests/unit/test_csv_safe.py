"""Layer 1: CSV cells a spreadsheet would execute are written as text."""

import csv
from datetime import date

import pytest

from pipelines.lib.exports import neutralise, write_csv


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("MINUSMA", "MINUSMA"),
        ("Côte d'Ivoire", "Côte d'Ivoire"),
        ("", ""),
        (-3, -3),
        (0.25, 0.25),
        (None, None),
        (date(2014, 8, 1), date(2014, 8, 1)),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_write_csv_round_trip(tmp_path):
    path = tmp_path / "out.csv"
    n = write_csv(path, ["=col", "n"], [("=1+2", -3), (None, 4), ("a,b \"q\"", 5)])
    assert n == 3
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    assert rows == [["'=col", "n"], ["'=1+2", "-3"], ["", "4"], ["a,b \"q\"", "5"]]
