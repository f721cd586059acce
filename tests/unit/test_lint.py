"""Layer 1 (static): the code passes the project's linter (``[tool.ruff]`` in
pyproject.toml; ruff is a test dependency). Nothing else runs it, and an
unsorted import block once landed unnoticed."""

from __future__ import annotations

import subprocess
import sys

from pipelines.lib.paths import PROJECT_ROOT


def test_ruff_check_is_clean():
    r = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise", "."],
                       cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
