"""Odd inbox entries beside the bundled files, through ``unpol run``: each is
a refused file in ``audit.inbox_files`` with its reason (exit 3, the release
unchanged), and a byte-identical copy is recorded as one and the run
publishes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.cli import main
from pipelines.cli.run import short
from pipelines.lib.releases import Releases
from tests.integration.test_releases import tree_digest

UNPOL = Path(sys.executable).with_name("unpol")
STAFFING = "staffing_police_2013-09_2014-08.csv"
COPY = "staffing_police_2013-09_2014-08 (1).csv"


@pytest.fixture
def published(bundled_copy):
    return bundled_copy


def test_odd_entries_are_refused_and_the_release_is_unchanged(published, bundled_inbox, tmp_path, query):
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copyfile(bundled_inbox / STAFFING, outside / "more.csv")
    (bundled_inbox / "share").symlink_to(outside, target_is_directory=True)
    (bundled_inbox / "by_year").mkdir()
    (bundled_inbox / "by_year" / "all").symlink_to("..", target_is_directory=True)
    with open(os.path.join(os.fsencode(bundled_inbox), b"figures\xff.csv"), "wb") as f:
        f.write((bundled_inbox / "reported_figures.csv").read_bytes())
    locked = bundled_inbox / "locked.csv"
    shutil.copyfile(bundled_inbox / STAFFING, locked)
    locked.chmod(0)
    # Root reads any file: the run drops the capabilities that let it, so chmod 000 holds.
    prefix = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--"] if os.geteuid() == 0 else []
    if prefix and shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: no way to make a file unreadable")
    before = tree_digest(published.parent)
    env = {k: v for k, v in os.environ.items() if not k.startswith("UNPOL_")}
    try:
        r = subprocess.run([*prefix, str(UNPOL), "run", "--plain", "--inbox", str(bundled_inbox),
                            "--warehouse", str(published)], env=env, capture_output=True, text=True, timeout=900)
    finally:
        locked.chmod(0o644)
    assert r.returncode == 3, (r.stdout, r.stderr)
    assert tree_digest(published.parent) == before, "the current release changed"
    rows = query(published.parent / ".build" / published.name,
                 "select relpath, status, rule, message from audit.inbox_files order by relpath")
    refused = {rel: (rule, msg) for rel, status, rule, msg in rows if status == "refused"}
    assert {rel: rule for rel, (rule, _) in refused.items()} == {
        "by_year/all": "path_inside_inbox",
        "figures\\xff.csv": "name_is_utf8",
        "locked.csv": "file_readable",
        "share": "path_inside_inbox",
    }
    assert "(a cycle)" in refused["by_year/all"][1] and "outside the inbox" in refused["share"][1]
    assert {rel for rel, status, *_ in rows if status == "accepted"} >= {STAFFING, "reported_figures.csv"}
    # What the user is shown: each entry with what happened to it, no error number, no internal check.
    for _, msg in refused.values():
        assert f"  {short(msg)}" in r.stderr.splitlines()
    assert "locked.csv: the file cannot be read (Permission denied)" in r.stderr
    assert "4 files refused" in r.stderr and "not published: the inbox or an entry in it was refused" in r.stderr
    assert "Errno" not in r.stderr and "step " not in r.stderr and "assert_" not in r.stderr


def test_a_byte_identical_copy_is_recorded_and_the_run_publishes(published, bundled_inbox, capsys, query):
    first = Releases(published).current().id
    deployed = query(published, "select count(*) from marts.fct_police_deployment")
    shutil.copyfile(bundled_inbox / STAFFING, bundled_inbox / COPY)
    # A folder link inside the inbox is followed: its files are the same bytes as the folder's.
    (bundled_inbox / "figures").mkdir()
    (bundled_inbox / "reported_figures.csv").rename(bundled_inbox / "figures" / "reported_figures.csv")
    (bundled_inbox / "latest").symlink_to("figures", target_is_directory=True)
    capsys.readouterr()
    assert main(["run", "--plain", "--inbox", str(bundled_inbox), "--warehouse", str(published)]) == 0
    out = capsys.readouterr().out
    assert Releases(published).current().id != first
    copies = query(published, "select relpath, duplicate_of from audit.inbox_files where status = 'duplicate' "
                              "order by 1")
    # The first by path is loaded: "x (1).csv" sorts before "x.csv".
    assert copies == [("latest/reported_figures.csv", "figures/reported_figures.csv"), (STAFFING, COPY)]
    assert query(published, "select count(*) from audit.inbox_files where status = 'refused'") == [(0,)]
    ledger = query(published, "select source_file, rows_duplicate from audit.ingest_ledger "
                              "where run_id = (select any_value(run_id) from audit.inbox_files) order by 1")
    assert {f for f, _ in ledger} & {STAFFING, "latest/reported_figures.csv"} == set()
    assert dict(ledger)[COPY] == 0
    assert query(published, "select count(*) from marts.fct_police_deployment") == deployed
    assert f"{STAFFING}: a copy of {COPY} (the same bytes), not loaded again" in out
