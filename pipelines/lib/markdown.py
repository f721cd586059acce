"""Markdown tables for Dagster metadata (one helper for every asset)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def markdown_table(columns: Sequence[str], rows: Iterable[Sequence]) -> str:
    """A GitHub-style table; ``None`` is shown as an empty cell."""
    out = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    out += ["| " + " | ".join("" if v is None else str(v) for v in row) + " |" for row in rows]
    return "\n".join(out)


def frame_markdown(frame) -> str:
    """A polars frame as a table, or ``none`` when it is empty."""
    return "none" if frame.is_empty() else markdown_table(frame.columns, frame.iter_rows())
