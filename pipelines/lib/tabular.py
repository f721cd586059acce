"""Helpers for flat formats whose columns map one to one onto a contract."""

from __future__ import annotations

import polars as pl

from pipelines.lib.readers import ROW, TextTable


def text(col: str) -> pl.Expr:
    e = pl.col(col).str.strip_chars()
    return pl.when(e == "").then(None).otherwise(e)


def select_text(table: TextTable, mapping: dict[str, str]) -> pl.DataFrame:
    """Canonical name -> published column; an absent optional column is null."""
    cols = table.frame.columns
    return table.frame.select(
        pl.col(ROW),
        *[(text(src) if src in cols else pl.lit(None, dtype=pl.Utf8)).alias(dst) for dst, src in mapping.items()],
    )


def known_flag(col: str, known: list[str]) -> pl.Expr:
    return pl.col(col).is_in(known).fill_null(False)


def parse_bool(col: str) -> pl.Expr:
    t = pl.col(col).str.strip_chars().str.to_lowercase()
    return pl.when(t.is_in(["true", "yes", "1", "y"])).then(True).when(
        t.is_in(["false", "no", "0", "n"])).then(False).otherwise(None)
