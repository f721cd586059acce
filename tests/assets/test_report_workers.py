"""The report drawn with worker processes is the report drawn alone, byte for
byte: the bundled warehouse's page rendered both ways (its 5 missions are
under the threshold, lowered here so a worker draws some of them)."""

from __future__ import annotations

from datetime import UTC, datetime

from pipelines.lib.report import workers
from pipelines.lib.report.page import render_report
from pipelines.lib.warehouse import read_only


def test_the_page_drawn_with_a_worker_is_the_page_drawn_alone(bundled_warehouse, monkeypatch):
    monkeypatch.setattr(workers, "MIN_MISSIONS", 1)
    at = datetime(2026, 1, 1, tzinfo=UTC)
    con = read_only(bundled_warehouse)
    try:
        alone = render_report(con, built_at=at)
        with_worker = render_report(con, built_at=at, workers=1)
    finally:
        con.close()
    assert (alone.workers, with_worker.workers) == (0, 1)
    assert alone.sections_in_workers == 0 and with_worker.sections_in_workers >= 1
    assert with_worker.charts == alone.charts > 10
    assert with_worker.html == alone.html
