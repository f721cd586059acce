"""Country names and codes to ISO 3166 alpha-3.

The mapping is hdx-python-country's (OCHA HDX, offline table: use_live=False),
which knows UN spellings and tells whether a match was exact or fuzzy. A small
override table, ``warehouse/seeds/country_overrides.csv``, holds names the
library cannot know; each override carries its reason. A name that maps to
nothing is returned as unmapped, never guessed.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import polars as pl

SEEDS = Path(__file__).resolve().parents[2] / "warehouse" / "seeds"
# The longest UN country name ("United Kingdom of Great Britain and Northern
# Ireland") has 52 characters; anything far longer is not a country name.
MAX_NAME_CHARS = 200


@dataclass(frozen=True)
class CountryMatch:
    iso3: str | None
    method: str  # published_code | exact | fuzzy | override | undetermined | unmapped


@lru_cache(maxsize=1)
def _overrides() -> dict[str, tuple[str | None, str]]:
    out: dict[str, tuple[str | None, str]] = {}
    with open(SEEDS / "country_overrides.csv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out[row["name"].strip().casefold()] = (row["iso3"].strip() or None, row["reason"])
    return out


@lru_cache(maxsize=1)
def _country():
    from hdx.location.country import Country

    return Country


@lru_cache(maxsize=4096)
def is_iso3(code: str) -> bool:
    return _country().get_country_info_from_iso3(code.upper(), use_live=False) is not None


@lru_cache(maxsize=8192)
def resolve(name: str | None, code: str | None = None) -> CountryMatch:
    """Resolve a published (name, code) pair. A valid published ISO code wins;
    then the override table; then the library's exact, then fuzzy, match."""
    if code:
        code = code.strip().strip("'").upper()
        if len(code) == 3 and code.isalpha() and is_iso3(code):
            return CountryMatch(code, "published_code")
    if not name:
        return CountryMatch(None, "unmapped")
    if len(name) > MAX_NAME_CHARS:
        # Fuzzy matching is quadratic in the length: a 10 MB cell would stall
        # the run for many minutes (tests/bad_inputs, case ten_mb_cell).
        return CountryMatch(None, "unmapped")
    key = name.strip().strip("'").casefold()
    if key in _overrides():
        iso3, _ = _overrides()[key]
        return CountryMatch(iso3, "override" if iso3 else "undetermined")
    iso3, exact = _country().get_iso3_country_code_fuzzy(name.strip().strip("'"), use_live=False)
    if iso3 is None:
        return CountryMatch(None, "unmapped")
    return CountryMatch(iso3, "exact" if exact else "fuzzy")


def resolve_frame(frame: pl.DataFrame, name_col: str, code_col: str | None) -> pl.DataFrame:
    """Add ``country_iso3`` and ``country_match`` by resolving each distinct
    value once: a valid published code wins, else the name is resolved (the
    same order as :func:`resolve`), mapped back with ``replace_strict``."""
    codes_ok = pl.lit(None, dtype=pl.Utf8)
    if code_col:
        codes = frame.get_column(code_col).unique().drop_nulls()
        valid = [resolve(None, c).iso3 for c in codes.to_list()]
        codes_ok = pl.col(code_col).replace_strict(codes, pl.Series(valid, dtype=pl.Utf8), default=None)
    names = frame.get_column(name_col).unique().drop_nulls()
    matches = [resolve(n) for n in names.to_list()]
    name_iso = pl.col(name_col).replace_strict(names, pl.Series([m.iso3 for m in matches], dtype=pl.Utf8), default=None)
    name_how = pl.col(name_col).replace_strict(
        names, pl.Series([m.method for m in matches], dtype=pl.Utf8), default="unmapped").fill_null("unmapped")
    return frame.with_columns(codes_ok.alias("_code_ok")).with_columns(
        pl.coalesce("_code_ok", name_iso).alias("country_iso3"),
        pl.when(pl.col("_code_ok").is_not_null()).then(pl.lit("published_code")).otherwise(name_how)
        .alias("country_match"),
    ).drop("_code_ok")


@lru_cache(maxsize=4096)
def country_info(iso3: str) -> tuple[str | None, int | None]:
    """(UN short name, M49 code) from the library's offline table."""
    c = _country()
    name = c.get_country_name_from_iso3(iso3, use_live=False)
    m49 = c.get_m49_from_iso3(iso3, use_live=False)
    return name, m49
