"""performance: see assets.py."""

from pipelines.defs.performance.assets import CHECKS, MODELS

__all__ = ["CHECKS", "MODELS"]
