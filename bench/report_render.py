"""Benchmark: how long the scorecard report takes to render.

    .venv/bin/python bench/report_render.py                 # bundled data and ../shared/data/real
    .venv/bin/python bench/report_render.py --warehouse FILE [--warehouse FILE ...] [--repeat 5]

For each warehouse, a fresh child process opens it read-only and renders the
report to a temporary folder: once cold (the process's first render, which
also imports matplotlib and builds its font cache if missing), then
``--repeat`` more times warm (what the report asset costs inside a run, where
Dagster's process already runs). The import time is printed apart. Nothing is
asserted: machines are noisy, and this one is shared (the CPU time of the
render, also printed, is the steadier number on a busy machine).

Without ``--warehouse`` it builds two warehouses first with ``unpol run``:
the bundled data (data/inbox) and the real data in ../shared/data/real except
``un_contribution_ranks`` (copied into a temporary
inbox: the inbox refuses symlinks that leave it).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_REAL = ROOT.parent / "shared" / "data" / "real"
sys.path.insert(0, str(ROOT))  # bench.* when run as a script

from bench.real_inbox import copy_loaded  # noqa: E402

CHILD = r"""
import json, statistics, sys, tempfile, time
from pathlib import Path
t0 = time.perf_counter()
import matplotlib, matplotlib.figure  # noqa: E401  (timed apart: the asset's process has it once)
t_import = time.perf_counter() - t0
from pipelines.lib.report.output import write_report
from pipelines.lib.warehouse import read_only
warehouse, repeat = sys.argv[1], int(sys.argv[2])
con = read_only(warehouse)
out = Path(tempfile.mkdtemp()) / "police_scorecard.html"
times, cpu = [], []
for i in range(repeat + 1):
    t, c = time.perf_counter(), time.process_time()
    report = write_report(con, out)
    times.append(time.perf_counter() - t)
    cpu.append(time.process_time() - c)
con.close()
print(json.dumps({"import_s": t_import, "cold_s": times[0], "warm_s": times[1:], "warm_cpu_s": cpu[1:],
                  "charts": report.charts,
                  "missions": len(report.missions), "bytes": out.stat().st_size}))
"""


def build(inbox: Path, warehouse: Path) -> float:
    started = time.monotonic()
    done = subprocess.run([str(ROOT / ".venv" / "bin" / "unpol"), "run", "--plain", "--inbox", str(inbox),
                           "--warehouse", str(warehouse)], capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        sys.exit(f"unpol run on {inbox} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return time.monotonic() - started


def measure(warehouse: Path, repeat: int) -> dict:
    done = subprocess.run([sys.executable, "-c", CHILD, str(warehouse), str(repeat)],
                          capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        sys.exit(f"render failed on {warehouse}:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--warehouse", type=Path, action="append", help="a built warehouse file (repeatable)")
    p.add_argument("--repeat", type=int, default=5, help="warm renders after the cold one (default 5)")
    args = p.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="report_bench_"))
    targets: list[tuple[str, Path]] = []
    try:
        if args.warehouse:
            targets = [(str(w), w) for w in args.warehouse]
        else:
            wh = tmp / "bundled" / "unpol.duckdb"
            print(f"building the bundled warehouse ... {build(ROOT / 'data' / 'inbox', wh):.1f} s", flush=True)
            targets.append(("bundled (data/inbox)", wh))
            inbox = tmp / "real_inbox"
            inbox.mkdir()
            files = copy_loaded(SHARED_REAL, inbox)
            wh = tmp / "real" / "unpol.duckdb"
            print(f"building the real-data warehouse from {len(files)} files ... {build(inbox, wh):.1f} s", flush=True)
            print("  " + ", ".join(files))
            targets.append(("real (../shared/data/real)", wh))
        print(f"\n| data | missions | charts | HTML | import matplotlib | cold render "
              f"| warm render, min / median of {args.repeat} | warm CPU, min |")
        print("|---|---|---|---|---|---|---|---|")
        for label, wh in targets:
            r = measure(wh, args.repeat)
            warm = sorted(r["warm_s"])
            print(f"| {label} | {r['missions']} | {r['charts']} | {r['bytes'] / 1024:,.0f} KiB | {r['import_s']:.2f} s"
                  f" | {r['cold_s']:.2f} s | {warm[0]:.2f} s / {warm[len(warm) // 2]:.2f} s"
                  f" | {min(r['warm_cpu_s']):.2f} s |", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
