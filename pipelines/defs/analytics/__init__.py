"""Analytics: the documented analyst views (see assets.py)."""

from pipelines.defs.analytics.assets import definitions_for

__all__ = ["definitions_for"]
