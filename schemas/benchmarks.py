"""Contract for benchmark definitions (warehouse/benchmarks.toml)."""

from __future__ import annotations

from datetime import date

import pandera.polars as pa
import polars as pl

# A benchmark scores an indicator (one file each in warehouse/indicators/,
# docs/indicators.md): the contract checks the id's form; the loader
# (pipelines/defs/performance/assets.py) checks that the indicator exists, so
# adding an indicator makes it scorable with no change here.


class BenchmarkDefinition(pa.DataFrameModel):
    benchmark_id: str = pa.Field(unique=True, str_matches=r"^[a-z][a-z0-9_]*$")
    title: str
    metric: str = pa.Field(str_matches=r"^[a-z][a-z0-9_]*$")
    scope: str = pa.Field(isin=["mission", "system"])
    comparison: str = pa.Field(isin=[">=", "<="])
    threshold: float = pa.Field(ge=0)
    threshold_kind: str = pa.Field(isin=["absolute", "multiple_of_baseline", "target_for_year"])
    baseline_month: date = pa.Field(nullable=True)
    deadline: date = pa.Field(nullable=True)
    source: str = pa.Field(str_length={"min_value": 10})
    is_un_target: bool

    @pa.dataframe_check(name="baseline_given_for_multiple")
    def _baseline(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(
            (pl.col("threshold_kind") != "multiple_of_baseline") | pl.col("baseline_month").is_not_null()
        )

    class Config:
        strict = True
        coerce = True
