"""Where the report is written and how: beside the published warehouse, as a
whole file renamed over the old one.

    report_path(warehouse_file)             -> <dir of the warehouse>/reports/police_scorecard.html
    write_report(con, path)                 -> Report, written atomically
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from pipelines.lib.files import write_atomic
from pipelines.lib.report.page import Report, render_report

REPORT_DIR = "reports"
REPORT_FILE = "police_scorecard.html"


def report_path(warehouse_file: str | os.PathLike) -> Path:
    """Where the report of a warehouse is: ``reports/`` beside the file as named
    (not resolved: the published name is a link into the current release, and
    readers keep the stable path ``<dir>/reports/``, itself a link)."""
    return Path(os.path.abspath(warehouse_file)).parent / REPORT_DIR / REPORT_FILE


def write_report(con, path: str | os.PathLike, warehouse_label: str = "") -> Report:
    started = time.perf_counter()
    report = render_report(con, warehouse_label=warehouse_label)
    write_atomic(Path(path), report.html)
    report.seconds = time.perf_counter() - started
    return report
