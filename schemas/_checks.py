"""Check expressions shared by the domain models (rules reused by name)."""

from __future__ import annotations

from datetime import date

import polars as pl


def parsed(col: str) -> pl.Expr:
    """Published text present implies the typed value parsed (a cell of only
    spaces counts as empty)."""
    raw = pl.col(f"{col}_raw")
    return raw.is_null() | pl.col(col).is_not_null() | raw.str.contains(r"^\s*$")


def present(col: str) -> pl.Expr:
    return pl.col(col).is_not_null()


def not_in_future(col: str) -> pl.Expr:
    today = date.today()
    return pl.col(col).is_null() | (pl.col(col) <= pl.lit(today))
