"""What the tests of ``unpol serve`` share: a free port, the UI's GraphQL, a
bounded wait, and the processes a test started (found by a marker variable in
their environment, which every child inherits), so none outlives the test."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

MARKER = "E2E_SERVICE_MARK"  # read by nothing: it only marks the processes a test started


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_free(port: int) -> bool:
    """Nobody listens on it: a new server (which sets SO_REUSEADDR, as the
    webserver does) can take it; closed connections may linger in TIME_WAIT."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
            s.listen()
            return True
        except OSError:
            return False


def pids_with(name: str, value: str) -> list[int]:
    """Processes whose environment holds ``name=value`` (this one left out)."""
    marker = f"{name}={value}".encode()
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


def graphql(port: int, query: str, variables: dict | None = None) -> dict:
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}/graphql", data=body,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read())


def wait_for(what: str, predicate, timeout_s: float, log: Path, every_s: float = 2):
    """``predicate()`` once it is truthy; the test fails with the log's tail
    when it is not within ``timeout_s`` (a bound for a busy machine, not a
    measurement)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every_s)
    pytest.fail(f"{what} not seen within {timeout_s:.0f} s; log:\n{log.read_text(errors='replace')[-4000:]}")


def stop(proc: subprocess.Popen, marker: tuple[str, str]) -> None:
    """SIGTERM, then SIGKILL, to ``proc``; then SIGKILL to anything still
    carrying the marker (run workers and code servers that left its group)."""
    for sig, wait_s in ((signal.SIGTERM, 60), (signal.SIGKILL, 10)):
        if proc.poll() is not None:
            break
        proc.send_signal(sig)
        try:
            proc.wait(timeout=wait_s)
        except subprocess.TimeoutExpired:
            continue
    deadline = time.monotonic() + 15
    while (left := pids_with(*marker)) and time.monotonic() < deadline:
        for pid in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        time.sleep(0.5)
