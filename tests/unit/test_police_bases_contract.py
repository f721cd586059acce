"""Layers 1 and 2 for RADPKO's base-year table (issue 26): the contract with
one valid and one invalid frame per rule, and the published NaN coordinates
read as no value."""

from __future__ import annotations

from types import SimpleNamespace

import polars as pl
import pytest

from pipelines.defs.police_bases import parser as bases
from pipelines.lib.readers import ROW, TextTable
from tests.validated import validate_frame


def _validate(rows: list[dict]):
    frame = pl.DataFrame(rows, schema={k: pl.Utf8 for k in rows[0]}).with_columns(
        pl.lit("f.csv").alias("source_file"), pl.lit("fmt").alias("source_format"),
        pl.int_range(1, len(rows) + 1, dtype=pl.Int64).alias("source_row"),
    )
    spec = bases.spec(["MINUSMA", "UNMIS"])
    frame = spec.normalize(frame).with_row_index("_rid").with_columns(pl.col("_rid").cast(pl.Int64))
    return validate_frame(frame, spec.model)


def _base(**kw):
    # MINUSMA's Gao in 2019, radpko_bases_cc_y.csv data row 2572 (rounded).
    row = {"mission_raw": "MINUSMA", "host_country_raw": "Mali", "base": "gao", "date_raw": "2019-01-01",
           "year_raw": "2019", "latitude_raw": "16.27", "longitude_raw": "-0.04", "uniformed_raw": "4000.5",
           "troops_raw": "3600.2", "police_raw": "381.95705266955264", "observers_raw": "18.3",
           "women_troops_raw": "80.1", "women_police_raw": "43.55050505050505", "women_observers_raw": "1"}
    row.update(kw)
    return row


def test_police_base_valid_frame_keeps_fractional_averages():
    v = _validate([_base(), _base(base="bamako", latitude_raw=None, longitude_raw=None, women_police_raw="0")])
    assert v.failures.is_empty()
    assert v.valid.select("base", "year", "police", "women_police").rows() == [
        ("gao", 2019, 381.95705266955264, 43.55050505050505), ("bamako", 2019, 381.95705266955264, 0.0)]


def test_published_nan_coordinates_are_no_value():
    """Three UNMIS liaison bases in Addis Ababa (data rows 824, 825, 984) have
    NaN coordinates: loaded without them, not rejected."""
    row = {src: "1" for src in bases.COLUMNS.values()} | {"mission": "UNMIS", "latitude": "NaN", "longitude": "NaN"}
    frame = pl.DataFrame({ROW: [824]}).with_columns(*[pl.lit(v).alias(k) for k, v in row.items()])
    f = SimpleNamespace(format=SimpleNamespace(name="radpko_bases_yearly"))
    parsed = bases.spec([]).parse(TextTable(list(row), frame), f)
    assert parsed.select(ROW, "mission_raw", "latitude_raw", "longitude_raw").rows() == [(824, "UNMIS", None, None)]


@pytest.mark.parametrize("override, column, rule, value", [
    ({"base": None}, "base", "base_present", None),
    ({"base": "   "}, "base", "base_present", None),
    ({"year_raw": "1899"}, "year", "year_is_valid", "1899"),
    ({"date_raw": "2018-01-01"}, "date", "date_is_in_the_year", "2018-01-01"),
    ({"date_raw": "2019-13-01"}, "date", "date_is_valid", "2019-13-01"),
    ({"police_raw": None}, "police", "police_present", None),
    ({"police_raw": "many"}, "police", "police_is_a_number_not_negative", "many"),
    ({"police_raw": "-1.5"}, "police", "police_is_a_number_not_negative", "-1.5"),
    ({"women_police_raw": "400"}, "women_police", "women_police_not_more_than_police", "400"),
    ({"latitude_raw": "96.1"}, "latitude", "latitude_is_between_minus_90_and_90", "96.1"),
    ({"mission_raw": "MINUSXX"}, "mission", "mission_is_known", "MINUSXX"),
])
def test_police_base_invalid_frame_names_column_rule_and_value(override, column, rule, value):
    """Canonical columns here; a reject in audit.rejects names the published
    one (unpol, f_unpol: tests/integration/test_real_radpko.py)."""
    v = _validate([_base(**override)])
    assert v.valid.is_empty()
    got = v.failures.select("column", "rule", "value").rows()
    assert (column, rule, value) in got, got
