"""The `unpol` command as a user meets it: exit codes and messages (subprocess)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

UNPOL = str(Path(sys.executable).parent / "unpol")
HEADER = ("Contribution_ID,ISOCode3,M49_Code,Contributing_Country,Mission_Acronym,Personnel_Type,"
          "Female_Personnel,Male_Personnel,Last_Reporting_Date\n")


def unpol(*args, env=None):
    return subprocess.run([UNPOL, *args], capture_output=True, text=True, timeout=600, env=env)


@pytest.mark.slow
def test_run_exit_codes_published_then_rejected(tmp_path, inbox, command_run):
    # Published: the session's `unpol run --plain` on the bundled inbox exited 0 (command_run asserts it).
    assert f"published {command_run.warehouse}" in command_run.output
    assert "1,491 loaded + 0 rejected" in command_run.output
    shutil.copytree(command_run.warehouse.parent, tmp_path / "wh", symlinks=True)
    wh = tmp_path / "wh" / command_run.warehouse.name
    before = wh.read_bytes()

    (inbox / "s.csv").write_text(HEADER + "1,,,Atlantis,MINUSMA,Individual Police,1,2,31-Mar-14\n"
                                 "2,BGD,,Bangladesh,MINUSMA,Individual Police,1,2,31-Mar-14\n")
    bad = unpol("run", "--plain", "--inbox", str(inbox), "--warehouse", str(wh))
    assert bad.returncode == 3, bad.stderr
    assert "s.csv row 1: column Contributing_Country breaks rule country_maps_to_iso3 (value: Atlantis)" in bad.stdout
    assert "check failed: staffing_reject_share_within_threshold" in bad.stderr
    assert "not published" in bad.stderr and "Traceback" not in bad.stderr
    assert wh.read_bytes() == before

    q = unpol("query", "select contributing_country_iso3, sum(total) from marts.fct_police_deployment "
              "where contributing_country_iso3 = 'BGD' group by all", "--warehouse", str(wh))
    assert q.returncode == 0 and "BGD" in q.stdout and "(1 row)" in q.stdout


def test_usage_errors_exit_2(tmp_path):
    r = unpol("run", "--month", "2014-13", "--warehouse", str(tmp_path / "wh.duckdb"))
    assert r.returncode == 2, r.stderr
    # A missing inbox is refused input (issue 13: a share that did not mount), not a usage error.
    r = unpol("run", "--inbox", str(tmp_path / "missing"), "--warehouse", str(tmp_path / "wh.duckdb"))
    assert r.returncode == 3 and "does not exist or is not a folder" in r.stderr and "not published" in r.stderr
    r = unpol("query", "select 1", "--warehouse", str(tmp_path / "none.duckdb"))
    assert r.returncode == 1 and "no published warehouse" in r.stderr


# --- user errors: one line, no traceback, the documented exit code -------------

@pytest.fixture
def empty_warehouse(tmp_path):
    import duckdb

    path = tmp_path / "empty.duckdb"
    duckdb.connect(str(path)).close()
    return path


def _one_clean_line(r, code, text):
    assert r.returncode == code, (r.returncode, r.stderr)
    assert "Traceback" not in r.stderr and text in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr


def test_missing_sql_file_is_a_usage_error(tmp_path, empty_warehouse):
    r = unpol("query", f"@{tmp_path / 'nope.sql'}", "--warehouse", str(empty_warehouse))
    _one_clean_line(r, 2, "cannot read the SQL file")


@pytest.mark.parametrize(("variable", "value"), [
    ("UNPOL_MAX_REJECT_SHARE", "ten"),
    ("UNPOL_MAX_REJECT_SHARE", "1.5"),
    ("UNPOL_SENSOR_INTERVAL_S", "0"),
    ("UNPOL_AUTOMATION", "maybe"),
    ("UNPOL_SCHEDULE_CRON", "every tuesday"),  # a 39-line traceback from `run` before it was checked here
    ("UNPOL_LOCK_TIMEOUT_S", "inf"),
])
def test_bad_setting_names_the_variable(empty_warehouse, variable, value):
    import os

    for command in (["tables", "--warehouse", str(empty_warehouse)], ["run", "--plain"]):
        r = unpol(*command, env={**os.environ, variable: value})
        _one_clean_line(r, 2, f"{variable}={value}")


def test_a_port_out_of_range_is_a_usage_error():
    r = unpol("serve", "--port", "70000")  # OverflowError from bind() before it was checked
    assert r.returncode == 2 and "argument --port: 70000 is out of range (1 .. 65535)" in r.stderr, r.stderr
    assert "Traceback" not in r.stderr


def test_damaged_warehouse_file(tmp_path):
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"this is not a database" * 1000)
    for command in (["query", "select 1"], ["tables"], ["export", "--parquet", str(tmp_path / "out")]):
        r = unpol(*command, "--warehouse", str(bad))
        _one_clean_line(r, 1, f"cannot open {bad} as a DuckDB warehouse")


def test_reader_closing_the_pipe(empty_warehouse):
    p = subprocess.Popen([UNPOL, "query", "select range from range(300000)", "--max-rows", "300000",
                          "--warehouse", str(empty_warehouse)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdout.readline()  # like `| head -1`
    p.stdout.close()
    err = p.stderr.read().decode()
    assert p.wait(timeout=120) == 141 and "Traceback" not in err and err == "", err


@pytest.mark.parametrize(("args", "text"), [
    (["run", "--months", "2014-05..2014-01"], "the first month is after the last"),
    (["run", "--month", "1980-01"], "not a staffing month partition"),
    (["run", "--max-reject-share", "5"], "bad setting --max-reject-share 5.0: Input should be less than or equal to 1"),
])
def test_bad_run_arguments(args, text):
    _one_clean_line(unpol(*args, "--plain"), 2, text)


def test_other_query_failures(tmp_path, empty_warehouse):
    r = unpol("query", "select * from no_such_table", "--warehouse", str(empty_warehouse))
    assert r.returncode == 1 and "query failed" in r.stderr and "Traceback" not in r.stderr
    # Outside the warehouse's folder (a result is never written into it).
    out = tmp_path.parent / f"{tmp_path.name}_out" / "no" / "dir" / "x.csv"
    r = unpol("query", "select 1", "--csv", str(out), "--warehouse", str(empty_warehouse))
    _one_clean_line(r, 1, "No such file or directory")
    r = unpol("tables", "--warehouse", str(tmp_path / "none.duckdb"))
    _one_clean_line(r, 1, "no published warehouse")


def test_version():
    r = unpol("--version")
    assert r.returncode == 0 and r.stdout.startswith("unpol ") and r.stdout.split()[1][0].isdigit()


def test_two_warehouses_never_share_a_folder(tmp_path, empty_warehouse):
    # empty_warehouse is tmp_path/empty.duckdb: its report and exports would be overwritten.
    r = unpol("run", "--plain", "--warehouse", str(tmp_path / "second.duckdb"))
    _one_clean_line(r, 2, "already holds the warehouse empty.duckdb")
    assert not (tmp_path / "reports").exists() and not (tmp_path / "second.duckdb").exists()


def test_serve_on_a_port_in_use(tmp_path):
    import os
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        r = unpol("serve", "--port", str(port), env={**os.environ, "DAGSTER_HOME": str(tmp_path / "home")})
    _one_clean_line(r, 2, f"cannot serve on 127.0.0.1:{port}")


def test_refused_file_is_short_and_names_its_cause(tmp_path, inbox):
    (inbox / "mystery.csv").write_text("a,b,c\n" + "x" * 5000 + ",1,2\n")
    r = unpol("run", "--plain", "--inbox", str(inbox), "--warehouse", str(tmp_path / "wh" / "u.duckdb"))
    assert r.returncode == 3, r.stderr
    assert "Traceback" not in r.stderr and "rejected over the threshold" not in r.stderr
    assert "mystery.csv" in r.stderr and "matches no known format" in r.stderr
    assert max(len(line) for line in r.stderr.splitlines()) < 400, r.stderr
