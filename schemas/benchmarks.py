"""Contract for benchmark definitions (warehouse/benchmarks.toml)."""

from __future__ import annotations

from datetime import date

import pandera.polars as pa
import polars as pl

METRICS = ["female_share_ipo", "female_share_fpu", "female_share_police", "female_police",
           "police_deployed", "ceiling_fill_rate"]


class BenchmarkDefinition(pa.DataFrameModel):
    benchmark_id: str = pa.Field(unique=True, str_matches=r"^[a-z][a-z0-9_]*$")
    title: str
    metric: str = pa.Field(isin=METRICS)
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
