"""The scheduled path, end to end, as an operator runs it: ``unpol run`` has
published a release; ``unpol serve`` (webserver and daemon) then runs the
warehouse unattended. A run started each way a user starts one (the inbox
sensor after a file lands, the schedule's tick, a launch from the UI through
GraphQL) publishes a new release of the warehouse the user named, never
anything inside a release; ``unpol releases --verify`` passes for every
release afterwards; and every run is in the warehouse's own Dagster instance,
tagged with its warehouse.

The warehouse is named relative to the working folder (``wh/unpol.duckdb``),
as a user types it; after the first run it is a link into the current release,
so a resolved path would have the daemon's runs build inside that release.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest

from pipelines.definitions import MAIN_JOB, WAREHOUSE_TAG
from pipelines.lib.warehouse import read_only
from tests.e2e.serving import MARKER, free_port, graphql, pids_with, port_free, stop, wait_for

pytestmark = pytest.mark.service
UNPOL = str(Path(sys.executable).parent / "unpol")
HEADER = ("Contribution_ID,ISOCode3,M49_Code,Contributing_Country,Mission_Acronym,Personnel_Type,"
          "Female_Personnel,Male_Personnel,Last_Reporting_Date\n")
# Bounds for a busy 2-core machine; the test waits for outcomes, not for time.
UI_UP_S = 300
RUNS_DONE_S = 1200

LOCATION = "{ workspaceOrError { ... on Workspace { locationEntries { name loadStatus } } } }"
LAUNCH = """mutation($params: ExecutionParams!) { launchRun(executionParams: $params) {
  __typename ... on LaunchRunSuccess { run { runId } } ... on PythonError { message }
  ... on RunConfigValidationInvalid { errors { message } } ... on InvalidSubsetError { message } } }"""


def staffing_csv(month: str) -> str:
    """Three police contributions to MINUSMA in one month (``31-Mar-14``)."""
    return HEADER + "".join(f"{i},{iso},,{name},MINUSMA,Individual Police,{f},{m},{month}\n"
                            for i, (iso, name, f, m) in enumerate(
                                [("BGD", "Bangladesh", 3, 20), ("TGO", "Togo", 0, 9), ("SEN", "Senegal", 5, 135)], 1))


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = tmp_path_factory.mktemp("scheduled")
    inbox = root / "inbox"
    inbox.mkdir()
    (inbox / "staffing_2014-02.csv").write_text(staffing_csv("28-Feb-14"))
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}  # the warehouse's own instance
    env.update({
        "UNPOL_INBOX": "inbox", "UNPOL_WAREHOUSE": "wh/unpol.duckdb",
        "UNPOL_AUTOMATION": "on", "UNPOL_SENSOR_INTERVAL_S": "2", "UNPOL_SCHEDULE_CRON": "* * * * *",
        "UNPOL_SCHEDULE_FETCH": "off",  # the tick runs the month just closed; no download from the internet
        MARKER: str(root),
    })
    first = subprocess.run([UNPOL, "run", "--plain"], cwd=root, env=env, capture_output=True, text=True, timeout=900)
    assert first.returncode == 0, first.stdout + first.stderr
    assert (root / "wh" / "unpol.duckdb").is_symlink()  # a link into the current release, as after any run
    port = free_port()
    log_path = root / "serve.log"
    log = open(log_path, "wb")
    proc = subprocess.Popen([UNPOL, "serve", "--port", str(port)], cwd=root, env=env, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        yield root, env, port, proc, log_path
    finally:
        stop(proc, (MARKER, str(root)))
        log.close()
    assert pids_with(MARKER, str(root)) == [], "processes left behind"
    assert port_free(port)


def _location(port: int) -> str | None:
    try:
        entries = graphql(port, LOCATION)["data"]["workspaceOrError"]["locationEntries"]
    except OSError:
        return None
    return entries[0]["name"] if entries and entries[0]["loadStatus"] == "LOADED" else None


def test_sensor_schedule_and_ui_runs_publish_intact_releases(served):
    root, env, port, proc, log = served
    wh = root / "wh"
    location = wait_for("the UI with the code location loaded", lambda: _location(port), UI_UP_S, log)

    # (a) the sensor: a new month lands in the inbox.
    (root / "inbox" / "staffing_2014-03.csv").write_text(staffing_csv("31-Mar-14"))
    # (c) the UI: a run of the main job launched as the launchpad launches it.
    launched = graphql(port, LAUNCH, {"params": {
        "selector": {"repositoryLocationName": location, "repositoryName": "__repository__", "jobName": MAIN_JOB},
        "runConfigData": {}, "executionMetadata": {"tags": [{"key": "test/started_by", "value": "ui"}]},
    }})["data"]["launchRun"]
    assert launched["__typename"] == "LaunchRunSuccess", launched
    # (b) the schedule ticks at the next minute (UNPOL_SCHEDULE_CRON), on its own.

    instance = dg.DagsterInstance.from_config(str(wh / ".dagster"))  # beside the warehouse: DAGSTER_HOME unset
    try:
        wait_for("a run of the schedule", lambda: any(_started_by(r) == "schedule" for r in instance.get_runs()),
                 RUNS_DONE_S, log)
        # A cron of every minute would start a run each minute: the operator
        # stops the schedule, as in the UI (one more tick may slip in first).
        stopped = subprocess.run([str(Path(sys.executable).parent / "dagster"), "schedule", "stop", "monthly_schedule",
                                  "-m", "pipelines.definitions"], cwd=root, capture_output=True, text=True,
                                 env={**env, "DAGSTER_HOME": str(wh / ".dagster")}, timeout=300)
        assert stopped.returncode == 0, stopped.stdout + stopped.stderr

        def all_finished():
            runs = instance.get_runs()
            kinds = {_started_by(r) for r in runs}
            return runs if kinds == {"cli", "sensor", "schedule", "ui"} and all(r.is_finished for r in runs) else None

        runs = wait_for("the sensor's, the schedule's and the UI's runs, finished", all_finished, RUNS_DONE_S, log)
        assert proc.poll() is None, "unpol serve stopped"
    finally:
        instance.dispose()
    by = {_started_by(r): r for r in runs}
    assert len([r for r in runs if _started_by(r) != "schedule"]) == 3
    assert by["sensor"].tags.get("dagster/partition") == "2014-03-01"  # the new file's month only
    assert by["schedule"].tags.get("dagster/partition")  # the month just closed
    for run in runs:
        assert run.status == dg.DagsterRunStatus.SUCCESS, (_started_by(run), log.read_text()[-4000:])
        # Every run names the warehouse as the user named it, made absolute, not resolved.
        assert run.tags[WAREHOUSE_TAG] == str(wh / "unpol.duckdb"), run.tags

    # Each run published a release of the named warehouse; all of them intact.
    releases = sorted(p.name for p in (wh / "releases").iterdir() if p.is_dir())
    assert len(releases) == len(runs), releases
    nested = [p for p in (wh / "releases").rglob("*") if p.name in ("releases", "current", ".build")]
    assert nested == []
    verify = subprocess.run([UNPOL, "releases", "--verify"], cwd=root, capture_output=True, text=True,
                            env=env, timeout=300)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert verify.stdout.count("files match the manifest") == len(runs)

    con = read_only(wh / "unpol.duckdb")
    try:
        started = {r[0] for r in con.execute("select triggered_by from audit.run_summary").fetchall()}
        march = con.execute("select count(*) from marts.fct_police_deployment "
                            "where month = date '2014-03-01'").fetchone()[0]
    finally:
        con.close()
    assert started == {"manual", "sensor:inbox_sensor", "schedule:monthly_schedule"}
    assert march == 3


def _started_by(run: dg.DagsterRun) -> str:
    if run.tags.get("dagster/sensor_name"):
        return "sensor"
    if run.tags.get("dagster/schedule_name"):
        return "schedule"
    return "ui" if run.tags.get("test/started_by") == "ui" else "cli"
