"""``unpol serve``: the Dagster UI and the daemon (schedule, sensor, run queue)
in one command, with the project's settings and instance, stopped together.

Both run in sessions of their own with SIGINT and SIGTERM reset to default
(Dagster ignores SIGTERM when it inherits an ignored SIGINT, as in a
background job: ../shared/STACK_NOTES.md), and get SIGTERM from the kernel if
this process dies (PR_SET_PDEATHSIG), so no orphan keeps the port or runs the
sensor. On SIGINT or SIGTERM each session is sent SIGTERM (the code servers
and run workers in it too), then SIGKILL after a grace period.

The inbox and the warehouse are passed as the user named them, made absolute
but never resolved: after a run the warehouse file is a link into the current
release, and a resolved path would make every later run build and publish
inside that release."""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from pipelines.cli.errors import UserError
from pipelines.cli.exit_codes import EXIT_FAILURE, EXIT_OK, EXIT_USAGE
from pipelines.cli.instance import dagster_home
from pipelines.lib.paths import PROJECT_ROOT

GRACE_S = 20
PR_SET_PDEATHSIG = 1


def _child_setup() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # not Linux: the signal handlers still stop them
        pass


class _Stop(Exception):
    pass


def _raise_stop(signum, frame):
    raise _Stop(signal.Signals(signum).name)


def commands(host: str, port: int) -> dict[str, list[str]]:
    # Dagster's own command-line entry points, installed beside this Python.
    bin_dir = Path(sys.executable).parent
    target = ["-m", "pipelines.definitions"]
    return {
        "webserver": [str(bin_dir / "dagster-webserver"), *target, "-h", host, "-p", str(port)],
        "daemon": [str(bin_dir / "dagster-daemon"), "run", *target],
    }


def service_env(settings, home: Path) -> dict[str, str]:
    """The environment of the webserver, the daemon and the runs they launch:
    the instance, and the inbox and warehouse as the user named them, made
    absolute (the children start in the project folder), never resolved."""
    return {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "UNPOL_INBOX": str(Path(settings.inbox).absolute()),
        "UNPOL_WAREHOUSE": str(Path(settings.warehouse).absolute()),
        # The staffing asset's beta `backfill_policy` warns in every process
        # that loads the code; nothing to act on (the same filter as `unpol run`;
        # -W cannot name Dagster's class, which is not importable that early).
        "PYTHONWARNINGS": ",".join(filter(None, [os.environ.get("PYTHONWARNINGS"),
                                                 "ignore:Parameter `backfill_policy`:Warning"])),
    }


def cmd_serve(args) -> int:
    from pipelines.settings import Settings

    settings = Settings.from_env(option_names={"inbox": "--inbox", "warehouse": "--warehouse"},
                                 inbox=args.inbox, warehouse=args.warehouse)
    _port_is_free(args.host, args.port)
    home = dagster_home(settings.warehouse)
    env = service_env(settings, home)
    print(f"unpol serve: UI on http://{args.host}:{args.port}, instance {home}, "
          f"inbox {env['UNPOL_INBOX']} -> {env['UNPOL_WAREHOUSE']}; Ctrl-C stops both", flush=True)
    procs: dict[str, subprocess.Popen] = {}
    old = {s: signal.signal(s, _raise_stop) for s in (signal.SIGINT, signal.SIGTERM)}
    code = EXIT_OK
    try:
        for name, cmd in commands(args.host, args.port).items():
            procs[name] = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=env, start_new_session=True,
                                           preexec_fn=_child_setup)
        while True:
            for name, p in procs.items():
                if p.poll() is not None:
                    print(f"unpol serve: the {name} exited with code {p.returncode}; stopping", file=sys.stderr)
                    code = EXIT_FAILURE
                    raise _Stop(name)
            time.sleep(0.5)
    except _Stop:
        pass
    finally:
        # A second signal during the shutdown must not leave children behind.
        for s in old:
            signal.signal(s, signal.SIG_IGN)
        stop_all(procs.values())
        for s, handler in old.items():
            signal.signal(s, handler)
    print("unpol serve: stopped", flush=True)
    return code


def _port_is_free(host: str, port: int) -> None:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as exc:
            raise UserError(f"cannot serve on {host}:{port}: {exc.strerror} (another UI running? try --port)",
                            EXIT_USAGE) from None


def stop_all(procs) -> None:
    procs = list(procs)
    for sig, wait_s in ((signal.SIGTERM, GRACE_S), (signal.SIGKILL, 5)):
        for p in procs:
            try:
                os.killpg(p.pid, sig)
            except (ProcessLookupError, PermissionError):
                pass
        deadline = time.monotonic() + wait_s
        for p in procs:
            try:
                p.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
        # The group may outlive its leader (a code server finishing); wait for it too.
        while time.monotonic() < deadline and any(_group_alive(p.pid) for p in procs):
            time.sleep(0.2)
        if not any(_group_alive(p.pid) for p in procs):
            return


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
        return True
    except (ProcessLookupError, PermissionError):
        return False
