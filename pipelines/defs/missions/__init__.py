"""missions: see assets.py."""

from pipelines.defs.missions.assets import defs

__all__ = ["defs"]
