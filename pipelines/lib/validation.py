"""Run a contract's rules inside DuckDB, where the records are.

The rules are the pandera checks of a model in ``schemas/``, each written once
as an Ibis expression (``schemas/_checks.py``). Two steps:

1. pandera checks that the table has the model's columns and types, through
   its Ibis backend, on an empty table of the same schema: a missing column or
   a wrong type is the parser's bug, not bad data, and fails the run.
2. The records that break a rule are found by SQL that Ibis compiles from the
   same checks: one scan keeps the records that break any rule (none, on the
   pass path), then each rule is filtered on its own condition among those.
   Every failure becomes one row (_rid, column, rule, value): the record, the
   column the rule is about, the rule's name (a sentence such as
   ``female_plus_male_equals_total``) and the value as published (the
   ``<column>_raw`` text where the model keeps it).

pandera's own failure-case frames are not used for rejects: collecting them
costs seconds per million failing rows (issue 16's measurement), filtering on
the condition does not.

A null check result is a pass (pandera's ``ignore_na``, as the polars backend
treated it): whether a value must be there is a rule of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import ibis
import pandera.ibis as pa
import polars as pl
from ibis.backends.sql.datatypes import DuckDBType
from pandera.api.ibis.types import IbisData
from pandera.config import ValidationDepth, config_context

# The columns of a failure (the temp table ``find_failures`` fills).
FAILURE_COLUMNS = {"_rid": pl.Int64, "column": pl.Utf8, "rule": pl.Utf8, "value": pl.Utf8}


@dataclass(frozen=True)
class Rule:
    name: str
    column: str | None  # the column a reject names (``_raw`` stripped)
    ok: ibis.ir.BooleanValue  # true where a record keeps the rule
    value: ibis.ir.StringValue  # the value a reject shows


def table_of(con: duckdb.DuckDBPyConnection, name: str) -> ibis.Table:
    """``name`` (a table of ``con``) as an unbound Ibis table: SQL is compiled
    for it and run on ``con`` itself (an Ibis backend over ``con`` would
    change its session settings, such as the time zone)."""
    columns = con.execute(f"select column_name, column_type from (describe {name})").fetchall()
    schema_name, _, table_name = name.rpartition(".")
    return ibis.table({c: DuckDBType.from_string(t) for c, t in columns}, name=table_name,
                      database=schema_name or None)


def rules(model: type[pa.DataFrameModel], table: ibis.Table, rule_columns: dict[str, str]) -> list[Rule]:
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
        about = rule_columns.get(check.name)
        shown = [c for c in (f"{about}_raw", about) if about and c in table.columns]
        value = ibis.coalesce(*[table[c].cast("string") for c in shown]) if shown else ibis.null("string")
        column = about.removesuffix("_raw") if about else None
        out.append(Rule(check.name, column, check._check_fn(IbisData(table)), value))
    return out


def check_columns(model: type[pa.DataFrameModel], table: ibis.Table) -> None:
    """pandera's schema check (columns, types) of ``table``'s schema, on an
    empty table: raise RuntimeError naming what does not match."""
    columns = {c: t for c, t in table.schema().items() if c != "_rid"}  # _rid: the ingest's bookkeeping
    empty = ibis.duckdb.connect().create_table("records", schema=ibis.schema(columns))
    try:
        with config_context(validation_depth=ValidationDepth.SCHEMA_ONLY):
            model.validate(empty, lazy=True)
    except pa.errors.SchemaErrors as exc:
        raise RuntimeError(f"{model.__name__}: records do not match their contract:\n{exc}") from None


def find_failures(con: duckdb.DuckDBPyConnection, name: str, model: type[pa.DataFrameModel],
                  rule_columns: dict[str, str], into: str = "_failures") -> int:
    """Fill the temp table ``into`` (_rid, column, rule, value) with every rule
    failure of the records in table ``name`` (which has a ``_rid`` column,
    unique per record); return how many there are."""
    table = table_of(con, name)
    check_columns(model, table)
    all_rules = rules(model, table, rule_columns)
    if all_rules:
        keeps_all = ibis.and_(*[r.ok.fill_null(True) for r in all_rules])
        con.execute(f"create or replace temp table _breaks_a_rule as {ibis.to_sql(table.filter(~keeps_all))}")
    else:
        con.execute(f"create or replace temp table _breaks_a_rule as select * from {name} limit 0")
    broken = table_of(con, "_breaks_a_rule")
    parts = [broken.filter(~r.ok.fill_null(True)).select(
        _rid=broken._rid.cast("int64"), column=ibis.literal(r.column, "string"),
        rule=ibis.literal(r.name, "string"), value=r.value)
        for r in rules(model, broken, rule_columns)]
    empty = "select null::bigint as _rid, null::varchar as column, null::varchar as rule, null::varchar as value limit 0"
    sql = ibis.to_sql(ibis.union(*parts, distinct=True)) if parts else empty
    con.execute(f"create or replace temp table {into} as {sql}")
    con.execute("drop table _breaks_a_rule")
    return con.execute(f"select count(*) from {into}").fetchone()[0]


@dataclass
class Validated:
    valid: pl.DataFrame  # the records that keep every rule
    failures: pl.DataFrame  # _rid, column, rule, value


def validate_frame(frame: pl.DataFrame, model: type[pa.DataFrameModel],
                   rule_columns: dict[str, str] | None = None) -> Validated:
    """A polars ``frame`` with a ``_rid`` column checked in an in-memory
    DuckDB, the same way as the ingest's records (tests, notebooks, the
    benchmark definitions)."""
    con = duckdb.connect()
    try:
        con.register("_frame", frame)
        con.execute("create table records as select * from _frame")
        find_failures(con, "records", model, rule_columns or {})
        failures = con.execute("select * from _failures order by _rid, rule").pl().cast(FAILURE_COLUMNS)
    finally:
        con.close()
    return Validated(frame.filter(~pl.col("_rid").is_in(failures["_rid"].implode())), failures)
