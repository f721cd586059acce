"""How many processes draw the report's sections: one per core beyond the
run's own, at most four (the processes themselves: tests/integration/test_report_workers.py)."""

import pytest


@pytest.mark.parametrize(("cores", "workers"), [(1, 0), (2, 1), (5, 4), (64, 4)])
def test_one_worker_per_core_beyond_the_runs_own_at_most_four(monkeypatch, cores, workers):
    from pipelines import settings

    monkeypatch.setattr(settings.os, "sched_getaffinity", lambda pid: set(range(cores)))
    assert settings.default_report_workers() == workers
    assert settings.Settings().report_workers == workers

