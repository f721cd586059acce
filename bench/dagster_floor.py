"""What Dagster alone costs a run shaped like ``unpol run``'s: the floor under
the issue-16 targets for the whole run (8 s and 5 s).

    .venv/bin/python bench/dagster_floor.py [--assets 89] [--checks 46] [--repeat 3]

Builds a job of ``--assets`` assets that do nothing (each depends on the two
before it and returns a row count, as the project's assets report theirs) and
``--checks`` asset checks that pass, one step each (89 + 46 = 135 steps, as the
bundled run has), and runs it in-process with the in-process executor, as
``unpol run`` does, into a new Dagster instance of the project's dagster.yaml
(SQLite storage), opened as ``unpol run`` opens it (``get_instance`` in
``pipelines/cli/instance.py``: its SQLite setting and event log) and, like it,
no console log. Each repeat is a fresh child process: the
import of dagster, the definitions, the instance and the run are timed apart
inside it; wall and CPU time (user + system) of the whole child from ``wait4``.
Nothing of the project's data is touched.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
import dagster as dg
t_import = time.perf_counter() - t0
home, n_assets, n_checks, n_steps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])

def make(i):
    deps = [f"a{j}" for j in (i - 1, i - 2) if j >= 0]
    @dg.asset(name=f"a{i}", deps=deps, group_name=f"g{i % 12}")
    def _a() -> dg.MaterializeResult:
        return dg.MaterializeResult(metadata={"dagster/row_count": i})
    return _a

def check(i):
    @dg.asset_check(asset=f"a{i}", name=f"c{i}")
    def _c() -> dg.AssetCheckResult:
        return dg.AssetCheckResult(passed=True)
    return _c

@dg.logger
def quiet(_):
    # unpol run replaces Dagster's console logger with its progress handler.
    import logging
    log = logging.getLogger("dagster_floor")
    log.handlers, log.propagate = [logging.NullHandler()], False
    return log

def grouped(g):
    # The g-th run of consecutive assets as one multi-asset step, their checks inside it.
    size = -(-n_assets // n_steps)
    members = [i for i in range(g * size, min(n_assets, (g + 1) * size))]
    @dg.multi_asset(
        name=f"step{g}",
        specs=[dg.AssetSpec(f"a{i}", deps=[f"a{j}" for j in (i - 1, i - 2) if j >= 0], group_name=f"g{g}")
               for i in members],
        check_specs=[dg.AssetCheckSpec(f"c{i}", asset=f"a{i}") for i in members if i < n_checks],
    )
    def _m():
        for i in members:
            yield dg.MaterializeResult(asset_key=f"a{i}", metadata={"dagster/row_count": i})
            if i < n_checks:
                yield dg.AssetCheckResult(asset_key=f"a{i}", check_name=f"c{i}", passed=True)
    return _m

t1 = time.perf_counter()
if n_steps:
    assets, checks = [grouped(g) for g in range(n_steps)], []
else:
    assets = [make(i) for i in range(n_assets)]
    checks = [check(i) for i in range(n_checks)]
defs = dg.Definitions(assets=assets, asset_checks=checks,
                      jobs=[dg.define_asset_job("floor", selection=dg.AssetSelection.all())],
                      executor=dg.in_process_executor, loggers={"console": quiet})
job = defs.resolve_job_def("floor")
t_defs = time.perf_counter() - t1
t2 = time.perf_counter()
import os
os.environ["DAGSTER_HOME"] = home
from pipelines.cli.instance import get_instance
instance = get_instance()  # as unpol run opens it: its SQLite setting and event log
t_instance = time.perf_counter() - t2
t3 = time.perf_counter()
result = job.execute_in_process(instance=instance, run_config={"loggers": {"console": {}}})
t_run = time.perf_counter() - t3
assert result.success
steps = len(result.get_step_success_events())
print(json.dumps({"import": t_import, "defs": t_defs, "instance": t_instance, "run": t_run, "steps": steps}))
"""


def one(home: Path, assets: int, checks: int, steps: int = 0) -> tuple[float, float, dict]:
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err_file:  # Dagster's console log, read after exit (a pipe could fill)
        proc = subprocess.Popen([sys.executable, "-c", CHILD, str(home), str(assets), str(checks), str(steps)],
                                stdout=subprocess.PIPE, stderr=err_file, cwd=ROOT)
        out = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        err_file.seek(0)
        err = err_file.read()
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(err.decode()[-2000:])
    return wall, usage.ru_utime + usage.ru_stime, json.loads(out.decode().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--assets", type=int, default=89)
    p.add_argument("--checks", type=int, default=46)
    p.add_argument("--steps", type=int, default=0,
                   help="the assets as this many multi-asset steps, each check inside its asset's step "
                        "(default 0: one step per asset and per check)")
    p.add_argument("--repeat", type=int, default=3)
    a = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="unpol-dagster-floor-") as tmp:
        home = Path(tmp) / "dagster_home"
        home.mkdir()
        shutil.copyfile(ROOT / "dagster.yaml", home / "dagster.yaml")
        one(home, 1, 0)  # creates the instance's storage, not measured
        runs = []
        for i in range(1, a.repeat + 1):
            wall, cpu, parts = one(home, a.assets, a.checks, a.steps)
            runs.append((wall, cpu, parts))
            print(f"run {i}: {wall:.2f} s wall, {cpu:.2f} s CPU; inside: import dagster {parts['import']:.2f} s, "
                  f"definitions {parts['defs']:.2f} s, instance {parts['instance']:.2f} s, "
                  f"run of {parts['steps']} steps {parts['run']:.2f} s", flush=True)
    med = {k: statistics.median(r[2][k] for r in runs) for k in ("import", "defs", "instance", "run")}
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"dagster_floor: {a.assets} no-op assets + {a.checks} checks ({runs[0][2]['steps']} steps): "
          f"{statistics.median(r[0] for r in runs):.2f} s wall, {statistics.median(r[1] for r in runs):.2f} s CPU "
          f"(medians of {len(runs)}, process start to exit); the run alone {med['run']:.2f} s "
          f"({med['run'] / runs[0][2]['steps'] * 1000:.0f} ms a step), import of dagster {med['import']:.2f} s "
          f"[{os.cpu_count()} CPUs, load average {load}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
