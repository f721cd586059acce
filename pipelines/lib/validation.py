"""Run a contract's rules inside DuckDB, on the records as they are read.

The rules are the pandera checks of a model in ``schemas/``, each an Ibis
expression (``schemas/_checks.py``). pandera first checks the columns and types
on an empty table of the same schema (a mismatch is a parser bug and fails the
run); then SQL compiled from the same checks keeps the records that break any
rule, and each rule is filtered among those: one row per failure (_rid, column,
rule, value as published). pandera's own failure cases are not used: collecting
them costs seconds per million failing rows. A null check result is a pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import duckdb
import ibis
import ibis.expr.operations as ops
import pandera.ibis as pa
import polars as pl
from ibis.formats.polars import PolarsSchema
from pandera.api.ibis.types import IbisData
from pandera.config import ValidationDepth, config_context

# The columns of a failure.
FAILURE_COLUMNS = {"_rid": pl.Int64, "column": pl.Utf8, "rule": pl.Utf8, "value": pl.Utf8}
# The view a frame is checked as, and the temp table of the records that break a rule.
RECORDS, BROKEN = "_records", "_breaks_a_rule"


@dataclass(frozen=True)
class Rule:
    name: str
    column: str | None  # the column a reject names (``_raw`` stripped)
    ok: ibis.ir.BooleanValue  # true where a record keeps the rule
    value: ibis.ir.StringValue  # the value a reject shows


def rules(model: type[pa.DataFrameModel], table: ibis.Table) -> list[Rule]:
    """Each check of ``model`` as a :class:`Rule` over ``table``."""
    schema = model.to_schema()
    out = []
    for key, column in schema.columns.items():
        if not column.nullable:  # pandera's own rule name for it
            out.append(Rule("not_nullable", key.removesuffix("_raw"), table[key].notnull(), ibis.null("string")))
        for check in column.checks:
            ok = check._check_fn(IbisData(table, key))
            if check.ignore_na:
                ok = ok | table[key].isnull()
            out.append(Rule(check.name, key.removesuffix("_raw"), ok, table[key].cast("string")))
    for check in schema.checks:
        about = check.statistics["about"]
        shown = [c for c in (f"{about}_raw", about) if c in table.columns]
        value = ibis.coalesce(*[table[c].cast("string") for c in shown]) if shown else ibis.null("string")
        out.append(Rule(check.name, about.removesuffix("_raw"), check._check_fn(IbisData(table)), value))
    return out


class _Layout:
    """A frame layout's rules as SQL: the columns handed over, the query of
    the records that break any rule and, compiled on the first such record
    (most files have none: half the compile time, about 60 ms a layout), the
    query of each rule's failures among them."""

    def __init__(self, model: type[pa.DataFrameModel], schema: ibis.Schema):
        # pandera's schema check (columns, types), which needs no data (_rid: the ingest's bookkeeping).
        columns = {c: t for c, t in schema.items() if c != "_rid"}
        try:
            with config_context(validation_depth=ValidationDepth.SCHEMA_ONLY):
                model.validate(ibis.table(columns, name="records"), lazy=True)
        except pa.errors.SchemaErrors as exc:
            raise RuntimeError(f"{model.__name__}: records do not match their contract:\n{exc}") from None
        self.model, self.schema = model, schema
        table = ibis.table(schema, name=RECORDS)
        all_rules = rules(model, table)
        read = {f.name for r in all_rules for e in (r.ok, r.value) for f in e.op().find(ops.Field)}
        self.needed = [c for c in schema.names if c in read or c == "_rid"]
        keeps_all = ibis.and_(*[r.ok.fill_null(True) for r in all_rules])
        self.breaks_any = ibis.to_sql(table.filter(~keeps_all))

    @cached_property
    def each_rule(self) -> str:
        broken = ibis.table({c: self.schema[c] for c in self.needed}, name=BROKEN)
        parts = [broken.filter(~r.ok.fill_null(True)).select(
            _rid=broken._rid.cast("int64"), column=ibis.literal(r.column, "string"),
            rule=ibis.literal(r.name, "string"), value=r.value)
            for r in rules(self.model, broken)]
        return ibis.to_sql(ibis.union(*parts, distinct=True))


class Checker:
    """A model's rules as SQL, compiled once per frame layout, run by DuckDB
    on a polars frame it reads in place (Arrow): only the columns the rules
    read are handed over."""

    def __init__(self, model: type[pa.DataFrameModel]):
        self.model = model
        self._layouts: dict[tuple, _Layout] = {}

    def failures(self, con: duckdb.DuckDBPyConnection, frame: pl.DataFrame) -> pl.DataFrame:
        """Every rule failure of the records of ``frame`` (which has a ``_rid``
        column, unique per record): _rid, column, rule, value."""
        key = tuple(frame.schema.items())
        if key not in self._layouts:
            self._layouts[key] = _Layout(self.model, PolarsSchema.to_ibis(frame.schema))
        layout = self._layouts[key]
        # Arrow with string views: DuckDB scans them in place (registering the
        # polars frame itself converts its strings, about 4x the CPU).
        con.register(RECORDS, frame.select(layout.needed).to_arrow(compat_level=pl.CompatLevel.newest()))
        try:
            # DuckDB answers "create table ... as" with the number of rows it wrote.
            broken = con.execute(f"create or replace temp table {BROKEN} as {layout.breaks_any}").fetchone()[0]
        finally:
            con.unregister(RECORDS)
        try:
            if not broken:
                return pl.DataFrame(schema=FAILURE_COLUMNS)
            return con.execute(layout.each_rule).pl().cast(FAILURE_COLUMNS).sort("_rid", "rule")
        finally:
            con.execute(f"drop table {BROKEN}")


def failures_of(frame: pl.DataFrame, model: type[pa.DataFrameModel]) -> pl.DataFrame:
    """Every rule failure of a polars ``frame`` (with a ``_rid`` column), checked in an in-memory DuckDB."""
    with duckdb.connect() as con:
        return Checker(model).failures(con, frame)
