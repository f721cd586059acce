"""Shared fixtures. Every test gets its own temporary warehouse and inbox; the
real datasets are read from ../shared/data/real (never copied)."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import pytest

from pipelines.definitions import MAIN_JOB, build_definitions
from pipelines.lib.warehouse import read_only
from pipelines.settings import BUNDLED_INBOX, PROJECT_ROOT, Settings

SHARED_REAL = PROJECT_ROOT.parent / "shared" / "data" / "real"


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
