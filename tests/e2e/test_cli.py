"""The `unpol` command as a user meets it: exit codes and messages (subprocess)."""

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
def test_run_exit_codes_published_then_rejected(tmp_path, inbox):
    wh = tmp_path / "wh" / "u.duckdb"
    (inbox / "s.csv").write_text(HEADER + "1,BGD,,Bangladesh,MINUSMA,Individual Police,1,2,31-Mar-14\n")
    ok = unpol("run", "--plain", "--inbox", str(inbox), "--warehouse", str(wh))
    assert ok.returncode == 0, ok.stderr
    assert f"published {wh}" in ok.stdout and "1 loaded + 0 rejected" in ok.stdout
    before = wh.read_bytes()

    (inbox / "s.csv").write_text(HEADER + "1,,,Atlantis,MINUSMA,Individual Police,1,2,31-Mar-14\n"
                                 "2,BGD,,Bangladesh,MINUSMA,Individual Police,1,2,31-Mar-14\n")
    bad = unpol("run", "--plain", "--inbox", str(inbox), "--warehouse", str(wh))
    assert bad.returncode == 3, bad.stderr
    assert "s.csv row 1: column Contributing_Country breaks rule country_maps_to_iso3 (value: Atlantis)" in bad.stdout
    assert "check failed: staffing_reject_share_within_threshold" in bad.stderr
    assert "not published" in bad.stderr and "Traceback" not in bad.stderr
    assert wh.read_bytes() == before

    q = unpol("query", "select contributing_country_iso3, total from marts.fct_police_deployment",
              "--warehouse", str(wh))
    assert q.returncode == 0 and "BGD" in q.stdout and "(1 rows)" in q.stdout


def test_usage_errors_exit_2(tmp_path):
    r = unpol("run", "--month", "2014-13", "--warehouse", str(tmp_path / "wh.duckdb"))
    assert r.returncode == 2, r.stderr
    # A missing inbox is refused input (issue 13: a share that did not mount), not a usage error.
    r = unpol("run", "--inbox", str(tmp_path / "missing"), "--warehouse", str(tmp_path / "wh.duckdb"))
    assert r.returncode == 3 and "does not exist or is not a folder" in r.stderr and "not published" in r.stderr
    r = unpol("query", "select 1", "--warehouse", str(tmp_path / "none.duckdb"))
    assert r.returncode == 1 and "no published warehouse" in r.stderr
