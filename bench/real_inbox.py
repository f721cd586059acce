"""Copies of the real data the pipeline loads, laid out as an inbox: one
folder per source folder of ``../shared/data/real``, subfolders included
(``ipi_contributor_police_monthly/countries/``, ``geopko_locations_yearly/v2.3/``).

Copies, not symlinks: the inbox refuses links that lead out of it, and nothing
is ever written into the real folder. Used by the benchmarks and by the tests
(``tests/conftest.py``)."""

from __future__ import annotations

import shutil
from pathlib import Path

# Folders recognised by header but not loaded: the contribution ranks (one
# month, all missions together).
NOT_LOADED = ("un_contribution_ranks",)
# Real files refused by design, left out so a run publishes: IPI's per-country
# file with an empty name (``.csv``, one NA row) names no country (rule
# country_named_in_file); tests/integration/test_real_contributors_and_locations.py
# shows the refusal on its own.
REFUSED = ("ipi_contributor_police_monthly/countries/.csv",)


def copy_loaded(real: Path, dest: Path) -> list[str]:
    """Copy every CSV of ``real`` that the pipeline loads into ``dest`` under
    the same relative path; return those paths."""
    copied = []
    for folder in sorted(p for p in real.iterdir() if p.is_dir() and p.name not in NOT_LOADED):
        for f in sorted(folder.rglob("*.csv")):
            rel = f.relative_to(real).as_posix()
            if rel in REFUSED:
                continue
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(f, dest / rel)
            copied.append(rel)
    return copied
