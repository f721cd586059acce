"""The contracts of the audit tables (warehouse/checks/assert_*.sql on
audit.*): each passes on rows the pipeline writes and fails on the row that
breaks it."""

import duckdb
import pytest

from pipelines.lib.sql_models import discover_checks, run_check

RUN, OLD = "run-1", "run-0"
CHECKS = {c.name: c for c in discover_checks() if c.asset[0] == "audit"}

SETUP = f"""
create schema audit;
create schema marts;
create table marts.fct_police_deployment (month date);
create table audit.inbox_files (run_id varchar, relpath varchar);
insert into audit.inbox_files values ('{RUN}', 's.csv');
create table audit.ingest_ledger (
    run_id varchar, domain varchar, source_file varchar, rows_read bigint, rows_loaded bigint,
    rows_rejected bigint, rows_duplicate bigint, rows_total bigint, records_loaded bigint,
    records_rejected bigint, records_duplicate bigint, records_superseded bigint, blank_lines bigint,
    file_refused boolean);
insert into audit.ingest_ledger values ('{RUN}', 'staffing', 's.csv', 10, 6, 2, 1, 1, 6, 2, 1, 0, 0, false);
create table audit.rejects (
    run_id varchar, domain varchar, source_file varchar, source_row bigint, column_name varchar,
    rule varchar, value varchar, message varchar);
insert into audit.rejects values
    ('{RUN}', 'staffing', 's.csv', 3, 'female', 'female_is_whole_number', 'x', 's.csv row 3: ...'),
    ('{RUN}', 'inbox', 'notes.txt', null, null, 'format_recognised', null, 'notes.txt: no format');
create table audit.file_months (sha256 varchar, domain varchar, month date);
insert into audit.file_months values ('ab12', 'staffing', '2020-01-01'), ('ab12', 'staffing', '2020-02-01');
create table audit.model_builds (schema_name varchar, table_name varchar, fingerprint varchar,
    built_at timestamptz);
insert into audit.model_builds values ('marts', 'fct_police_deployment', 'f1', now());
create table audit.processed_files (run_id varchar, relpath varchar, sha256 varchar);
insert into audit.processed_files values ('{RUN}', 's.csv', 'ab12'), ('{OLD}', 's.csv', 'ab12');
"""

BREAKS = {
    "assert_ingest_ledger_rows_add_up": [
        f"insert into audit.ingest_ledger values ('{RUN}', 'training', 't.csv', 10, 6, 2, 1, 0, 6, 2, 1, 0, 0, false)",
        f"insert into audit.ingest_ledger values ('{RUN}', 'training', 't.csv', 0, 1, -1, 0, 0, 0, 0, 0, 0, 0, false)",
    ],
    "assert_ingest_ledger_one_row_per_file": [
        f"insert into audit.ingest_ledger select * from audit.ingest_ledger where run_id = '{RUN}'",
    ],
    "assert_rejects_name_file_and_rule": [
        f"insert into audit.rejects values ('{RUN}', 'training', 's.csv', 4, 'category', "
        "'isin([''a'', ''b''])', 'c', 'm')",
        f"insert into audit.rejects values ('{RUN}', 'staffing', 's.csv', 4, 'female', '_fm', 'c', 'm')",
        f"insert into audit.rejects values ('{RUN}', 'staffing', null, 4, 'female', 'count_present', 'c', 'm')",
    ],
    "assert_rejects_files_in_ledger": [
        f"insert into audit.rejects values ('{RUN}', 'training', 't.csv', 2, 'trainees', "
        "'trainees_is_whole_number', 'x', 'm')",
    ],
    "assert_file_months_listed_once": [
        "insert into audit.file_months values ('ab12', 'staffing', '2020-01-01')",
        "insert into audit.file_months values ('cd34', 'staffing', '2020-01-15')",
    ],
    "assert_model_builds_one_per_table": [
        "insert into audit.model_builds values ('marts', 'fct_police_deployment', 'f2', now())",
        "insert into audit.model_builds values ('marts', 'fct_gone', 'f1', now())",
    ],
    "assert_processed_files_one_row_per_run_and_file": [
        f"insert into audit.processed_files values ('{RUN}', 's.csv', 'ab12')",
        f"insert into audit.processed_files values ('{RUN}', 't.csv', null)",
    ],
}


@pytest.fixture
def con():
    c = duckdb.connect()
    c.execute(SETUP)
    yield c
    c.close()


def test_every_audit_contract_is_exercised():
    assert set(CHECKS) == set(BREAKS)
    assert all(c.blocking for c in CHECKS.values())


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_audit_contract_holds_on_good_rows(con, name):
    assert run_check(con, CHECKS[name]) == (0, "")


@pytest.mark.parametrize(("name", "bad"), [(n, b) for n, bs in sorted(BREAKS.items()) for b in bs])
def test_audit_contract_fails_on_the_row_that_breaks_it(con, name, bad):
    con.execute(bad)
    failing, sample = run_check(con, CHECKS[name])
    assert failing >= 1 and sample


def test_run_scoped_contracts_leave_earlier_runs_alone(con):
    # A row of an earlier run (not the run that built the warehouse) does not
    # block this one: history is not rewritten by a later run.
    con.execute(f"insert into audit.ingest_ledger values ('{OLD}', 'training', 't.csv', 9, 1, 0, 0, 0, 1, 0, 0, 0, 0, false)")
    con.execute(f"insert into audit.rejects values ('{OLD}', 'training', 'gone.csv', 1, 'x', 'isin([1])', 'v', 'm')")
    for name in ("assert_ingest_ledger_rows_add_up", "assert_rejects_name_file_and_rule", "assert_rejects_files_in_ledger"):
        assert run_check(con, CHECKS[name]) == (0, ""), name
