"""Layer 2: each pandera model with one valid and one invalid frame.

Frames are built through the domain's normaliser (text in, typed columns out),
so a failed cast shows up as the rule the model names, with the raw text."""

from datetime import date

import polars as pl
import pytest

from pipelines.defs.missions import parser as missions
from pipelines.defs.performance.assets import load_definitions
from pipelines.defs.police_ceilings import parser as ceilings
from pipelines.defs.reported_figures import parser as figures
from pipelines.defs.staffing import parser as staffing
from pipelines.defs.training import parser as training
from tests.validated import validate_frame

KNOWN = ["MINUSMA", "UNAMID", "MINUSTAH"]


def _validate(spec, rows: list[dict]):
    frame = pl.DataFrame(rows, schema={k: pl.Utf8 for k in rows[0]}).with_columns(
        pl.lit("f.csv").alias("source_file"), pl.lit("fmt").alias("source_format"),
        pl.int_range(1, len(rows) + 1, dtype=pl.Int64).alias("source_row"),
    )
    frame = spec.normalize(frame).with_row_index("_rid").with_columns(pl.col("_rid").cast(pl.Int64))
    return validate_frame(frame, spec.model)


def _staff(**kw):
    row = {"month_raw": "2014-03-31", "mission_raw": "MINUSMA", "country_raw": "Bangladesh",
           "country_iso3_raw": "BGD", "personnel_type_raw": "Individual Police", "female_raw": "3",
           "male_raw": "7", "total_raw": "10", "row_kind": "detail", "citation": None}
    row.update(kw)
    return row


def test_staffing_valid_frame():
    v = _validate(staffing.spec(KNOWN), [_staff(), _staff(country_raw="Cote d Ivoire", country_iso3_raw=None)])
    assert v.failures.is_empty()
    assert v.valid["country_iso3"].to_list() == ["BGD", "CIV"]
    assert v.valid["month"].to_list() == [date(2014, 3, 1)] * 2


@pytest.mark.parametrize(
    ("override", "column", "rule", "value"),
    [
        ({"female_raw": "x"}, "female", "female_is_whole_number", "x"),
        ({"male_raw": "-2"}, "male", "male_is_whole_number", "-2"),
        ({"total_raw": "11"}, "total", "female_plus_male_equals_total", "11"),
        ({"month_raw": "2014-02-30"}, "month", "date_is_valid", "2014-02-30"),
        ({"month_raw": "2999-01-31"}, "month", "month_not_in_future", "2999-01-31"),
        ({"mission_raw": "UNKNOWNMISSION"}, "mission", "mission_is_known", "UNKNOWNMISSION"),
        ({"country_raw": "Atlantis", "country_iso3_raw": None}, "country", "country_maps_to_iso3", "Atlantis"),
        ({"personnel_type_raw": "Astronauts"}, "personnel_type", "personnel_type_is_known", "Astronauts"),
    ],
)
def test_staffing_invalid_frame_names_column_rule_and_value(override, column, rule, value):
    v = _validate(staffing.spec(KNOWN), [_staff(), _staff(**override)])
    assert v.valid.height == 1  # the good row goes on
    got = v.failures.select("column", "rule", "value").rows()
    assert (column, rule, value) in got


def test_missions_valid_and_invalid():
    ok = {"mission_raw": "MINUSMA", "mission_name": "x", "is_active": None, "start_date_raw": "2013-04-25",
          "end_date_raw": "2023-12-31", "hq_location": None}
    spec = missions.spec()
    assert _validate(spec, [ok]).failures.is_empty()
    bad = _validate(spec, [ok | {"mission_raw": "UNAMID", "end_date_raw": "2001-01-01"}])
    assert bad.failures["rule"].to_list() == ["end_not_before_start"]


def test_ceilings_valid_and_invalid():
    ok = {"mission_raw": "MINUSMA", "personnel_scope": "police_total", "authorized_strength_raw": "1,920",
          "effective_from_raw": "2016-06-29", "set_by": "S/RES/2295 (2016)", "citation": "S/RES/2295 (2016)",
          "verified_against": None, "note": None}
    spec = ceilings.spec(KNOWN)
    v = _validate(spec, [ok])
    assert v.failures.is_empty() and v.valid["authorized_strength"].to_list() == [1920]
    bad = _validate(spec, [ok | {"authorized_strength_raw": "lots", "citation": None}])
    assert set(bad.failures["rule"]) == {"authorized_strength_is_whole_number", "citation_present"}


def test_training_valid_and_invalid():
    ok = {"mission_raw": "MINUSMA", "period_start_raw": "2017-01-01", "period_end_raw": "2017-03-31",
          "topic": "investigation", "trainee_kind": None, "trainees_raw": "40", "trainees_female_raw": "12",
          "citation": "doc", "is_illustrative_raw": "true", "note": None}
    spec = training.spec(KNOWN)
    assert _validate(spec, [ok]).failures.is_empty()
    bad = _validate(spec, [ok | {"trainees_female_raw": "41"}])
    assert bad.failures["rule"].to_list() == ["female_not_more_than_trainees"]


def test_reported_figures_valid_and_invalid():
    ok = {"figure_id": "a", "mission_raw": "ALL", "indicator": "police_deployed", "category": "staffing",
          "metric": "police_deployed", "value_raw": "11,000", "unit": "persons", "qualifier": "more_than",
          "period_start_raw": "2017-11-06", "period_end_raw": "2017-11-06", "document": "SC/13056",
          "locator": "speaker", "description": None, "is_illustrative_raw": "false"}
    spec = figures.spec(KNOWN)
    v = _validate(spec, [ok])
    assert v.failures.is_empty() and v.valid["value"].to_list() == [11000.0]
    bad = _validate(spec, [ok | {"category": "gossip", "document": None}])
    assert set(bad.failures.select("column", "rule", "value").rows()) == {
        ("category", "category_is_known", "gossip"), ("document", "document_present", None)}


def test_benchmark_definitions_valid_and_invalid(tmp_path):
    assert load_definitions().height >= 3
    bad = tmp_path / "b.toml"
    bad.write_text('[[benchmark]]\nid = "x"\ntitle = "t"\nmetric = "happiness"\nscope = "mission"\n'
                   'threshold = 1\nsource = "a source text"\n')
    with pytest.raises(ValueError, match="benchmark x: column metric breaks metric_is_an_indicator"):
        load_definitions(bad)
