"""The staffing contract checks a table inside PostgreSQL through the same
pandera model the ingest runs in DuckDB (issue 16).

The rules of ``schemas/`` are Ibis expressions (``schemas/_checks.py``), so the
records need not leave the engine that holds them: here pandera's Ibis backend
validates a PostgreSQL table, and the rules compiled for PostgreSQL find the
same failures, row for row, as the ingest's DuckDB query on the same records.
Needs a PostgreSQL server (tests/pg_server.py finds or starts one)."""

from __future__ import annotations

import uuid

import ibis
import pandera.ibis as pa
import polars as pl
import psycopg
import pytest
from psycopg import sql

from pipelines.defs.staffing import parser as staffing
from pipelines.lib.validation import rules
from schemas.staffing import StaffingRecord
from tests.validated import validate_frame

pytestmark = pytest.mark.postgres

KNOWN = ["MINUSMA", "UNAMID"]
GOOD = {"month_raw": "2014-03-31", "mission_raw": "MINUSMA", "country_raw": "Bangladesh",
        "country_iso3_raw": "BGD", "personnel_type_raw": "Individual Police", "female_raw": "3",
        "male_raw": "7", "total_raw": "10", "row_kind": "detail", "citation": None}
# Each bad record breaks one rule: (what differs from GOOD, the rule).
BAD = [
    ({"total_raw": "11"}, "female_plus_male_equals_total"),
    ({"mission_raw": "UNKNOWNMISSION"}, "mission_is_known"),
    ({"country_raw": "Atlantis", "country_iso3_raw": None}, "country_maps_to_iso3"),
    ({"female_raw": "x"}, "female_is_whole_number"),
    ({"month_raw": "2999-01-31"}, "month_not_in_future"),
]


def _records() -> pl.DataFrame:
    rows = [GOOD] + [GOOD | change for change, _ in BAD]
    frame = pl.DataFrame(rows, schema={k: pl.Utf8 for k in GOOD}).with_columns(
        pl.lit("f.csv").alias("source_file"), pl.lit("un_psdata_staffing_long").alias("source_format"),
        pl.int_range(1, len(rows) + 1, dtype=pl.Int64).alias("source_row"))
    return staffing.spec(KNOWN).normalize(frame).with_row_index("_rid").with_columns(pl.col("_rid").cast(pl.Int64))


@pytest.fixture
def pg(pg_admin_dsn):
    """An Ibis connection to a throwaway database of the test server."""
    admin = psycopg.connect(pg_admin_dsn, autocommit=True, connect_timeout=5)
    name = f"unpol_contract_{uuid.uuid4().hex[:10]}"
    admin.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
    info = psycopg.conninfo.conninfo_to_dict(pg_admin_dsn)
    con = ibis.postgres.connect(host=info.get("host", "127.0.0.1"), port=int(info.get("port", 5432)),
                                user=info.get("user"), password=info.get("password"), database=name)
    try:
        yield con
    finally:
        con.disconnect()
        admin.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name)))
        admin.close()


def test_pandera_validates_a_postgres_table_with_the_staffing_model(pg):
    table = pg.create_table("staffing_records", _records())
    assert table.get_backend().name == "postgres"
    with pytest.raises(pa.errors.SchemaErrors) as caught:
        StaffingRecord.validate(table, lazy=True)
    broken = set(caught.value.failure_cases["check"])
    assert {rule for _, rule in BAD} <= broken
    # The good record alone keeps every rule.
    StaffingRecord.validate(table.filter(table._rid == 0), lazy=True)


def test_the_rules_find_the_same_failures_in_postgres_as_in_duckdb(pg):
    records = _records()
    table = pg.create_table("staffing_records", records)
    found = set()
    for rule in rules(StaffingRecord, table):
        failing = table.filter(~rule.ok.fill_null(True)).select("_rid", value=rule.value).to_polars()
        found |= {(rid, rule.column, rule.name, value) for rid, value in failing.iter_rows()}
    in_duckdb = set(validate_frame(records, StaffingRecord).failures.iter_rows())
    assert found == in_duckdb
    assert {(rid, rule) for rid, _, rule, _ in found} == {(i, rule) for i, (_, rule) in enumerate(BAD, start=1)}
