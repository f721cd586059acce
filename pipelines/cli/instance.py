"""The Dagster instance of a warehouse. ``unpol run`` and ``unpol serve`` for
one warehouse use the same instance, so the UI shows that warehouse's runs and
months and no other's: ``$DAGSTER_HOME`` when set, otherwise ``.dagster/``
in the warehouse's folder (one warehouse per folder: ``unpol run`` refuses a
second). A home without a ``dagster.yaml`` gets a copy of the project's
(SQLite storage under the home, one run at a time)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from pipelines.lib.paths import PROJECT_ROOT

PROJECT_YAML = PROJECT_ROOT / "dagster.yaml"
HOME_DIR = ".dagster"


def dagster_home(warehouse: Path) -> Path:
    """The instance folder of ``warehouse``, created with its ``dagster.yaml``
    if new. Absolute, never resolved: the folder as the user named it."""
    named = os.environ.get("DAGSTER_HOME")
    home = Path(named).absolute() if named else Path(warehouse).absolute().parent / HOME_DIR
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "dagster.yaml").exists():
        shutil.copyfile(PROJECT_YAML, home / "dagster.yaml")
    return home


def get_instance(warehouse: Path):
    """The instance for ``unpol run``; close it when done (a context manager)."""
    import dagster as dg

    return dg.DagsterInstance.from_config(str(dagster_home(warehouse)))
