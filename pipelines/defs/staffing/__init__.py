"""staffing: see assets.py."""

from pipelines.defs.staffing.assets import defs

__all__ = ["defs"]
