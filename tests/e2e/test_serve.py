"""``unpol serve``: the UI and the daemon start with the project's settings and
a SIGTERM stops them all, leaving no process and the port free, even when
started like a background job (SIGINT ignored, as Dagster's own `dagster dev`
then ignores SIGTERM: ../shared/STACK_NOTES.md)."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from pipelines.lib.paths import PROJECT_ROOT

UNPOL = str(Path(sys.executable).parent / "unpol")
pytestmark = pytest.mark.service


WORKSPACE = """{ workspaceOrError { ... on Workspace { locationEntries { name loadStatus locationOrLoadError {
    __typename ... on PythonError { message } ... on RepositoryLocation { repositories { sensors {
    name description } } } } } } } }"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def _pids_with_home(home: Path) -> list[int]:
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


def _as_background_job() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _graphql(port: int, query: str) -> dict:
    req = urllib.request.Request(f"http://127.0.0.1:{port}/graphql", data=json.dumps({"query": query}).encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.loads(resp.read())


def test_serve_answers_and_sigterm_leaves_nothing(tmp_path):
    home = tmp_path / "dagster_home"
    port = _free_port()
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    env = {**os.environ, "DAGSTER_HOME": str(home), "UNPOL_INBOX": str(inbox),
           "UNPOL_WAREHOUSE": str(tmp_path / "wh" / "u.duckdb")}
    log = open(tmp_path / "serve.log", "wb")
    proc = subprocess.Popen([UNPOL, "serve", "--port", str(port)], cwd=PROJECT_ROOT, env=env, stdout=log,
                            stderr=subprocess.STDOUT, preexec_fn=_as_background_job)
    try:
        deadline = time.monotonic() + 180
        answer = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                answer = _graphql(port, WORKSPACE)
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
    assert _port_free(port)
    text = (tmp_path / "serve.log").read_text()
    assert "unpol serve: stopped" in text and "BetaWarning" not in text and "Invalid -W" not in text
