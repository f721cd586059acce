"""Rules of the contracts, named as sentences.

A rule is declared in a model's body as ``<name> = <rule>``: the attribute's
name becomes the pandera check's name, which is what ``audit.rejects.rule``
shows (``female_not_more_than_trainees``, never ``isin([...])``). Two kinds:

- a row rule (:func:`row_rule`, a pandera dataframe check) says which column it
  is about (``about``), so a reject names that column and its published text;
- a value rule (:func:`value_rule`, a pandera column check) is about its column.

A null passes either kind (pandera's ``ignore_na``): whether a value must be
there is a rule of its own (:func:`required`).

Expressions are built when a frame is checked, not when the module is
imported, so a rule about today's date stays true in a long-running process.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

import pandera.polars as pa
import polars as pl

# The rule under which the ingest rejects records whose key repeats with other
# values in one file. It is found across all files in DuckDB during
# de-duplication (pipelines/lib/ingest/dedup.py writes this name), not by a model:
# a model sees one chunk at a time.
KEY_IS_UNIQUE = "key_is_unique"

# The attribute on a rule's classmethod naming the column a row rule is about.
_ABOUT = "rule_about"


class _Rule:
    """Placeholder in a model's body; replaced by the pandera check when the
    class is created (``__set_name__`` runs before pandera reads the class)."""

    def __init__(self, build: Callable[..., pl.Expr], *, column: str | None = None, about: str | None = None):
        self.build, self.column, self.about = build, column, about

    def __set_name__(self, owner: type, name: str) -> None:
        build = self.build
        if self.column is None:
            def check(cls, data) -> pl.LazyFrame:
                return data.lazyframe.select(build())

            method = pa.dataframe_check(check, name=name)
        else:
            def check(cls, data) -> pl.LazyFrame:
                return data.lazyframe.select(build(pl.col(data.key)))

            method = pa.check(self.column, name=name)(check)
        setattr(method, _ABOUT, self.about)
        setattr(owner, name, method)


def row_rule(ok: Callable[[], pl.Expr], *, about: str) -> _Rule:
    """A rule over whole records: ``ok()`` is true where a record keeps it.
    ``about`` is the column a reject names (its ``_raw`` text is shown)."""
    return _Rule(ok, about=about)


def value_rule(column: str, ok: Callable[[pl.Expr], pl.Expr]) -> _Rule:
    """A rule over one column's values: ``ok(pl.col(column))``."""
    return _Rule(ok, column=column)


def rule_columns(model: type[pa.DataFrameModel]) -> dict[str, str]:
    """Each row rule of ``model`` (inherited ones included) -> the column it is about."""
    out: dict[str, str] = {}
    for base in reversed(model.__mro__):
        for name, attr in vars(base).items():
            about = getattr(attr, _ABOUT, None)
            if about is not None:
                out[name] = about
    return out


# Expressions the rules share.

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


# Rules the models share (each model names them by the attribute it assigns).

def parses(col: str, *, required: bool = False) -> _Rule:
    """The published ``<col>_raw`` text parsed into ``col``; with
    ``required``, the value is also there (a parsed value is present)."""
    return row_rule(lambda: present(col) if required else parsed(col), about=f"{col}_raw")


def required(col: str, *, about: str | None = None) -> _Rule:
    """``col`` has a value."""
    return row_rule(lambda: present(col), about=about or col)


def not_in_the_future(col: str) -> _Rule:
    return row_rule(lambda: not_in_future(col), about=f"{col}_raw")


def not_before(later: str, earlier: str) -> _Rule:
    """``later`` is on or after ``earlier`` where both are known."""
    return row_rule(lambda: (pl.col(later) >= pl.col(earlier)).fill_null(True), about=f"{later}_raw")


def known_mission(*, missing_ok: bool) -> _Rule:
    """The mission names one of the known missions. With ``missing_ok`` a
    record without a mission keeps this rule (``mission_present`` reports it)."""
    if missing_ok:
        return row_rule(lambda: pl.col("mission_known") | pl.col("mission").is_null(), about="mission_raw")
    return row_rule(lambda: pl.col("mission_known"), about="mission_raw")


def one_of(column: str, values: Sequence[str]) -> _Rule:
    return value_rule(column, lambda c: c.is_in(list(values)))


def not_negative(column: str) -> _Rule:
    return value_rule(column, lambda c: c >= 0)


def positive(column: str) -> _Rule:
    return value_rule(column, lambda c: c > 0)


def snake_case(column: str) -> _Rule:
    return value_rule(column, lambda c: c.str.contains(r"^[a-z][a-z0-9_]*$"))
