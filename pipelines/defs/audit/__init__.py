"""audit: see assets.py."""

from pipelines.defs.audit.assets import defs

__all__ = ["defs"]
