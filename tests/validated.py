"""A contract's verdict on a frame, for tests: the records that keep every
rule and the failures (``pipelines/lib/validation.py``)."""

from __future__ import annotations

from dataclasses import dataclass

import pandera.ibis as pa
import polars as pl

from pipelines.lib.validation import failures_of


@dataclass
class Validated:
    valid: pl.DataFrame  # the records that keep every rule
    failures: pl.DataFrame  # _rid, column, rule, value


def validate_frame(frame: pl.DataFrame, model: type[pa.DataFrameModel]) -> Validated:
    failures = failures_of(frame, model)
    return Validated(frame.filter(~pl.col("_rid").is_in(failures["_rid"].implode())), failures)
