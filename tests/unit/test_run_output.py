"""What `unpol run` and the other commands print: values as a person reads
them (a check's details included), singular and plural right, and no table
list after an interrupted run."""

from __future__ import annotations

from datetime import UTC, date, datetime

import duckdb
import pytest

from pipelines.cli.exit_codes import EXIT_INTERRUPTED, RunOutcome
from pipelines.cli.outcome import RunEvents
from pipelines.cli.output import print_summary, print_table
from pipelines.cli.run import report
from pipelines.lib.readable import plural, readable, row_text
from pipelines.lib.sql_models import SqlCheck, run_check
from pipelines.lib.warehouse import Warehouse
from pipelines.settings import Settings


@pytest.mark.parametrize(("value", "text"), [
    (date(2016, 11, 1), "2016-11-01"),
    (datetime(2016, 11, 1, 6, 30, tzinfo=UTC), "2016-11-01 06:30:00+00:00"),
    (None, "NULL"),
    (0.4545, "0.4545"),
    (1448.0, "1,448"),
    ("MINUSMA", "MINUSMA"),
])
def test_values_read_as_a_person_reads_them(value, text):
    assert readable(value) == text


@pytest.mark.parametrize(("n", "text"), [(0, "0 rows"), (1, "1 row"), (2, "2 rows"), (1448, "1,448 rows")])
def test_plural(n, text):
    assert plural(n, "row") == text


def test_a_sql_checks_details_show_dates_as_dates():
    con = duckdb.connect()
    con.execute("create schema marts; create table marts.x (n int)")  # the checked table exists
    check = SqlCheck(name="assert_x", asset=("marts", "x"), blocking=False, description="",
                     body="select 'MINUSMA' as mission, date '2016-11-01' as month, null as end_date")
    assert run_check(con, check) == (1, "mission=MINUSMA, month=2016-11-01, end_date=NULL")
    assert row_text(("a", "b"), (date(2014, 8, 1), None)) == "a=2014-08-01, b=NULL"


def test_one_row_is_one_row(capsys):
    print_table(["n"], [(1,)], max_rows=50)
    assert capsys.readouterr().out.endswith("(1 row)\n")
    con = duckdb.connect()
    con.execute("create schema marts; create table marts.one as select 1 as n")
    print_summary(con, "run")
    assert "marts.one" in (out := capsys.readouterr().out) and " 1 row\n" in out


def test_an_interrupted_run_prints_no_table_list(tmp_path, capsys):
    settings = Settings(inbox=tmp_path, warehouse=tmp_path / "wh" / "unpol.duckdb")
    workspace = Warehouse(settings.warehouse).workspace
    workspace.parent.mkdir(parents=True)
    con = duckdb.connect(str(workspace))
    con.execute("create schema marts; create table marts.fct_half_built as select 1 as n")
    con.close()
    events = RunEvents(RunOutcome(interrupted=True, run_failed=True))
    assert report("run-1", events, settings, 3.0) == EXIT_INTERRUPTED
    out, err = capsys.readouterr()
    assert "tables built" not in out and "fct_half_built" not in out
    assert "interrupted after 3.0 s; the published warehouse is unchanged" in err


def test_a_refused_file_over_the_reject_limit_says_why_not_a_share():
    from pipelines.defs.factories.raw import over_limit_line

    assert (over_limit_line("late.csv", 0, 0, True, "file refused: not text after row 9")
            == "late.csv: refused: not text after row 9")
    assert over_limit_line("s.csv", 5, 3, False, None) == "s.csv: 3 of 5 rows rejected (60.0%)"
