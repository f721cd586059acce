"""Smoke test of the service: the Dagster daemon, on a temporary instance with
the inbox sensor running, turns a file dropped in the inbox into a successful
run and new rows in the published warehouse.

The daemon starts in its own session with SIGINT reset to the default (a
launcher without job control passes SIGINT as ignored, and Dagster maps
SIGTERM to the SIGINT handler, STACK_NOTES.md), so SIGTERM stops it; the
fixture kills the whole process group, then any process still carrying this
test's DAGSTER_HOME, even when the test fails.
"""

import os
import signal
import subprocess
import time
from pathlib import Path

import dagster as dg
import pytest

from pipelines.lib.warehouse import read_only
from pipelines.settings import PROJECT_ROOT

pytestmark = [pytest.mark.service, pytest.mark.slow]

# Bounded waits (the daemon answers in about 10 s and a run takes about 20 s on
# an idle 2-core machine; the bounds leave room for a busy one).
DAEMON_UP_S = 180
RUN_DONE_S = 300

INSTANCE_YAML = """
storage:
  sqlite:
    base_dir: {home}/storage
local_artifact_storage:
  module: dagster._core.storage.root
  class: LocalArtifactStorage
  config:
    base_dir: {home}/artifacts
compute_logs:
  module: dagster._core.storage.local_compute_log_manager
  class: LocalComputeLogManager
  config:
    base_dir: {home}/compute_logs
run_coordinator:
  module: dagster._core.run_coordinator
  class: QueuedRunCoordinator
  config:
    max_concurrent_runs: 1
telemetry:
  enabled: false
"""

STAFFING = (
    "Contribution_ID,ISOCode3,M49_Code,Contributing_Country,Mission_Acronym,Personnel_Type,"
    "Female_Personnel,Male_Personnel,Last_Reporting_Date\n"
    "1,BGD,,Bangladesh,MINUSMA,Individual Police,3,20,31-Mar-14\n"
    "2,TGO,,Togo,MINUSMA,Individual Police,0,9,31-Mar-14\n"
    "3,SEN,,Senegal,MINUSMA,Formed Police Units,5,135,31-Mar-14\n"
)


def _reset_signals() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _pids_with_home(home: Path) -> list[int]:
    """Processes started for this test: they all carry its DAGSTER_HOME."""
    marker = f"DAGSTER_HOME={home}".encode()
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if marker in (entry / "environ").read_bytes().split(b"\0"):
                out.append(int(entry.name))
        except OSError:
            continue
    return out


def _stop(proc: subprocess.Popen, home: Path) -> None:
    for sig, wait_s in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=wait_s)
            break
        except subprocess.TimeoutExpired:
            continue
    # Run workers and the code server may have left the group; they still
    # carry the home. SIGKILL takes a moment to land: wait for them to go.
    deadline = time.monotonic() + 15
    while (left := _pids_with_home(home)) and time.monotonic() < deadline:
        for pid in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        time.sleep(0.5)


@pytest.fixture
def daemon(tmp_path):
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text(INSTANCE_YAML.format(home=home))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    warehouse = tmp_path / "warehouse" / "unpol.duckdb"
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "UNPOL_INBOX": str(inbox),
        "UNPOL_WAREHOUSE": str(warehouse),
        "UNPOL_AUTOMATION": "on",
        "UNPOL_SENSOR_INTERVAL_S": "5",
    }
    log = open(tmp_path / "daemon.log", "wb")
    proc = subprocess.Popen(
        [str(PROJECT_ROOT / ".venv" / "bin" / "dagster-daemon"), "run", "-m", "pipelines.definitions"],
        cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True, preexec_fn=_reset_signals,
    )
    try:
        yield home, inbox, warehouse, tmp_path / "daemon.log"
    finally:
        _stop(proc, home)
        log.close()
    assert _pids_with_home(home) == [], "processes left behind"


def _wait_for(what: str, predicate, timeout_s: float, log: Path):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(2)
    pytest.fail(f"{what} not seen within {timeout_s:.0f} s; daemon log:\n{log.read_text()[-4000:]}")


def test_file_dropped_in_inbox_is_loaded_by_the_daemon(daemon):
    home, inbox, warehouse, log = daemon
    # The sensor is looking at the (empty) inbox: it has ticked once.
    _wait_for("a first tick of inbox_sensor", lambda: "inbox_sensor" in log.read_text(), DAEMON_UP_S, log)
    (inbox / "staffing_2014-03.csv").write_text(STAFFING)

    instance = dg.DagsterInstance.from_config(str(home))
    try:
        def finished():
            runs = instance.get_runs()
            done = [r for r in runs if r.is_finished]
            return done or None

        [run] = _wait_for("a finished run", finished, RUN_DONE_S, log)
        assert run.status == dg.DagsterRunStatus.SUCCESS, log.read_text()[-4000:]
        assert run.tags.get("dagster/sensor_name") == "inbox_sensor"
        assert run.tags.get("dagster/partition") == "2014-03-01"
    finally:
        instance.dispose()

    con = read_only(warehouse)
    try:
        assert con.execute(
            "select count(*), sum(total) from marts.fct_police_deployment where month = date '2014-03-01'"
        ).fetchone() == (3, 172)
        assert con.execute("select relpath, run_id from audit.processed_files").fetchall() == [
            ("staffing_2014-03.csv", run.run_id)]
        assert con.execute("select mode, partitions, files_new from audit.run_summary").fetchall() == [
            ("partitions", "2014-03-01 .. 2014-03-01", 1)]
    finally:
        con.close()
