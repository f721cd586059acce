"""A contract's verdict on a frame, for tests: the records that keep every
rule and the failures (``pipelines/lib/validation.py``); the column each row
rule is about."""

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


def rule_columns(model: type[pa.DataFrameModel]) -> dict[str, str]:
    """Each row rule of ``model`` (inherited ones included) -> the column it is
    about (``schemas/_checks.py`` puts it on the check as a statistic)."""
    return {check.name: check.statistics["about"] for check in model.to_schema().checks}
