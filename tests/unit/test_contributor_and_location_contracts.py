"""Layers 1 and 2 for the two sources of issue 14: the country taken from a
file name, the empty-named file listed (not skipped as hidden) so its format
can refuse it, and each contract with one valid and one invalid frame."""

from __future__ import annotations

import polars as pl
import pytest

from pipelines.defs.contributor_strength import parser as contributors
from pipelines.defs.police_locations import parser as locations
from pipelines.lib.inbox import list_inbox
from tests.validated import validate_frame


@pytest.mark.parametrize("relpath, country", [
    ("countries/Cote d Ivoire.csv", "Cote d Ivoire"),
    ("ipi/countries/DR Congo.CSV", "DR Congo"),
    ("United States of America.csv", "United States of America"),
    ("countries\\Ghana.csv", "Ghana"),
    ("countries/.csv", ""),
    ("countries/ .csv", ""),
])
def test_country_comes_from_the_file_name(relpath, country):
    assert contributors.country_from_name(relpath) == country


def test_empty_named_data_file_is_listed_other_hidden_files_are_not(tmp_path):
    for name in (".csv", ".DS_Store", ".~lock.x.csv#", "Ghana.csv"):
        (tmp_path / name).write_text("x")
    listed = {i.relpath: i.status for i in list_inbox(tmp_path)}
    assert listed == {".csv": "candidate", "Ghana.csv": "candidate"}


def _validate(spec, rows: list[dict]):
    frame = pl.DataFrame(rows, schema={k: pl.Utf8 for k in rows[0]}).with_columns(
        pl.lit("f.csv").alias("source_file"), pl.lit("fmt").alias("source_format"),
        pl.int_range(1, len(rows) + 1, dtype=pl.Int64).alias("source_row"),
    )
    frame = spec.normalize(frame).with_row_index("_rid").with_columns(pl.col("_rid").cast(pl.Int64))
    return validate_frame(frame, spec.model)


def _strength(**kw):
    row = {"month_raw": "2013-06-30", "country_raw": "Bangladesh", "category": "police", "personnel_raw": "1,762"}
    row.update(kw)
    return row


def test_contributor_strength_valid_frame():
    v = _validate(contributors.spec(), [_strength(), _strength(country_raw="Cote d Ivoire", category="troops")])
    assert v.failures.is_empty()
    assert v.valid.select("country_iso3", "country_match", "personnel").rows() == [
        ("BGD", "exact", 1762), ("CIV", "fuzzy", 1762)]


@pytest.mark.parametrize("override, column, rule, value", [
    ({"country_raw": "Atlantis"}, "country", "country_maps_to_iso3", "Atlantis"),
    ({"personnel_raw": "12.5"}, "personnel", "personnel_is_whole_number", "12.5"),
    ({"month_raw": "2013-02-30"}, "month", "date_is_valid", "2013-02-30"),
    ({"month_raw": "2999-01-31"}, "month", "month_not_in_future", "2999-01-31"),
])
def test_contributor_strength_invalid_frame_names_column_rule_and_value(override, column, rule, value):
    v = _validate(contributors.spec(), [_strength(**override)])
    assert v.valid.is_empty()
    assert v.failures.select("column", "rule", "value").rows() == [(column, rule, value)]


def _place(**kw):
    row = {"mission_raw": "MINUSMA", "year_raw": "2022", "host_country_raw": "Mali", "location": "Gao",
           "latitude_raw": "16.27", "longitude_raw": "-0.04", "unpol_raw": "1", "hq_raw": "2",
           "infantry_raw": "650", "troops_raw": None, "reserve_raw": "0", "medical_raw": "1", "aviation_raw": "0",
           "military_observers_raw": "1", "troops_year_average_raw": "650"}
    row.update(kw)
    return row


def test_police_location_valid_frame():
    v = _validate(locations.spec(["MINUSMA"]), [_place(), _place(host_country_raw="Kosovo", troops_raw="0")])
    assert v.failures.is_empty()
    assert v.valid.select("host_country_iso3", "host_country_match", "unpol", "hq", "troops").rows() == [
        ("MLI", "exact", 1, 2, None), (None, "unmapped", 1, 2, 0)]


@pytest.mark.parametrize("override, column, rule, value", [
    ({"mission_raw": "UNXYZ"}, "mission", "mission_is_known", "UNXYZ"),
    ({"year_raw": "1900"}, "year", "year_is_valid", "1900"),
    ({"latitude_raw": "95.1"}, "latitude", "latitude_is_between_minus_90_and_90", "95.1"),
    ({"longitude_raw": "-0,04"}, "longitude", "longitude_is_between_minus_180_and_180", "-0,04"),
    ({"unpol_raw": "2"}, "unpol", "unpol_flag_is_0_or_1", "2"),
    ({"hq_raw": "4"}, "hq", "hq_level_is_0_to_3", "4"),
    ({"troops_raw": "about 100"}, "troops", "troops_is_whole_number", "about 100"),
])
def test_police_location_invalid_frame_names_column_rule_and_value(override, column, rule, value):
    v = _validate(locations.spec(["MINUSMA"]), [_place(**override)])
    assert v.valid.is_empty()
    assert v.failures.select("column", "rule", "value").rows() == [(column, rule, value)]
