"""The crash hook of the fault-injection tests: a leaf module (it imports
nothing of the project), so the lowest layer can call it."""

from __future__ import annotations

import os
import time
from pathlib import Path

FAULT_ENV = "UNPOL_FAULT_INJECT"


def fault_point(name: str) -> None:
    """A place where the crash-safety tests (tests/integration/test_faults.py) SIGKILL a run.

    With ``UNPOL_FAULT_INJECT=<name>@<barrier file>`` a run reaching the point
    ``name`` writes its pid to the barrier file and sleeps, so the test kills it
    exactly there. Points: ``write:<schema>.<table>`` (inside the transaction
    replacing or appending to that table), ``check:<domain>`` (inside a
    reject-share check), ``build:<schema>.<table>`` (inside the transaction
    building a SQL model), ``report`` and ``export`` (starting to stage them),
    ``export:file`` (one Parquet file staged), ``publish_copy`` (the warehouse
    copied into the staged release), ``swap:staged``, ``swap:renamed``,
    ``swap:current``, ``swap:linked`` (each step of making the release
    current, pipelines/lib/releases.py), ``pg_build`` and ``pg_swap`` (the
    PostgreSQL publish: loading the next schema, inside the swap transaction).
    Unset, this is one dictionary lookup.
    """
    spec = os.environ.get(FAULT_ENV)
    if not spec:
        return
    point, _, barrier = spec.partition("@")
    if point != name:
        return
    if barrier:
        Path(barrier).write_text(str(os.getpid()))
    time.sleep(600)
    raise RuntimeError(f"fault injected at {name} and not killed within 600 s")
