"""reference: see assets.py."""

from pipelines.defs.reference.assets import MODELS

__all__ = ["MODELS"]
