"""Rules of the contracts, named as sentences.

A rule is declared in a model's body as ``<name> = <rule>``: the attribute's
name is the pandera check's name, which ``audit.rejects.rule`` shows. A row rule
(:func:`row_rule`) names the column it is ``about``; a value rule
(:func:`value_rule`) is about its column. A null passes either (``required`` is a
rule of its own). Each rule is one Ibis expression, compiled to SQL for DuckDB
(``pipelines/lib/validation.py``) or PostgreSQL alike, built when a table is
checked so a rule about today's date stays true in a long-running process.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

import ibis
import pandera.ibis as pa
from ibis import _
from ibis.common.deferred import Deferred

# The rule under which the ingest rejects records whose key repeats with other
# values in one file. It is found across all files in DuckDB during
# de-duplication (pipelines/lib/ingest/dedup.py writes this name), not by a model:
# a model sees one chunk at a time.
KEY_IS_UNIQUE = "key_is_unique"

class _Rule:
    """Placeholder in a model's body; replaced by the pandera check when the
    class is created (``__set_name__`` runs before pandera reads the class)."""

    def __init__(self, build: Callable[..., Deferred], *, column: str | None = None, about: str | None = None):
        self.build, self.column, self.about = build, column, about

    def __set_name__(self, owner: type, name: str) -> None:
        build = self.build
        if self.column is None:  # the column a row rule is about rides on the check as a statistic
            method = pa.dataframe_check(lambda cls, data: build().resolve(data.table), name=name,
                                        statistics={"about": self.about})
        else:
            method = pa.check(self.column, name=name)(lambda cls, data: build(data.table[data.key]))
        setattr(owner, name, method)


def row_rule(ok: Callable[[], Deferred], *, about: str) -> _Rule:
    """A rule over whole records: ``ok()`` is true where a record keeps it.
    ``about`` is the column a reject names (its ``_raw`` text is shown)."""
    return _Rule(ok, about=about)


def value_rule(column: str, ok: Callable[[ibis.ir.Column], ibis.ir.BooleanColumn]) -> _Rule:
    """A rule over one column's values: ``ok(<the column>)``."""
    return _Rule(ok, column=column)


# Expressions the rules share.

# Only white space (Unicode's White_Space characters): spelled out as the
# characters themselves, not as escapes, because ``\s`` and ``\p{..}`` mean
# different things, or nothing, to RE2 (DuckDB), PostgreSQL and Rust (polars).
BLANK = "^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"


def parsed(col: str) -> Deferred:
    """Published text present implies the typed value parsed (a cell of only
    spaces counts as empty)."""
    raw = _[f"{col}_raw"]
    return raw.isnull() | _[col].notnull() | raw.re_search(BLANK)


def present(col: str) -> Deferred:
    return _[col].notnull()


# Rules the models share (each model names them by the attribute it assigns).

def parses(col: str, *, required: bool = False) -> _Rule:
    """The published ``<col>_raw`` text parsed into ``col``; with
    ``required``, the value is also there (a parsed value is present)."""
    return row_rule(lambda: present(col) if required else parsed(col), about=f"{col}_raw")


def required(col: str, *, about: str | None = None) -> _Rule:
    """``col`` has a value."""
    return row_rule(lambda: present(col), about=about or col)


def not_in_the_future(col: str) -> _Rule:
    return row_rule(lambda: _[col].isnull() | (_[col] <= ibis.literal(date.today())), about=f"{col}_raw")


def peacekeeping_year(col: str) -> _Rule:
    """``col`` is a year from the first UN peacekeeping operation (1948) to
    this one: anything else is a typo."""
    return row_rule(lambda: _[col].notnull() & (_[col] >= 1948) & (_[col] <= date.today().year), about=f"{col}_raw")


def not_before(later: str, earlier: str) -> _Rule:
    """``later`` is on or after ``earlier`` where both are known."""
    return row_rule(lambda: (_[later] >= _[earlier]).fill_null(True), about=f"{later}_raw")


def known_mission(*, missing_ok: bool) -> _Rule:
    """The mission names one of the known missions. With ``missing_ok`` a
    record without a mission keeps this rule (``mission_present`` reports it)."""
    return row_rule(lambda: _.mission_known | _.mission.isnull() if missing_ok else _.mission_known, about="mission_raw")


def one_of(column: str, values: Sequence[str]) -> _Rule:
    return value_rule(column, lambda c: c.isin(list(values)))


def not_negative(column: str) -> _Rule:
    return value_rule(column, lambda c: c >= 0)


def positive(column: str) -> _Rule:
    return value_rule(column, lambda c: c > 0)


def snake_case(column: str) -> _Rule:
    return value_rule(column, lambda c: c.re_search(r"^[a-z][a-z0-9_]*$"))
