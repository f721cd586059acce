"""Where the time of one ``unpol run`` goes, by phase.

    .venv/bin/python bench/profile_run.py            # the bundled data (data/inbox)
    .venv/bin/python bench/profile_run.py --real     # all of ../shared/data/real plus the bundled data

Runs ``unpol run --plain`` in this process (into a temporary warehouse and a
new temporary Dagster instance, as bench/run_bench.py does) with a timer around
the calls that make up a run: the imports, the definitions, the Dagster
instance, the run itself and, inside it, Dagster's event storage (every event
of the run is written to its SQLite files), Dagster's data-version lookups
(one per asset step, before it runs), DuckDB database opens, the report, and
the step bodies (``unpol run --steps`` prints each). Prints seconds and calls
of each; the timers cost a little, so the total is a little above a plain run.
Interpreter start (about 0.1 s) is not counted. Nothing is asserted.
"""

from __future__ import annotations

import sys
import time

T0 = time.perf_counter()

import argparse  # noqa: E402
import collections  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
STATS: dict[str, list] = collections.defaultdict(lambda: [0, 0.0])
_active: list[str] = []  # the timed calls in progress: a nested one is not counted twice


def timed(owner, name: str, label: str) -> None:
    inner = getattr(owner, name)

    def wrapper(*args, **kwargs):
        if label in _active:
            return inner(*args, **kwargs)
        _active.append(label)
        start = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            _active.remove(label)
            STATS[label][0] += 1
            STATS[label][1] += time.perf_counter() - start

    setattr(owner, name, wrapper)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--real", action="store_true", help="all of ../shared/data/real plus the bundled data")
    a = p.parse_args(argv)
    t = time.perf_counter()
    import dagster  # noqa: F401

    import pipelines.cli.main as _  # noqa: F401
    import pipelines.definitions  # noqa: F401

    STATS["import: dagster, the project and its libraries"] = [1, time.perf_counter() - t]
    import duckdb
    from dagster._core.execution.context.data_version_cache import DataVersionCache
    from dagster._core.storage.event_log.sql_event_log import SqlEventLogStorage
    from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage

    import pipelines.cli.instance as instance
    import pipelines.definitions as definitions
    from bench.run_bench import dagster_home, real_and_bundled_inbox
    from pipelines.lib.report import output
    from pipelines.settings import BUNDLED_INBOX

    cli = sys.modules["pipelines.cli.main"]
    timed(definitions, "build_definitions", "definitions: build_definitions")
    timed(instance, "get_instance", "Dagster instance: open")
    timed(SqliteEventLogStorage, "store_event", "in the run: Dagster stores an event (SQLite)")
    timed(SqlEventLogStorage, "get_asset_records", "in the run: Dagster asset-record lookups (data versions, ...)")
    timed(DataVersionCache, "_fetch_input_asset_version_info", "in the run: Dagster asset-record lookups (data versions, ...)")
    timed(duckdb, "connect", "in the run: DuckDB database opens (duckdb.connect)")
    timed(output, "render_report", "in the run: report rendering")
    from dagster import JobDefinition

    timed(JobDefinition, "execute_in_process", "the run (execute_in_process), all of it")
    with tempfile.TemporaryDirectory(prefix="unpol-profile-") as d:
        tmp = Path(d)
        os.environ["DAGSTER_HOME"] = str(dagster_home(tmp))
        for k in [k for k in os.environ if k.startswith("UNPOL_")]:
            del os.environ[k]
        inbox = real_and_bundled_inbox(tmp)[0] if a.real else BUNDLED_INBOX
        start = time.perf_counter()
        with open(os.devnull, "w") as null:
            stdout, sys.stdout = sys.stdout, null
            try:
                code = cli.main(["run", "--plain", "--inbox", str(inbox), "--warehouse", str(tmp / "wh" / "unpol.duckdb")])
            finally:
                sys.stdout = stdout
        STATS["unpol run after the imports (definitions, instance, run, summary)"] = [1, time.perf_counter() - start]
        shutil.rmtree(tmp / "wh", ignore_errors=True)
    total = time.perf_counter() - T0
    print(f"profile_run: unpol run on {'../shared/data/real plus the bundled data' if a.real else 'the bundled data'}"
          f" (exit {code}): {total:.2f} s from the start of this script [load average "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}, {os.cpu_count()} CPUs]")
    for label, (n, s) in sorted(STATS.items(), key=lambda kv: (not kv[0].startswith(("import", "unpol")), -kv[1][1])):
        print(f"  {s:7.2f} s  {n:5d} x  {label}")
    return code


if __name__ == "__main__":
    sys.exit(main())
