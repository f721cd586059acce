"""Contract for benchmark definitions (warehouse/benchmarks.toml)."""

from __future__ import annotations

from datetime import date

import pandera.ibis as pa
from ibis import _

from schemas._checks import not_negative, one_of, row_rule, snake_case, value_rule

# A benchmark scores an indicator (one file each in warehouse/indicators/,
# docs/indicators.md): the contract checks the id's form; the loader
# (pipelines/defs/performance/assets.py) checks that the indicator exists, so
# adding an indicator makes it scorable with no change here.


class BenchmarkDefinition(pa.DataFrameModel):
    """A benchmark of warehouse/benchmarks.toml: grain benchmark_id."""

    benchmark_id: str
    title: str
    metric: str
    scope: str
    comparison: str
    threshold: float
    threshold_kind: str
    baseline_month: date = pa.Field(nullable=True)
    applies_from: date = pa.Field(nullable=True)
    deadline: date = pa.Field(nullable=True)
    source: str
    is_un_target: bool

    benchmark_id_is_unique = value_rule("benchmark_id", lambda c: c.count().over(group_by=c) == 1)
    benchmark_id_is_snake_case = snake_case("benchmark_id")
    metric_is_snake_case = snake_case("metric")
    scope_is_mission_or_system = one_of("scope", ["mission", "system"])
    comparison_is_at_least_or_at_most = one_of("comparison", [">=", "<="])
    threshold_not_negative = not_negative("threshold")
    threshold_kind_is_known = one_of("threshold_kind", ["absolute", "multiple_of_baseline", "target_for_year"])
    # A citation, not a placeholder: at least ten characters.
    source_is_cited = value_rule("source", lambda c: c.length() >= 10)
    set_before_its_deadline = row_rule(
        lambda: _.applies_from.isnull() | _.deadline.isnull() | (_.applies_from <= _.deadline), about="applies_from")
    baseline_given_for_multiple = row_rule(
        lambda: (_.threshold_kind != "multiple_of_baseline") | _.baseline_month.notnull(),
        about="baseline_month")

    class Config:
        strict = True
        coerce = True
