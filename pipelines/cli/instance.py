"""The one Dagster instance that ``unpol run``, ``unpol serve`` and the daemon
share, so the UI shows every run: ``$DAGSTER_HOME`` when set, otherwise the
project default ``var/dagster/``. A home without a ``dagster.yaml`` gets a copy
of the project's (SQLite storage under the home, one run at a time)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from pipelines.lib.paths import PROJECT_ROOT

DEFAULT_HOME = PROJECT_ROOT / "var" / "dagster"
PROJECT_YAML = PROJECT_ROOT / "dagster.yaml"


def dagster_home() -> Path:
    """The instance folder, created with its ``dagster.yaml`` if new."""
    home = Path(os.environ.get("DAGSTER_HOME") or DEFAULT_HOME).resolve()
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "dagster.yaml").exists():
        shutil.copyfile(PROJECT_YAML, home / "dagster.yaml")
    return home


def get_instance():
    import dagster as dg

    return dg.DagsterInstance.from_config(str(dagster_home()))
