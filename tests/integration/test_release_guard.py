"""Runs the daemon, the schedule, the sensor and the UI launch build their
definitions from ``UNPOL_WAREHOUSE``; when it names a file of a published
release the run refuses before writing anything (issue 25), and a publish
leaves the release read-only on disk."""

from __future__ import annotations

import os
import stat

import dagster as dg

from pipelines.definitions import MAIN_JOB, build_definitions
from tests.integration.test_releases import tree_digest


def test_a_run_from_the_environment_refuses_a_warehouse_inside_a_release(bundled_copy, bundled_inbox, monkeypatch):
    root = bundled_copy.parent
    release_file = bundled_copy.resolve()  # what `unpol serve` passed before issue 25
    before = tree_digest(root)
    monkeypatch.setenv("UNPOL_WAREHOUSE", str(release_file))
    monkeypatch.setenv("UNPOL_INBOX", str(bundled_inbox))
    job = build_definitions().resolve_job_def(MAIN_JOB)
    result = job.execute_in_process(instance=dg.DagsterInstance.ephemeral(), raise_on_error=False)
    assert not result.success
    errors = [str(e.event_specific_data.error) for e in result.all_events
              if getattr(e.event_specific_data, "error", None) is not None]
    assert any(f"refused: {release_file} resolves to {release_file}, inside the published release" in e
               for e in errors), errors
    assert tree_digest(root) == before
    assert not (release_file.parent / ".build").exists() and not (release_file.parent / "releases").exists()


def test_a_published_release_is_read_only_on_disk(bundled_warehouse):
    release = bundled_warehouse.resolve().parent
    for dirpath, _, filenames in os.walk(release):
        assert stat.S_IMODE(os.stat(dirpath).st_mode) == 0o555, dirpath
        for name in filenames:
            assert stat.S_IMODE(os.stat(os.path.join(dirpath, name)).st_mode) == 0o444, name
