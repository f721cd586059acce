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
    reject-share check), ``publish_copy`` (the new file copied beside the
    published one, not yet renamed). Unset, this is one dictionary lookup.
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
