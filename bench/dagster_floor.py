"""Benchmark: the floor under ``unpol run``, what Dagster and the imports cost
before any work is done.

    .venv/bin/python bench/dagster_floor.py [--repeat 3]

The code location's own graph is copied with every body a no-op: the same
steps, asset keys, dependencies and checks (each check passes; the staffing
asset unpartitioned, so it records one materialization where a full run
records one per month). Each case runs in a fresh child process, the cases
alternately, ``--repeat`` times (wall from process start, CPU from ``wait4``):

* ``unpol run``: ``unpol run --plain`` on the bundled data into a new warehouse;
* ``no-op graph + the run's imports``: the copy, in a Dagster instance of its
  own recorded as ``unpol run`` records its run (``pipelines/cli/instance.py``),
  after importing what the run's code imports (pandera's Ibis backend, polars,
  DuckDB, matplotlib's SVG backend, Jinja);
* ``no-op graph``: the same without those imports;
* ``no-op graph, in-memory instance``: the same, recording nothing
  (``DagsterInstance.ephemeral()``: the run would not show in ``unpol serve``).

Each instance is created before the first measured run. Prints the medians and
each as a share of ``unpol run`` measured in the same run; nothing is asserted
(machines are noisy).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # bench.* when run as a script

from bench import run_bench  # noqa: E402

RUN_IMPORTS = ("pandera.ibis", "polars", "duckdb", "jinja2", "matplotlib.figure", "matplotlib.backends.backend_svg")


def graph_shape() -> list[dict]:
    """The main job's steps: each step's asset keys with their dependencies, its
    checks, and whether it can run a subset."""
    from pipelines.definitions import defs

    return [{"name": a.node_def.name, "can_subset": a.can_subset,
             "specs": [{"key": list(s.key.path), "deps": [list(d.asset_key.path) for d in s.deps]} for s in a.specs],
             "checks": [{"asset": list(c.asset_key.path), "name": c.name} for c in a.check_specs]}
            for a in defs.assets]


def noop_job(shape: list[dict]):
    import dagster as dg

    def step(entry: dict):
        specs = [dg.AssetSpec(s["key"], deps=[dg.AssetKey(d) for d in s["deps"]]) for s in entry["specs"]]
        checks = [dg.AssetCheckSpec(c["name"], asset=dg.AssetKey(c["asset"])) for c in entry["checks"]]

        @dg.multi_asset(name=entry["name"], specs=specs, check_specs=checks, can_subset=entry["can_subset"])
        def body():
            for spec in specs:
                yield dg.MaterializeResult(asset_key=spec.key)
            for check in checks:
                yield dg.AssetCheckResult(asset_key=check.asset_key, check_name=check.name, passed=True)

        return body

    defs = dg.Definitions(assets=[step(e) for e in shape], jobs=[dg.define_asset_job("noop")],
                          executor=dg.in_process_executor)
    return defs.resolve_job_def("noop")


def child(case: str, shape_file: str, home: str) -> None:
    import importlib
    import uuid

    if case == "noop_imports":
        for module in RUN_IMPORTS:
            importlib.import_module(module)
    import dagster as dg

    job = noop_job(json.loads(Path(shape_file).read_text()))
    if case == "noop_memory":
        with dg.DagsterInstance.ephemeral() as instance:
            assert job.execute_in_process(instance=instance).success
        return
    from pipelines.cli.instance import event_log_held_open, sqlite_syncs_at_checkpoints

    with sqlite_syncs_at_checkpoints(Path(home)), dg.DagsterInstance.from_config(home) as instance:
        run_id = str(uuid.uuid4())
        with event_log_held_open(instance, run_id):
            assert job.execute_in_process(instance=instance, run_id=run_id).success


CASES = {
    "unpol": "unpol run, bundled data",
    "noop_imports": "no-op graph + the run's imports",
    "noop": "no-op graph",
    "noop_memory": "no-op graph, in-memory instance",
}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--child", nargs=3, metavar=("CASE", "SHAPE", "HOME"), help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child:
        child(*a.child)
        return
    from pipelines.settings import BUNDLED_INBOX

    tmp = Path(tempfile.mkdtemp(prefix="unpol_floor_"))
    try:
        measure(tmp, a.repeat, BUNDLED_INBOX)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def measure(tmp: Path, repeat: int, inbox: Path) -> None:
    shape = tmp / "shape.json"
    steps = graph_shape()
    shape.write_text(json.dumps(steps))
    print(f"graph: {len(steps)} steps, {sum(len(s['specs']) for s in steps)} asset keys, "
          f"{sum(len(s['checks']) for s in steps)} checks")
    homes = {}
    for case in CASES:
        if case != "noop_memory":
            (tmp / case).mkdir()
            homes[case] = run_bench.dagster_home(tmp / case)
    runs: dict[str, list] = {case: [] for case in CASES}
    for _ in range(repeat):
        for case in CASES:
            if case == "unpol":
                wall, _, cpu = run_bench.whole_pipeline(inbox, tmp, keep="unpol", dagster_home=homes[case])
            else:
                m = run_bench.measure([run_bench.PY, __file__, "--child", case, str(shape), str(homes.get(case, ""))])
                wall, cpu = m.wall, m.cpu
            runs[case].append((wall, cpu))
    base = statistics.median(w for w, _ in runs["unpol"])
    print(f"median of {repeat}, cases alternated; {run_bench.machine()}")
    print("| case | wall | CPU | wall / unpol run |\n|---|---|---|---|")
    for case, label in CASES.items():
        wall = statistics.median(w for w, _ in runs[case])
        cpu = statistics.median(c for _, c in runs[case])
        print(f"| {label} | {wall:.2f} s | {cpu:.2f} s | {wall / base:.2f}x |")


if __name__ == "__main__":
    main()
