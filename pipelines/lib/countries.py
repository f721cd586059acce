"""Country names and codes to ISO 3166 alpha-3.

The mapping is hdx-python-country's (OCHA HDX, offline table: use_live=False),
which knows UN spellings and tells whether a match was exact or fuzzy. A small
override table, ``warehouse/seeds/country_overrides.csv``, holds names the
library cannot know; each override carries its reason. A name that maps to
nothing is returned as unmapped, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import polars as pl

SEEDS = Path(__file__).resolve().parents[2] / "warehouse" / "seeds"
# The longest UN country name ("United Kingdom of Great Britain and Northern
# Ireland") has 52 characters; anything far longer is not a country name.
MAX_NAME_CHARS = 200
# Characters a country name can have (letters of any script, digits for none,
# spaces, . , ' ’ ( ) - & / [ ]); a cell with others, or starting like a
# spreadsheet formula, is not a name the fuzzy matcher may guess from:
# '=HYPERLINK("http://x","Senegal")' matched Senegal fuzzily.
_NAME = re.compile(r"^[^\W\d_][\w\s.,'’()\-&/\[\]]*$")


@dataclass(frozen=True)
class CountryMatch:
    iso3: str | None
    method: str  # published_code | exact | fuzzy | override | undetermined | unmapped | code_name_mismatch


@lru_cache(maxsize=1)
def _overrides() -> dict[str, str | None]:
    """Casefolded name -> ISO code (None: undetermined); each row's reason is in the seed."""
    seed = pl.read_csv(SEEDS / "country_overrides.csv", infer_schema=False)
    return {name.strip().casefold(): iso3 for name, iso3 in seed.select("name", "iso3").iter_rows()}


@lru_cache(maxsize=1)
def _country():
    from hdx.location.country import Country

    return Country


@lru_cache(maxsize=8192)
def resolve(name: str | None, code: str | None = None) -> CountryMatch:
    """Resolve a published (name, code) pair. A valid published ISO code wins
    when the name agrees with it (or no name is given); a name that maps to
    another country, or to none, makes the pair ``code_name_mismatch`` (the
    published code kept, so the reject shows it): a code is never trusted
    alone beside a name that contradicts it (a 5-million-character name or a
    ``=HYPERLINK(...)`` formula published with ``SEN``). Without a valid code:
    the override table, then the library's exact, then fuzzy, match."""
    if code:
        code = code.strip().strip("'").upper()
        if len(code) == 3 and code.isalpha() and _country().get_country_info_from_iso3(code, use_live=False):
            by_name = resolve(name) if name and name.strip().strip("'") else None
            # No name, or 'ZZ [Undetermined]' beside a code: the code says more than the name.
            agrees = by_name is None or by_name.iso3 == code or by_name.method == "undetermined"
            return CountryMatch(code, "published_code" if agrees else "code_name_mismatch")
    bare = (name or "").strip().strip("'")
    # Fuzzy matching is quadratic in the length: a 10 MB cell would stall the
    # run for many minutes (tests/bad_inputs, case ten_mb_cell).
    if not name or len(name) > MAX_NAME_CHARS or not _NAME.match(bare):
        return CountryMatch(None, "unmapped")
    if bare.casefold() in _overrides():
        iso3 = _overrides()[bare.casefold()]
        return CountryMatch(iso3, "override" if iso3 else "undetermined")
    iso3, exact = _country().get_iso3_country_code_fuzzy(bare, use_live=False)
    return CountryMatch(iso3, "unmapped" if iso3 is None else "exact" if exact else "fuzzy")


def resolve_frame(frame: pl.DataFrame, name_col: str, code_col: str | None, into: str = "country") -> pl.DataFrame:
    """Add ``<into>_iso3`` and ``<into>_match`` by resolving each distinct
    (name, code) pair once with :func:`resolve`, joined back on the pair."""
    code = pl.col(code_col) if code_col else pl.lit(None, dtype=pl.Utf8)
    pairs = frame.select(pl.col(name_col).alias("_n"), code.alias("_c")).unique()
    matches = [resolve(n, c) for n, c in pairs.iter_rows()]
    pairs = pairs.with_columns(
        pl.Series(f"{into}_iso3", [m.iso3 for m in matches], dtype=pl.Utf8),
        pl.Series(f"{into}_match", [m.method for m in matches], dtype=pl.Utf8),
    )
    return frame.with_columns(code.alias("_code")).join(
        pairs, left_on=[name_col, "_code"], right_on=["_n", "_c"], how="left", nulls_equal=True,
        maintain_order="left").drop("_code")
