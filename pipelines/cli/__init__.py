"""The `unpol` command: the top layer, over the Dagster definitions and the library."""

from pipelines.cli.main import main

__all__ = ["main"]
