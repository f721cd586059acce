"""Layer 1: pure transforms on tiny inline frames."""

from datetime import date

import polars as pl
import pytest

from pipelines.lib.cleaning import DATE_FORMATS, clean_text, parse_count, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12", 12), ("1,234", 1234), ("1 234", 1234), ("12.0", 12), ("0", 0), (" 7 ", 7),
     ("-3", None), ("12a", None), ("1,23", None), ("", None), (None, None), ("3.5", None)],
)
def test_parse_count(text, expected):
    out = pl.DataFrame({"c": [text]}, schema={"c": pl.Utf8}).select(parse_count("c"))["c"][0]
    assert out == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2014-03-31", date(2014, 3, 31)), ("30-Nov-20", date(2020, 11, 30)), ("31/07/2020", date(2020, 7, 31)),
     ("2014-02-30", None), ("31/13/2020", None), ("07/31/2020", None), ("2014-03-31 00:00:00", date(2014, 3, 31)),
     ("March 2014", None)],
)
def test_parse_date_accepts_three_formats_and_refuses_impossible_dates(text, expected):
    out = pl.DataFrame({"d": [text]}).select(parse_date("d", DATE_FORMATS))["d"][0]
    assert out == expected


def test_clean_text_strips_ipi_stray_apostrophes_and_na():
    out = pl.DataFrame({"t": ["Bangladesh'", " South Sudan' ", "NA", "", "Cote d Ivoire"]}).select(clean_text("t"))["t"]
    assert out.to_list() == ["Bangladesh", "South Sudan", None, None, "Cote d Ivoire"]
