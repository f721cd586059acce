"""The contracts' rules: named as sentences, about real columns, built when a
frame is checked. (Each model's own rules: test_schemas.py.)"""

import re
from datetime import date

import pandera.ibis as pa
import polars as pl
import pytest

import schemas._checks as checks
from pipelines.defs.missions import parser as missions
from pipelines.defs.sources import RAW_SOURCES
from pipelines.defs.staffing import parser as staffing
from pipelines.lib.dictionary import pandera_models
from schemas._checks import KEY_IS_UNIQUE, not_in_the_future, one_of
from schemas._records import InboxRecord
from tests.validated import rule_columns, validate_frame

# snake_case, at least two words: "female_plus_male_equals_total", not "isin" or "_fm".
SENTENCE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$")
# Every source an ingest reads, with its contract.
SOURCES = [missions.spec(), staffing.spec([]), *(p.spec([]) for p in RAW_SOURCES.values())]


def _rule_names(model) -> list[str]:
    schema = model.to_schema()
    return [c.name for c in schema.checks] + [c.name for col in schema.columns.values() for c in col.checks]


@pytest.mark.parametrize("model", pandera_models(), ids=lambda m: m.__name__)
def test_every_rule_reads_as_a_sentence(model):
    names = _rule_names(model)
    assert names, f"{model.__name__} has no rules"
    builtin = set(pa.Check.CHECK_FUNCTION_REGISTRY)
    bad = [n for n in names if not SENTENCE.match(n or "") or n in builtin]
    assert not bad, f"{model.__name__}: rules not named as sentences: {bad}"
    assert len(names) == len(set(names)), f"{model.__name__}: a rule name is used twice"


@pytest.mark.parametrize("model", pandera_models(), ids=lambda m: m.__name__)
def test_row_rules_are_about_a_column_of_the_model(model):
    columns = set(model.to_schema().columns)
    assert {rule: about for rule, about in rule_columns(model).items() if about not in columns} == {}


def test_every_inbox_contract_is_a_sources():
    assert {s.model for s in SOURCES} == {m for m in pandera_models() if issubclass(m, InboxRecord)}


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s.domain)
def test_the_key_rule_is_the_ingests_not_a_models(source):
    # The ingest finds key conflicts across all files; a model sees one chunk.
    assert KEY_IS_UNIQUE not in _rule_names(source.model)
    assert source.unique_about in source.model.to_schema().columns


class _Tiny(InboxRecord):
    month_raw: str = pa.Field(nullable=True)
    month: date = pa.Field(nullable=True)
    kind: str = pa.Field(nullable=True)

    month_not_in_future = not_in_the_future("month")
    kind_is_a_or_b = one_of("kind", ["a", "b"])


def _tiny(months: list[date | None], kinds: list[str | None]) -> pl.DataFrame:
    return pl.DataFrame({
        "source_file": "f.csv", "source_row": list(range(1, len(months) + 1)),
        "month_raw": [m.isoformat() if m else None for m in months], "month": months, "kind": kinds,
    }).with_row_index("_rid")


def test_rules_name_the_column_and_value_and_let_nulls_pass():
    v = validate_frame(_tiny([date(2020, 1, 1), None, date(2999, 1, 1)], ["a", None, "c"]), _Tiny)
    assert sorted(v.failures.select("_rid", "column", "rule", "value").rows()) == [
        (2, "kind", "kind_is_a_or_b", "c"), (2, "month", "month_not_in_future", "2999-01-01")]
    assert v.valid["source_row"].to_list() == [1, 2]


def test_a_rule_about_today_reads_the_clock_when_it_checks(monkeypatch):
    frame = _tiny([date(2999, 1, 1)], ["a"])
    assert validate_frame(frame, _Tiny).failures["rule"].to_list() == ["month_not_in_future"]

    class _Later(date):
        @classmethod
        def today(cls):
            return date(3000, 1, 1)

    monkeypatch.setattr(checks, "date", _Later)
    assert validate_frame(frame, _Tiny).failures.is_empty()


class _Counted(InboxRecord):
    count_raw: str = pa.Field(nullable=True)
    count: int = pa.Field(nullable=True)

    count_is_whole_number = checks.parses("count")


def test_a_cell_of_only_white_space_is_empty_not_a_bad_number():
    # Unicode white space (a no-break space, an ideographic space) counts as
    # blank in DuckDB as it did in polars: RE2's \s alone would reject them.
    raws = ["12", " ", "\u00a0", "\u3000\t", "x", None]
    frame = pl.DataFrame({"source_file": "f.csv", "source_row": list(range(1, 7)), "count_raw": raws,
                          "count": [12, None, None, None, None, None]}).with_row_index("_rid")
    v = validate_frame(frame, _Counted)
    assert v.failures.select("_rid", "column", "rule", "value").rows() == [(4, "count", "count_is_whole_number", "x")]


def test_records_without_a_contract_column_are_the_parsers_bug_not_bad_data():
    frame = _tiny([date(2020, 1, 1)], ["a"]).drop("kind")
    with pytest.raises(RuntimeError, match="_Tiny: records do not match their contract"):
        validate_frame(frame, _Tiny)
    wrong_type = _tiny([date(2020, 1, 1)], ["a"]).with_columns(pl.col("month").cast(pl.Utf8))
    with pytest.raises(RuntimeError, match="month"):
        validate_frame(wrong_type, _Tiny)
