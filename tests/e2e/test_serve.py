"""``unpol serve``: the UI and the daemon start with the project's settings,
the UI's GraphQL shows what an earlier ``unpol run`` did (the session's
``command_run``), and a SIGTERM stops them all, leaving no process and the port free, even when
started like a background job (SIGINT ignored, as Dagster's own `dagster dev`
then ignores SIGTERM: ../shared/STACK_NOTES.md)."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipelines.lib.paths import PROJECT_ROOT
from tests.e2e.serving import free_port, graphql, pids_with, port_free

UNPOL = str(Path(sys.executable).parent / "unpol")
pytestmark = pytest.mark.service


WORKSPACE = """{ workspaceOrError { ... on Workspace { locationEntries { name loadStatus locationOrLoadError {
    __typename ... on PythonError { message } ... on RepositoryLocation { repositories { sensors {
    name description } } } } } } } }"""


UI_FACTS = """{
  staffing: assetNodeOrError(assetKey: {path: ["raw", "staffing_contributions"]}) {
    ... on AssetNode { partitionStats { numMaterialized } } }
  scorecard: assetNodeOrError(assetKey: {path: ["marts", "mission_police_scorecard"]}) {
    ... on AssetNode { assetChecksOrError { ... on AssetChecks { checks { name blocking
      executionForLatestMaterialization { evaluation { severity } } } } } } }
  view: assetNodeOrError(assetKey: {path: ["analytics", "police_deployment"]}) {
    ... on AssetNode { assetMaterializations(limit: 1) { metadataEntries { label
      ... on TableSchemaMetadataEntry { schema { columns { name description } } } } } } }
}"""


def _pids_with_home(home: Path) -> list[int]:
    return pids_with("DAGSTER_HOME", str(home))


def _as_background_job() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def test_serve_answers_and_sigterm_leaves_nothing(tmp_path, command_run):
    # The session's run at the command line first (a copy of its warehouse and
    # instance, which serving writes to): the UI must show it (same instance).
    home = tmp_path / "dagster_home"
    shutil.copytree(command_run.home, home)
    shutil.copytree(command_run.warehouse.parent, tmp_path / "wh", symlinks=True)
    port = free_port()
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    env = {**os.environ, "DAGSTER_HOME": str(home), "UNPOL_INBOX": str(inbox),
           "UNPOL_WAREHOUSE": str(tmp_path / "wh" / command_run.warehouse.name)}
    log = open(tmp_path / "serve.log", "wb")
    proc = subprocess.Popen([UNPOL, "serve", "--port", str(port)], cwd=PROJECT_ROOT, env=env, stdout=log,
                            stderr=subprocess.STDOUT, preexec_fn=_as_background_job)
    try:
        deadline = time.monotonic() + 180
        answer = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                answer = graphql(port, WORKSPACE)
                entries = answer["data"]["workspaceOrError"]["locationEntries"]
                if entries and entries[0]["loadStatus"] == "LOADED":
                    break
                time.sleep(2)
            except OSError:
                time.sleep(2)
        assert answer is not None, (tmp_path / "serve.log").read_text()[-3000:]
        location = answer["data"]["workspaceOrError"]["locationEntries"][0]["locationOrLoadError"]
        assert location["__typename"] == "RepositoryLocation", location
        sensors = location["repositories"][0]["sensors"]
        # The sensor was built with the inbox given to `unpol serve`, not the default.
        assert any(s["name"] == "inbox_sensor" and str(inbox) in s["description"] for s in sensors), sensors
        # What the UI shows of that run: loaded months as materialized partitions,
        # the warnings as non-blocking WARN checks, column descriptions.
        shown = graphql(port, UI_FACTS)["data"]
        assert shown["staffing"]["partitionStats"]["numMaterialized"] == 13, shown
        checks = shown["scorecard"]["assetChecksOrError"]["checks"]
        assert {(c["name"], c["blocking"], c["executionForLatestMaterialization"]["evaluation"]["severity"])
                for c in checks} == {("contributing_countries_stable", False, "WARN"),
                                     ("mission_staffing_fresh", False, "WARN")}
        [schema] = [e["schema"] for e in shown["view"]["assetMaterializations"][0]["metadataEntries"]
                    if e["label"] == "dagster/column_schema"]
        assert schema["columns"] and all(c["description"] for c in schema["columns"])
        assert len(_pids_with_home(home)) >= 3  # unpol, webserver, daemon (and their code servers)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        log.close()
    deadline = time.monotonic() + 15
    while _pids_with_home(home) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert _pids_with_home(home) == [], (tmp_path / "serve.log").read_text()[-3000:]
    assert port_free(port)
    text = (tmp_path / "serve.log").read_text()
    assert "unpol serve: stopped" in text and "BetaWarning" not in text and "Invalid -W" not in text
