"""reference: see assets.py."""

from pipelines.defs.reference.assets import defs

__all__ = ["defs"]
