"""Run a pandera polars model and turn its failure cases into rejected rows.

pandera validates an eager frame with ``lazy=True`` (on a LazyFrame it would
check the schema only). Every failure case becomes one reject: the record's
position, the column, the rule (the check's name, a sentence such as
``female_plus_male_equals_total``: see ``schemas/_checks.py``) and the offending
value as published (the ``<column>_raw`` text where the model keeps it). Rows
with no failure go on unchanged.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandera.polars as pa
import polars as pl

REJECT_COLUMNS = {"_rid": pl.UInt32, "column": pl.Utf8, "rule": pl.Utf8, "value": pl.Utf8}


@dataclass
class Validated:
    valid: pl.DataFrame
    failures: pl.DataFrame  # _rid, column, rule, value


def empty_failures() -> pl.DataFrame:
    return pl.DataFrame(schema=REJECT_COLUMNS)


def validate_frame(
    frame: pl.DataFrame, model: type[pa.DataFrameModel], rule_columns: dict[str, str] | None = None
) -> Validated:
    """Validate ``frame`` (which must hold a ``_rid`` column, unique per record).
    ``rule_columns`` names the column each dataframe-level rule is about (each
    schema module's ``RULE_COLUMNS``, derived from its model)."""
    try:
        model.validate(frame, lazy=True)
        return Validated(frame, empty_failures())
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    schema_level = cases.filter(pl.col("index").is_null())
    if schema_level.height:
        # A column missing or of the wrong type is the parser's bug, not bad data.
        raise RuntimeError(f"{model.__name__}: frame does not match its contract:\n{schema_level}")
    rule_columns = rule_columns or {}
    rids = frame["_rid"]
    out_rid, out_col, out_rule, out_val = [], [], [], []
    for ctx, column, check, case, index in cases.select(
        "schema_context", "column", "check", "failure_case", "index"
    ).iter_rows():
        if ctx == "DataFrameSchema":
            column = rule_columns.get(check, column)
            value = _value_from_row(case, column)
        else:
            value = case
        out_rid.append(rids[index])
        out_col.append(column.removesuffix("_raw"))
        out_rule.append(check)
        out_val.append(value)
    failures = pl.DataFrame(
        {"_rid": out_rid, "column": out_col, "rule": out_rule, "value": out_val}, schema=REJECT_COLUMNS
    ).unique(maintain_order=True)
    bad = failures["_rid"].unique()
    return Validated(frame.filter(~pl.col("_rid").is_in(bad.implode())), failures)


def _value_from_row(case: str | None, column: str) -> str | None:
    """Dataframe-level failure cases carry the whole row as JSON: pick the raw
    text of the column the rule is about."""
    if case is None:
        return None
    try:
        row = json.loads(case)
    except (TypeError, ValueError):
        return case
    for key in (f"{column}_raw", column):
        if key in row and row[key] is not None:
            return str(row[key])
    return None
