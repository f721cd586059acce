"""Benchmark: load all of ../shared/data/real end to end, as a user would.

    .venv/bin/python bench/load_real.py [--repeat 3] [--real ../shared/data/real]

Copies every real file the pipeline loads (every folder except the
contribution ranks, which are recognised but not loaded) into a fresh
temporary inbox, then runs ``unpol run --inbox <inbox> --warehouse <tmp>`` as a
child process and measures it from process start (interpreter start, imports,
the whole Dagster job, publish) to exit: wall seconds, and the child's peak
resident memory from ``os.wait4`` (the job runs in-process, so the child is
the whole run). Each repeat starts from an empty warehouse. The run must exit
0 and every file's ledger must balance, or the figure is not printed.

Prints one line per run and a summary (median wall and CPU time, largest peak
RSS), with the machine's CPU count and load average: on a shared machine the
wall time follows the load, the CPU time much less.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UNPOL = Path(sys.executable).parent / "unpol"
DEFAULT_REAL = ROOT.parent / "shared" / "data" / "real"
sys.path.insert(0, str(ROOT))  # bench.* when run as a script

from bench.real_inbox import copy_loaded  # noqa: E402


def make_inbox(real: Path, inbox: Path) -> tuple[int, int]:
    """Copy the loaded real files (bench/real_inbox.py); return (files, bytes)."""
    copied = copy_loaded(real, inbox)
    return len(copied), sum((inbox / rel).stat().st_size for rel in copied)


def run_once(inbox: Path, warehouse: Path) -> tuple[float, float, float, str]:
    """One ``unpol run`` in a child process: (wall s, CPU s, peak RSS MiB, its output)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("UNPOL_") and k != "DAGSTER_HOME"}
    start = time.perf_counter()
    proc = subprocess.Popen(
        [str(UNPOL), "run", "--plain", "--inbox", str(inbox), "--warehouse", str(warehouse)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT, env=env,
    )
    out = proc.stdout.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"unpol run exited {code}:\n{out[-3000:]}")
    # ru_maxrss is in KiB on Linux. CPU time (user + system) varies less than
    # wall time when other work shares the machine.
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out


def check_ledger(warehouse: Path, files: int) -> int:
    """Every file of the run has a ledger row that balances; return rows read."""
    sys.path.insert(0, str(ROOT))
    from pipelines.lib.warehouse import read_only

    con = read_only(warehouse)
    try:
        rows = con.execute(
            "select source_file, rows_read, rows_loaded + rows_rejected + rows_duplicate + rows_total "
            "from audit.ingest_ledger"
        ).fetchall()
    finally:
        con.close()
    bad = [r for r in rows if r[1] != r[2]]
    if len(rows) != files or bad:
        raise SystemExit(f"ledger: {len(rows)} rows for {files} files; not balancing: {bad}")
    return sum(r[1] for r in rows)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=3, help="runs to take the median of (default 3)")
    p.add_argument("--real", type=Path, default=DEFAULT_REAL, help="the real data folder")
    a = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="unpol-load-real-") as tmp:
        inbox = Path(tmp) / "inbox"
        files, size = make_inbox(a.real.resolve(), inbox)
        print(f"inbox: {files} files, {size / 2**20:.1f} MiB from {a.real.resolve()}", flush=True)
        walls, cpus, peaks, rows = [], [], [], 0
        for i in range(1, a.repeat + 1):
            wh = Path(tmp) / f"run{i}" / "unpol.duckdb"
            wall, cpu, rss, _ = run_once(inbox, wh)
            rows = check_ledger(wh, files)
            walls.append(wall)
            cpus.append(cpu)
            peaks.append(rss)
            print(f"run {i}: {wall:.1f} s wall, {cpu:.1f} s CPU, peak RSS {rss:.0f} MiB, {rows:,} rows read, "
                  "ledger balances", flush=True)
            shutil.rmtree(wh.parent, ignore_errors=True)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load_real: {files} files, {rows:,} rows: {statistics.median(walls):.1f} s wall, "
          f"{statistics.median(cpus):.1f} s CPU (medians of {len(walls)}, process start to exit), "
          f"peak RSS {max(peaks):.0f} MiB "
          f"[{os.cpu_count()} CPUs, load average {load}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
