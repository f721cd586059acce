"""Faults and concurrency: a corrupt workspace, the one-writer lock, SIGKILL at
every step of a release (ingest, SQL build, report, export, the copy and each
step of the swap), a reader holding the published file across a run, and the
storage version BI drivers need.

The subprocess tests run the real command (`unpol run`) and stop it at a named
point with ``UNPOL_FAULT_INJECT=<point>@<barrier>`` (``pipelines/settings.py``
``fault_point``): the run writes the barrier file there and sleeps, and the test
kills it with SIGKILL, so the kill lands at a known place every time.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import struct
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest
from filelock import FileLock

from pipelines.lib.releases import MANIFEST, STAGING_PREFIX, Release, Releases, release_id
from pipelines.lib.warehouse import Warehouse, WarehouseBusy, connect_config, read_only
from pipelines.settings import BUNDLED_INBOX

UNPOL = Path(sys.executable).with_name("unpol")
# The file-format number DuckDB 0.10 to 1.x read (storage_compatibility_version
# v1.0.0); files written with the 1.5 default format carry a higher number.
STORAGE_V1 = 64


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def unpol_run(inbox: Path, wh: Path, *, fault: str | None = None, barrier: Path | None = None,
              lock_timeout_s: float | None = None, allow_shrink: bool = False) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("UNPOL_")}
    if fault:
        env["UNPOL_FAULT_INJECT"] = f"{fault}@{barrier}"
    if lock_timeout_s is not None:
        env["UNPOL_LOCK_TIMEOUT_S"] = str(lock_timeout_s)
    return subprocess.Popen(
        [str(UNPOL), "run", "--plain", "--inbox", str(inbox), "--warehouse", str(wh),
         *(["--allow-shrink"] if allow_shrink else [])],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def wait_for_barrier(proc: subprocess.Popen, barrier: Path, limit_s: float = 300) -> None:
    """Block until the run reaches its fault point (it writes the barrier)."""
    deadline = time.monotonic() + limit_s
    while not barrier.exists():
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"run ended (rc {proc.returncode}) before reaching its fault point:\n{out}\n{err}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"run did not reach {barrier.name}")
        time.sleep(0.1)


def sigkill(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    assert proc.returncode == -signal.SIGKILL


# --- storage version and atomic publish --------------------------------------------

def test_published_file_is_storage_v1_and_complete(bundled_warehouse):
    header = bundled_warehouse.read_bytes()[:20]
    # DuckDB main header: 8-byte checksum, magic "DUCK", uint64 storage version.
    assert header[8:12] == b"DUCK"
    assert struct.unpack("<Q", header[12:20])[0] == STORAGE_V1
    con = read_only(bundled_warehouse)
    try:
        tags = con.execute(
            "select tags from duckdb_databases() where database_name = current_database()"
        ).fetchone()[0]
        blocks = con.execute("select total_blocks from pragma_database_size()").fetchone()[0]
    finally:
        con.close()
    assert tags["storage_version"].startswith("v1.0.0")
    assert blocks > 0
    # Checkpointed before the copy: nothing left in a WAL, no temporary copy beside it.
    assert not Path(f"{bundled_warehouse}.wal").exists()
    assert not list(bundled_warehouse.parent.glob(f".{bundled_warehouse.name}.*.publishing"))


def test_default_duckdb_format_would_not_be_v1(tmp_path):
    # Guards the test above: without the compatibility setting this DuckDB writes
    # a newer format number, so the header check does tell the two apart.
    p = tmp_path / "plain.duckdb"
    cfg = connect_config()
    cfg["storage_compatibility_version"] = "latest"
    duckdb.connect(str(p), config=cfg).close()
    assert struct.unpack("<Q", p.read_bytes()[12:20])[0] > STORAGE_V1


# --- corrupt workspace ------------------------------------------------------------------

@pytest.mark.parametrize("damage", ["garbage", "truncated", "garbage_wal"])
def test_corrupt_workspace_is_rebuilt_from_published(tmp_path, damage):
    published = tmp_path / "wh.duckdb"
    con = duckdb.connect(str(published), config=connect_config())
    con.execute("create schema marts; create table marts.t as select 42 as answer")
    con.close()
    wh = Warehouse(published)
    wh.workspace.parent.mkdir(parents=True)
    shutil.copyfile(published, wh.workspace)
    if damage == "garbage":
        wh.workspace.write_bytes(b"not a database" * 1000)
    elif damage == "truncated":
        data = wh.workspace.read_bytes()
        wh.workspace.write_bytes(data[: len(data) // 3])
    else:
        Path(f"{wh.workspace}.wal").write_bytes(b"\x00half a WAL" * 100)
    with wh.writer_lock(), wh.connect() as con:
        assert con.execute("select answer from marts.t").fetchall() == [(42,)]


# --- one writer -------------------------------------------------------------------------

def _hold_lock_in_subprocess(lock_path: Path) -> subprocess.Popen:
    """Another process holding the writer lock until a line arrives on its stdin."""
    code = (
        "import sys\nfrom filelock import FileLock\n"
        f"lock = FileLock({str(lock_path)!r}); lock.acquire(); print('held', flush=True); sys.stdin.readline()\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_second_writer_waits_for_the_lock(tmp_path):
    import threading

    wh = Warehouse(tmp_path / "wh.duckdb", lock_timeout_s=600)
    wh.workspace.parent.mkdir(parents=True)
    holder = _hold_lock_in_subprocess(wh.lock_path)
    events: list[str] = []
    got = threading.Event()

    def second_writer():
        with wh.writer_lock():
            events.append("second writer has the lock")
            got.set()

    writer = threading.Thread(target=second_writer, daemon=True)
    try:
        writer.start()
        assert not got.wait(0.5)  # still waiting while the holder holds it
        events.append("holder let go")
        holder.stdin.write("go\n")
        holder.stdin.flush()
        assert holder.wait(timeout=120) == 0
        writer.join(timeout=120)
    finally:
        holder.kill()
        holder.wait()
    assert events == ["holder let go", "second writer has the lock"]


def test_second_writer_is_refused_while_the_lock_is_held(tmp_path):
    # A timeout of 0: one attempt, so the outcome does not depend on how fast
    # the machine is.
    wh = Warehouse(tmp_path / "wh.duckdb", lock_timeout_s=0)
    wh.workspace.parent.mkdir(parents=True)
    holder = _hold_lock_in_subprocess(wh.lock_path)
    try:
        with pytest.raises(WarehouseBusy, match="another run is writing the warehouse.*changed nothing"):
            with wh.writer_lock():
                pass
    finally:
        holder.kill()
        holder.wait()
    # A killed holder's lock is released by the kernel: no stale lock to clean up.
    with FileLock(wh.lock_path, timeout=0):
        pass


@pytest.mark.slow
def test_two_runs_at_once_second_exits_4_with_a_clear_message(tmp_path):
    wh = tmp_path / "wh.duckdb"
    barrier = tmp_path / "first.reached"
    first = unpol_run(BUNDLED_INBOX, wh, fault="write:audit.inbox_files", barrier=barrier)
    try:
        wait_for_barrier(first, barrier)
        second = unpol_run(BUNDLED_INBOX, wh, lock_timeout_s=0)
        out, err = second.communicate(timeout=300)
    finally:
        sigkill(first)
    assert second.returncode == 4, (out, err)
    assert "another run is writing the warehouse" in err and "changed nothing" in err
    assert "Traceback" not in err and "Traceback" not in out
    assert not wh.exists()  # neither run published


# --- SIGKILL at every step of a release ------------------------------------------------

# Where a whole run is killed: inside the inbox listing's transaction and a
# raw source's reject-share check (ingest); inside the transaction replacing a
# fact, and dim_country, built by Python (SQL build); report and export staged,
# one Parquet file renamed into the staged export; the warehouse copied into the
# staged release; the manifest written and fsynced (``swap:staged``, the first
# step of pipelines/lib/releases.py promote()). None of them changes the current
# release.
RUN_KILL_POINTS = [
    "write:audit.inbox_files",
    "check:staffing",
    "write:marts.dim_country",
    "build:marts.fct_police_deployment",
    "report",
    "export",
    "export:file",
    "publish_copy",
    "swap:staged",
]
# The later steps of promote(), killed in a process that promotes a copy of
# the release the killed run staged (the run does nothing between them but
# promote: a whole run to reach each would only repeat the one above), with
# whether the new release is already current when the process dies there:
# folder renamed to its id, `current` swapped, stable links made.
PROMOTE_KILL_POINTS = [("swap:renamed", False), ("swap:current", True), ("swap:linked", True)]
PROMOTE = """import json, sys
from pathlib import Path
from pipelines.lib.releases import Releases
wh, staging, manifest = sys.argv[1:]
Releases(wh).promote(Path(staging), json.loads(Path(manifest).read_text()))
"""


def release_state(wh: Path) -> tuple[str, str]:
    """(id, digest) of the release the documented paths show, after checking
    they all show the same complete release and its manifest matches its files."""
    release_dir = wh.resolve().parent
    for d in ("reports", "exports"):
        assert (wh.parent / d).resolve().parent == release_dir, d
    manifest = json.loads((release_dir / MANIFEST).read_text())
    assert Release(release_dir.name, release_dir, manifest).verify() == []
    digest = hashlib.sha256()
    for p in sorted(release_dir.rglob("*")):
        if p.is_file():
            digest.update(p.relative_to(release_dir).as_posix().encode() + sha256(p).encode())
    return release_dir.name, digest.hexdigest()


def promote_copy(template: Path, wh: Path, n: int, fault: str, barrier: Path) -> subprocess.Popen:
    """Start promoting a copy of the staged release ``template`` as a new
    release (its own run id), stopping at ``fault``."""
    run_id = f"{n:02d}promote"
    staging = Releases(wh).staging(run_id)
    shutil.copytree(template, staging, dirs_exist_ok=True)
    for p in (staging, *staging.rglob("*")):
        p.chmod(p.stat().st_mode | 0o200)  # promote() left the staged copy read-only
    manifest = json.loads((staging / MANIFEST).read_text())
    (staging / MANIFEST).unlink()
    manifest |= {"run_id": run_id, "release_id": release_id(datetime.now(UTC), run_id)}
    manifest_file = barrier.with_suffix(".manifest.json")
    manifest_file.write_text(json.dumps(manifest))
    env = {k: v for k, v in os.environ.items() if not k.startswith("UNPOL_")}
    env["UNPOL_FAULT_INJECT"] = f"{fault}@{barrier}"
    return subprocess.Popen([sys.executable, "-c", PROMOTE, str(wh), str(staging), str(manifest_file)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_sigkill_at_every_step_leaves_a_complete_release_current(tmp_path, bundled_copy, bundled_inbox, query):
    wh = bundled_copy
    state = release_state(wh)
    figures_before = query(wh, "select count(*) from marts.reported_figures")[0][0]
    assert figures_before > 0
    # The killed runs would publish a different warehouse: no reported figures.
    (bundled_inbox / "reported_figures.csv").unlink()
    for point in RUN_KILL_POINTS:
        barrier = tmp_path / f"{point.replace(':', '_')}.reached"
        run = unpol_run(bundled_inbox, wh, fault=point, barrier=barrier, allow_shrink=True)
        wait_for_barrier(run, barrier)
        sigkill(run)
        assert release_state(wh) == state, f"current release changed by a run killed at {point}"
        assert query(wh, "select count(*) from marts.reported_figures")[0][0] == figures_before
    # The last run died with its release staged whole, manifest written: the
    # template of the releases promoted below.
    [staged] = (wh.parent / "releases").glob(f"{STAGING_PREFIX}*")
    template = tmp_path / "staged"
    shutil.copytree(staged, template)
    for n, (point, swapped) in enumerate(PROMOTE_KILL_POINTS):
        barrier = tmp_path / f"{point.replace(':', '_')}.reached"
        proc = promote_copy(template, wh, n, point, barrier)
        wait_for_barrier(proc, barrier)
        sigkill(proc)
        after = release_state(wh)
        if swapped:
            # Killed after the one atomic step: the new release is current, whole.
            assert after[0] != state[0], point
            assert query(wh, "select count(*) from marts.reported_figures")[0][0] == 0
        else:
            assert after == state, f"current release changed by a promote killed at {point}"
            assert query(wh, "select count(*) from marts.reported_figures")[0][0] == figures_before
        state = after
    # Each killed run reached its point past the previous kill's wreckage (a WAL
    # with an open transaction, a staged release); the next plain run publishes
    # without any manual cleanup and leaves none of the wreckage (staged
    # releases, one renamed but never current, a half-made link).
    final = unpol_run(bundled_inbox, wh)
    out, err = final.communicate(timeout=600)
    assert final.returncode == 0, (out, err)
    assert release_state(wh)[0] != state[0]
    assert query(wh, "select count(*) from marts.reported_figures")[0][0] == 0
    assert not [p for p in (wh.parent / "releases").iterdir() if p.name.startswith(".")]
    assert not list((wh.parent / "releases").glob("*-00promot"))  # renamed, never current: removed
    assert not list(wh.parent.glob(".*tmp-link")) and not list(wh.parent.glob(f".{wh.name}.*.publishing"))


# --- readers never block runs, runs never break readers ---------------------------

@pytest.mark.slow
def test_reader_holding_the_file_keeps_its_snapshot_and_does_not_block_a_run(bundled_copy, bundled_inbox):
    wh = bundled_copy
    (bundled_inbox / "reported_figures.csv").unlink()
    count = "select count(*) from marts.reported_figures"
    reader = read_only(wh)
    try:
        before = reader.execute(count).fetchone()[0]
        assert before > 0
        run = unpol_run(bundled_inbox, wh, lock_timeout_s=0, allow_shrink=True)
        out, err = run.communicate(timeout=600)
        assert run.returncode == 0, (out, err)
        # The open connection still sees the warehouse it opened, whole.
        assert reader.execute(count).fetchone()[0] == before
        assert reader.execute("select count(*) from marts.fct_police_deployment").fetchone()[0] > 0
        # A new connection (another process: DuckDB shares one instance per path
        # inside a process) sees the new warehouse while the old one is still open.
        fresh = subprocess.run(
            [str(UNPOL), "query", count, "--warehouse", str(wh)], capture_output=True, text=True, timeout=120
        )
        assert fresh.returncode == 0, fresh.stderr
        assert fresh.stdout.splitlines()[2].strip() == "0"
    finally:
        reader.close()
