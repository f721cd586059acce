"""Shared fixtures. Every test gets its own temporary warehouse and inbox; the
real datasets are read from ../shared/data/real (never copied).

Tests live in four folders, one per layer, and each test is marked with its
folder's name (``pytest -m unit``); the two outer layers are also ``slow``, so
``pytest -m "not slow"`` runs the unit and asset layers only:

- ``unit/``: pure functions, contracts, formats, static checks of the code.
- ``assets/``: the code location, SQL models and materializations on tiny inputs.
- ``integration/``: whole pipelines on the bundled and real data, crash safety,
  schedules, PostgreSQL.
- ``e2e/``: the ``unpol`` command, the daemon and the report in a browser.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import pytest

from pipelines.definitions import MAIN_JOB, build_definitions
from pipelines.lib.warehouse import read_only
from pipelines.settings import BUNDLED_INBOX, PROJECT_ROOT, Settings

SHARED_REAL = PROJECT_ROOT.parent / "shared" / "data" / "real"
TESTS = Path(__file__).resolve().parent
LAYERS = {"unit": (), "assets": (), "integration": ("slow",), "e2e": ("slow",)}


def pytest_collection_modifyitems(config, items):
    for item in items:
        parts = Path(str(item.fspath)).resolve().relative_to(TESTS).parts
        layer = parts[0] if len(parts) > 1 else None
        if layer not in LAYERS:
            raise pytest.UsageError(f"{item.nodeid}: tests live in one of {', '.join(LAYERS)}/")
        for marker in (layer, *LAYERS[layer]):
            item.add_marker(marker)


@pytest.fixture(scope="session", autouse=True)
def dagster_home(tmp_path_factory) -> Path:
    """``unpol run`` records into the Dagster instance in DAGSTER_HOME (default
    var/dagster of the checkout): tests get a throwaway one, inherited by the
    commands they start, and never touch the developer's."""
    import os

    home = tmp_path_factory.mktemp("dagster_home")
    old = os.environ.get("DAGSTER_HOME")
    os.environ["DAGSTER_HOME"] = str(home)
    yield home
    if old is None:
        os.environ.pop("DAGSTER_HOME", None)
    else:
        os.environ["DAGSTER_HOME"] = old


@pytest.fixture(scope="session")
def shared_real() -> Path:
    if not SHARED_REAL.is_dir():
        pytest.fail(f"real datasets not found at {SHARED_REAL}: check out ../shared beside the repository")
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


@pytest.fixture(scope="session")
def bundled_warehouse(tmp_path_factory) -> Path:
    """The warehouse built once from the bundled data (read-only for tests)."""
    wh = tmp_path_factory.mktemp("bundled") / "unpol.duckdb"
    result = run_pipeline(BUNDLED_INBOX, wh)
    assert result.success, [e.message for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
    return wh


@pytest.fixture
def query():
    def _query(warehouse: Path, sql: str, params=None):
        con = read_only(warehouse)
        try:
            return con.execute(sql, params or []).fetchall()
        finally:
            con.close()

    return _query


# Folders of ../shared/data/real that issue 3 loads; RADPKO (fractional yearly
# averages per base) and the contribution ranks (one month, all missions
# together) are recognised by header but not loaded.
REAL_NOT_LOADED = ("radpko_bases_yearly", "un_contribution_ranks")
# Real files refused by design, left out of the real inbox so the run
# publishes: IPI's per-country file with an empty name (``.csv``, one NA row)
# names no country (rule country_named_in_file); tests/integration/
# test_real_contributors_and_locations.py shows the refusal on its own.
REAL_REFUSED = ("ipi_contributor_police_monthly/countries/.csv",)


def real_inbox(dest: Path, with_figures: bool = True) -> Path:
    """An inbox holding copies of every real file that is loaded (one folder per
    source folder) and, with ``with_figures``, the bundled figures cited in UN
    documents (``documents/reported_figures.csv``) that the reconciliation
    compares with the records. Copies, not symlinks: the inbox refuses links
    that lead outside it."""
    dest.mkdir(parents=True, exist_ok=True)
    for folder in sorted(p for p in SHARED_REAL.iterdir() if p.is_dir() and p.name not in REAL_NOT_LOADED):
        # Subfolders too (ipi_contributor_police_monthly/countries/, geopko_locations_yearly/v2.3/).
        for f in sorted(folder.rglob("*.csv")):
            rel = f.relative_to(SHARED_REAL)
            if rel.as_posix() in REAL_REFUSED:
                continue
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(f, dest / rel)
    if with_figures:
        (dest / "documents").mkdir(exist_ok=True)
        shutil.copyfile(BUNDLED_INBOX / "reported_figures.csv", dest / "documents" / "reported_figures.csv")
    return dest


@pytest.fixture(scope="session")
def real_warehouse(tmp_path_factory, shared_real) -> Path:
    """The warehouse built once from every loaded real file (plus the cited
    figures), through the normal path: ``unpol run --inbox`` (read-only for tests)."""
    from pipelines.cli import main as unpol

    root = tmp_path_factory.mktemp("real")
    inbox = real_inbox(root / "inbox")
    wh = root / "unpol.duckdb"
    code = unpol(["run", "--inbox", str(inbox), "--warehouse", str(wh), "--plain"])
    assert code == 0, f"unpol run on the real files exited {code}"
    return wh
