"""Benchmark: the project's ingest path against DuckDB alone and pandas + pandera.

    .venv/bin/python bench/run_bench.py [--sizes 1m,10m] [--repeat 3]
    .venv/bin/python bench/run_bench.py --only unpol-run [--repeat 3] [--baseline DIR]

Everything is measured in the same run on the same files, each measurement in
a fresh child process (wall time from process start of the task; peak RSS of
that child from ``wait4``):

* ``project``: the code the raw staffing asset calls (``ingest_into`` with the
  staffing spec: read, parse, normalise, pandera validation, duplicate
  resolution, load into ``raw.staffing_contributions`` of a DuckDB file).
* ``duckdb``: DuckDB alone, ``read_csv`` into a table (the floor), with default
  settings and with ``preserve_insertion_order=false``.
* ``pandas``: what most users write: pandas ``read_csv`` + a pandera (pandas)
  schema with the same checks (types, ranges, allowed values, female + male =
  total, unique key) + load into DuckDB.

Also: the incremental cost of one month on top of ten years, the scorecard
query on the big fact (median of 5), and the whole ``unpol run`` end to end
(process start to exit) on the bundled data (``data/inbox``, the default) and
on all of ../shared/data/real plus the bundled data, each with its CPU time
(user + system of the ``unpol`` process and the children it waited for, from
``wait4``), median of ``--repeat``. bench/report.py holds the targets and writes
BENCHMARKS.md.
``--only unpol-run`` measures that part alone; ``--baseline DIR`` runs a
checkout of earlier code before each of these runs, on the same inbox, to
compare the two under the same load. Those runs record into a
temporary Dagster instance (``DAGSTER_HOME`` in the run's temporary folder,
created before the first run), so the checkout's run history neither slows
nor grows with them. Ratios are printed against the floor and the baseline
measured in the same run, in wall and in CPU time; nothing is asserted
(machines are noisy).
Inputs are SYNTHETIC (bench/generate.py), labelled so in the data.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
PRESETS = {"1m": 1_000_000, "10m": 10_000_000}
PY = sys.executable
DATA = ROOT / "bench" / "data"
SHARED_REAL = ROOT.parent / "shared" / "data" / "real"
ONLY = ("unpol-run",)
sys.path.insert(0, str(ROOT))  # bench.* when run as a script

from bench.real_inbox import copy_loaded  # noqa: E402

# --- harness --------------------------------------------------------------------

class Measured(NamedTuple):
    wall: float  # seconds, from the child's start
    rss: float  # peak RSS of the child, MiB
    result: dict  # the child's JSON line
    cpu: float  # user + system CPU seconds of the child (and its children)


def measure(args: list[str], env: dict | None = None) -> Measured:
    """Run a child; return its wall seconds, peak RSS, JSON result and CPU seconds
    (``wait4``: the child's user + system time, with that of every process it
    started and waited for, as ``getrusage(RUSAGE_CHILDREN)`` would count it)."""
    t = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
                            env=child_env(env))
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    if status != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{err.decode()[-2000:]}")
    lines = [ln for ln in out.decode().splitlines() if ln.startswith("{")]
    return Measured(wall, usage.ru_maxrss / 1024, json.loads(lines[-1]) if lines else {},
                    usage.ru_utime + usage.ru_stime)


def child_env(extra: dict | None = None) -> dict:
    """The environment of a measured child: this one without UNPOL_* settings
    (every run names its inbox and warehouse), plus ``extra``."""
    return {**{k: v for k, v in os.environ.items() if not k.startswith("UNPOL_")}, **(extra or {})}


def run_task(name: str, *params: str) -> Measured:
    return measure([PY, __file__, "--task", name, *params])


def median_of(n: int, fn) -> Measured:
    """Median wall and CPU, the largest peak RSS, the last result."""
    runs = [fn() for _ in range(n)]
    return Measured(statistics.median(r.wall for r in runs), max(r.rss for r in runs), runs[-1].result,
                    statistics.median(r.cpu for r in runs))


def ensure_data(size: str) -> Path:
    path = DATA / csv_name(size)
    if not path.exists():
        subprocess.run([PY, str(ROOT / "bench" / "generate.py"), "--rows", size, "--out", str(DATA)], check=True,
                       stdout=sys.stderr)  # report.py prints Markdown on stdout
    return path


def bench_size(size: str, repeat: int, tmp: Path) -> dict:
    csv = ensure_data(size)
    res = {}

    def fresh(name):
        p = tmp / f"{name}.duckdb"
        p.unlink(missing_ok=True)
        return str(p)

    res["duckdb"] = median_of(repeat, lambda: run_task("duckdb", str(csv), fresh("floor"), "0"))
    res["duckdb_fast"] = median_of(repeat, lambda: run_task("duckdb", str(csv), fresh("floor_fast"), "1"))
    res["project"] = median_of(repeat, lambda: run_task("project", str(csv), fresh("project")))
    res["pandas"] = median_of(repeat, lambda: run_task("pandas", str(csv), fresh("pandas")))
    return res


def _big_pipeline(size: str, tmp: Path, lines: list[str]) -> None:
    """The whole pipeline over the big file (plus the bundled data), then the
    scorecard query on the published warehouse."""
    from pipelines.settings import BUNDLED_INBOX

    # The inbox refuses symlinks that lead out of it: hard-link the file in.
    inbox = tmp / "big_inbox"
    shutil.copytree(BUNDLED_INBOX, inbox, dirs_exist_ok=True)
    _link_or_copy(ensure_data(size), inbox / csv_name(size))
    wall, rss, cpu = whole_pipeline(inbox, tmp, keep="big", dagster_home=dagster_home(tmp))
    lines.append(f"`unpol run` with the {size} synthetic staffing file plus the bundled data: "
                 f"{wall:.1f} s, CPU {cpu:.1f} s, peak RSS {rss:.0f} MiB")
    q = run_task("query", str(tmp / "big" / "unpol.duckdb")).result
    lines.append(f"Scorecard query (one mission's rows, from the mart built over the {size} fact): "
                 f"median of 5 = {q['median_s'] * 1000:.1f} ms; recomputing the scorecard SQL over "
                 f"the {size} fact: median of 5 = {q['rebuild_median_s']:.2f} s")
    _incremental(size, inbox, tmp, lines)


def _incremental(size: str, big_inbox: Path, tmp: Path, lines: list[str]) -> None:
    """One new month on top of the ten years just published, against the same
    month loaded into an empty warehouse; both with `unpol run --month`."""
    from datetime import date

    from bench.generate import staffing

    rows = (PRESETS.get(size) or int(size)) // 120
    month = staffing(rows, seed=7, months=1, first=date(2020, 1, 1))
    month.write_csv(big_inbox / "synthetic_month_2020-01.csv")
    alone = tmp / "month_inbox"
    alone.mkdir(exist_ok=True)
    month.write_csv(alone / "synthetic_month_2020-01.csv")
    unpol = str(Path(PY).parent / "unpol")
    on_top, rss_top, *_ = measure([unpol, "run", "--plain", "--month", "2020-01", "--inbox", str(big_inbox),
                                  "--warehouse", str(tmp / "big" / "unpol.duckdb")])
    shutil.rmtree(tmp / "empty", ignore_errors=True)
    empty, rss_empty, *_ = measure([unpol, "run", "--plain", "--month", "2020-01", "--inbox", str(alone),
                                   "--warehouse", str(tmp / "empty" / "unpol.duckdb")])
    lines.append(f"One new month ({rows:,} rows) on top of ten years ({size}): {on_top:.1f} s, peak RSS "
                 f"{rss_top:.0f} MiB; the same month into an empty warehouse: {empty:.1f} s "
                 f"({rss_empty:.0f} MiB); ratio {on_top / empty:.2f}")


def csv_name(size: str) -> str:
    return f"synthetic_staffing_{size}.csv"


def whole_pipeline(inbox: Path, tmp: Path, keep: str = "whole", dagster_home: Path | None = None,
                   code: Path | None = None) -> tuple[float, float, float]:
    """``unpol run`` on ``inbox`` into a new warehouse: (wall s, peak RSS MiB, CPU s).
    ``code``: a checkout of other code to run instead of this one (first on the path)."""
    wh = tmp / keep / "unpol.duckdb"
    shutil.rmtree(wh.parent, ignore_errors=True)
    env = {"DAGSTER_HOME": str(dagster_home)} if dagster_home else {}
    if code:
        env["PYTHONPATH"] = str(code)
    m = measure([str(Path(PY).parent / "unpol"), "run", "--plain", "--inbox", str(inbox), "--warehouse", str(wh)],
                env=env)
    return m.wall, m.rss, m.cpu


def dagster_home(tmp: Path) -> Path:
    """A Dagster instance of the bench's own (the project's dagster.yaml), created
    once before the first measured run so no run pays for creating its storage."""
    home = tmp / "dagster_home"
    if not home.is_dir():
        home.mkdir()
        shutil.copyfile(ROOT / "dagster.yaml", home / "dagster.yaml")
        subprocess.run([PY, "-c", "import sys, dagster; dagster.DagsterInstance.from_config(sys.argv[1]).dispose()",
                        str(home)], check=True, cwd=ROOT, env=child_env())
    return home


def real_and_bundled_inbox(tmp: Path, real: Path | None = None) -> tuple[Path, int]:
    """Every file of ``real`` (../shared/data/real) that the pipeline loads, one
    folder per source folder with its subfolders (``countries/``, ``v2.3/``),
    and the bundled inbox in ``bundled/``: copies in a new inbox under ``tmp``
    (the inbox refuses links that lead out of it, and nothing is ever written
    into ``real``). Returns the inbox and its number of files."""
    from pipelines.settings import BUNDLED_INBOX

    real = real or SHARED_REAL
    inbox = tmp / "real_and_bundled_inbox"
    shutil.rmtree(inbox, ignore_errors=True)
    shutil.copytree(BUNDLED_INBOX, inbox / "bundled")
    copy_loaded(real, inbox)
    return inbox, sum(1 for p in inbox.rglob("*") if p.is_file())


def unpol_runs(tmp: Path, repeat: int, lines: list[str], baseline: Path | None = None) -> None:
    """The whole ``unpol run``, process start to exit, on the bundled default
    and on the real data plus the bundled data: median wall and CPU of
    ``repeat``. With ``baseline`` (a checkout of earlier code), each run of this
    code follows one of the baseline's on the same inbox, so both see the same
    load."""
    from pipelines.settings import BUNDLED_INBOX

    home = dagster_home(tmp)
    cases = [("bundled", BUNDLED_INBOX, "the bundled data (data/inbox, the default)")]
    if SHARED_REAL.is_dir():
        inbox, files = real_and_bundled_inbox(tmp)
        cases.append(("real_bundled", inbox, f"all of ../shared/data/real plus the bundled data ({files} files)"))
    else:
        lines.append(f"`unpol run` on the real data: not measured, {SHARED_REAL} is missing")
    for key, inbox, label in cases:
        runs, before = [], []
        for _ in range(repeat):
            if baseline:
                before.append(whole_pipeline(inbox, tmp, keep=key, dagster_home=home, code=baseline))
            runs.append(whole_pipeline(inbox, tmp, keep=key, dagster_home=home))
        for who, rs in (("baseline " + str(baseline), before), ("", runs)):
            if not rs:
                continue
            wall = statistics.median(r[0] for r in rs)
            cpu = statistics.median(r[2] for r in rs)
            each = ", ".join(f"{r[0]:.1f}" for r in rs)
            lines.append(f"`unpol run` on {label}{', ' + who if who else ''}, process start to exit: {wall:.1f} s "
                         f"wall, CPU {cpu:.1f} s (medians of {repeat}; wall of each: {each}), peak RSS "
                         f"{max(r[1] for r in rs):.0f} MiB")
            print(lines[-1], flush=True)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines.append(f"Load average after these runs: {load} ({os.cpu_count()} CPUs)")


def _link_or_copy(src: Path, dst: Path) -> None:
    dst.unlink(missing_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    import duckdb
    import polars

    return (f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, duckdb {duckdb.__version__}, polars {polars.__version__}")


def main(argv=None) -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--task")
    p.add_argument("params", nargs="*")
    p.add_argument("--sizes", default="1m,10m")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--skip-pipeline", action="store_true")
    p.add_argument("--pipeline-only", metavar="SIZE",
                   help="skip the ingest comparison; run the whole pipeline and query timings with SIZE")
    p.add_argument("--baseline", type=Path, metavar="DIR",
                   help="with the unpol runs: a checkout of earlier code (e.g. `git worktree add` or `git archive`) "
                        "whose runs alternate with this code's on the same inboxes")
    p.add_argument("--only", choices=ONLY,
                   help="unpol-run: only the whole `unpol run` on the bundled data and on the real plus the bundled "
                        "data (median of --repeat)")
    a = p.parse_args(argv)
    if a.only and (a.pipeline_only or a.skip_pipeline):
        p.error("--only unpol-run measures only the unpol runs: leave out --pipeline-only and --skip-pipeline")
    if a.task:
        from bench.tasks import TASKS

        print(json.dumps(TASKS[a.task](*a.params)))
        return
    lines = [f"Machine: {machine()}", f"Run: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}", ""]
    table = ["| rows | path | median s | CPU s | peak RSS MiB | x floor (preserve_insertion_order=false) "
             "| CPU x floor | vs pandas baseline |",
             "|---|---|---|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory(prefix="unpol-bench-") as d:
        tmp = Path(d)
        sizes = [] if a.pipeline_only or a.only else a.sizes.split(",")
        if a.pipeline_only:
            a.sizes = a.pipeline_only
            _big_pipeline(a.pipeline_only, tmp, lines)
        for size in sizes:
            r = bench_size(size, a.repeat, tmp)
            floor, floor_cpu, base = r["duckdb_fast"].wall, r["duckdb_fast"].cpu, r["pandas"].wall
            for name, label in (("duckdb", "DuckDB read_csv (default)"), ("duckdb_fast", "DuckDB read_csv (floor)"),
                                ("project", "project ingest + validate + load"),
                                ("pandas", "pandas + pandera + DuckDB (baseline)")):
                wall, rss, _, cpu = r[name]
                table.append(f"| {size} | {label} | {wall:.2f} | {cpu:.2f} | {rss:.0f} | {wall / floor:.2f} | "
                             f"{cpu / floor_cpu:.2f} | {base / wall:.2f}x faster |")
            print("\n".join(table), flush=True)
            if size == a.sizes.split(",")[-1]:
                _big_pipeline(size, tmp, lines)
        if not a.skip_pipeline:
            unpol_runs(tmp, a.repeat, lines, a.baseline.resolve() if a.baseline else None)
    if a.only:
        table = []
    print("\n" + "\n".join([*table, "", *["- " + ln if ln else "" for ln in lines]]))


if __name__ == "__main__":
    main()
