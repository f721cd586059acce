"""Reference tables shipped in ``warehouse/seeds/`` (curated, each row sourced)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import polars as pl

SEEDS = Path(__file__).resolve().parents[2] / "warehouse" / "seeds"


@cache
def seed(name: str) -> pl.DataFrame:
    return pl.read_csv(SEEDS / f"{name}.csv", infer_schema=False)


def personnel_types() -> pl.DataFrame:
    return seed("personnel_types").with_columns(pl.col("is_police") == "true")


def mission_aliases() -> dict[str, str]:
    df = seed("mission_aliases")
    return dict(zip(df["alias"].str.to_uppercase(), df["mission"].str.to_uppercase()))


def known_missions(extra: list[str] | tuple[str, ...] = ()) -> list[str]:
    base = seed("missions")["mission"].str.to_uppercase().to_list()
    return sorted(set(base) | {m.upper() for m in extra})


def normalize_mission(col: str, aliases: dict[str, str]) -> pl.Expr:
    """Acronym as the UN writes it today: trimmed, stray apostrophes removed,
    upper case, aliases (ONUCI -> UNOCI) resolved."""
    e = pl.col(col).str.strip_chars().str.strip_chars("'").str.strip_chars().str.to_uppercase()
    e = pl.when(e.is_in(["", "NA"])).then(None).otherwise(e)
    return e.replace(aliases) if aliases else e
