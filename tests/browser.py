"""Headless Chromium for the report tests, driven over the Chrome DevTools
Protocol with the `websockets` client (no browser download: Debian's
`chromium` package, as installed by .ci/run).

    with Chromium() as browser:
        page = browser.open("file:///.../report.html")
        page.console_errors, page.requests, page.evaluate("document.title")
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

# Flags that keep Chromium from reaching the network on its own (updates,
# sync, safe browsing lists) so that any request seen comes from the page.
QUIET_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--no-default-browser-check",
    "--disable-extensions", "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
]


def chromium_binary() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def screenshot(url: str, png: Path, size: tuple[int, int] = (1280, 900), timeout: float = 60) -> subprocess.CompletedProcess:
    """Chromium's own one-shot screenshot (the first screen of the page)."""
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [chromium_binary(), *QUIET_FLAGS, f"--user-data-dir={profile}", f"--screenshot={png}",
             f"--window-size={size[0]},{size[1]}", url],
            capture_output=True, text=True, timeout=timeout,
        )


@dataclass
class Page:
    url: str
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    _browser: Chromium | None = None
    _session: str = ""

    def evaluate(self, expression: str):
        result = self._browser.call("Runtime.evaluate", {"expression": expression, "returnByValue": True},
                                    session=self._session)
        return result["result"].get("value")


class Chromium:
    def __init__(self, size: tuple[int, int] = (1280, 900)):
        self.size = size
        self.profile = tempfile.TemporaryDirectory()
        self.proc: subprocess.Popen | None = None
        self.ws = None
        self._ids = itertools.count(1)
        self.events: list[dict] = []

    def __enter__(self) -> Chromium:
        from websockets.sync.client import connect

        self.proc = subprocess.Popen(
            [chromium_binary(), *QUIET_FLAGS, f"--user-data-dir={self.profile.name}", "--remote-debugging-port=0",
             f"--window-size={self.size[0]},{self.size[1]}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        endpoint, deadline = None, time.monotonic() + 30
        while endpoint is None and time.monotonic() < deadline:
            line = self.proc.stderr.readline()
            if not line and self.proc.poll() is not None:
                break
            m = re.search(r"DevTools listening on (ws://\S+)", line)
            if m:
                endpoint = m.group(1)
        if endpoint is None:
            self.__exit__(None, None, None)
            raise RuntimeError("chromium did not print its DevTools endpoint within 30 s")
        self._ws_context = connect(endpoint, max_size=None, open_timeout=10)
        self.ws = self._ws_context.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        if self.ws is not None:
            self._ws_context.__exit__(None, None, None)
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if self.proc is not None and self.proc.stderr:
            self.proc.stderr.close()
        self.profile.cleanup()

    def call(self, method: str, params: dict | None = None, session: str | None = None, timeout: float = 30) -> dict:
        msg_id = next(self._ids)
        msg = {"id": msg_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        self.ws.send(json.dumps(msg))
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no answer to {method} within {timeout} s")
            reply = json.loads(self.ws.recv(timeout=left))
            if reply.get("id") == msg_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def wait_for(self, method: str, session: str, timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        for i, ev in enumerate(self.events):
            if ev["method"] == method and ev.get("sessionId") == session:
                return self.events.pop(i)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no {method} within {timeout} s")
            ev = json.loads(self.ws.recv(timeout=left))
            if "method" in ev:
                if ev["method"] == method and ev.get("sessionId") == session:
                    return ev
                self.events.append(ev)

    def drain(self, seconds: float) -> None:
        """Collect events for a while (late console messages or requests)."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                ev = json.loads(self.ws.recv(timeout=left))
            except TimeoutError:
                break
            if "method" in ev:
                self.events.append(ev)

    def open(self, url: str, settle_s: float = 1.0) -> Page:
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable", session=session)
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": self.size[0], "height": self.size[1], "deviceScaleFactor": 1, "mobile": False},
                  session=session)
        self.events.clear()
        self.call("Page.navigate", {"url": url}, session=session)
        self.wait_for("Page.loadEventFired", session)
        self.drain(settle_s)
        page = Page(url=url, _browser=self, _session=session)
        for ev in self.events:
            if ev.get("sessionId") != session:
                continue
            p = ev.get("params", {})
            if ev["method"] == "Runtime.exceptionThrown":
                page.console_errors.append(json.dumps(p.get("exceptionDetails", {}))[:500])
            elif ev["method"] == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                page.console_errors.append(json.dumps(p.get("args", []))[:500])
            elif ev["method"] == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
                page.console_errors.append(p["entry"].get("text", "")[:500])
            elif ev["method"] == "Network.requestWillBeSent":
                page.requests.append(p["request"]["url"])
            elif ev["method"] == "Network.loadingFailed":
                page.failed_requests.append(p.get("errorText", ""))
        return page


def file_url(path: os.PathLike) -> str:
    return Path(path).resolve().as_uri()
