"""performance: see assets.py."""

from pipelines.defs.performance.assets import defs

__all__ = ["defs"]
