"""Helpers the parsers share: published text, flags, and the column a reject names."""

from __future__ import annotations

import polars as pl

from pipelines.lib.cleaning import clean_text
from pipelines.lib.readers import ROW, TextTable
from pipelines.lib.reference import mission_aliases, normalize_mission


def text(col: str, *missing: str) -> pl.Expr:
    """Trimmed text; empty, or one of the publisher's ``missing`` markers, is null."""
    e = pl.col(col).str.strip_chars()
    return pl.when(e.is_in(["", *missing])).then(None).otherwise(e)


def select_text(table: TextTable, mapping: dict[str, str], *missing: str) -> pl.DataFrame:
    """Canonical name -> published column, as :func:`text`; an absent optional column is null."""
    cols = table.frame.columns
    return table.frame.select(
        pl.col(ROW),
        *[(text(src, *missing) if src in cols else pl.lit(None, dtype=pl.Utf8)).alias(dst)
          for dst, src in mapping.items()],
    )


def from_raw(parse, *columns: str, **options) -> list[pl.Expr]:
    """Each ``<column>_raw`` parsed by ``parse`` (``lib/cleaning.py``) into ``<column>``."""
    return [parse(f"{c}_raw", **options).alias(c) for c in columns]


def named_as_published(*canonical: str) -> dict[str, str]:
    """A column map of a format whose columns are named as the canonical ones,
    less ``_raw`` (the published text of a column the normaliser parses)."""
    return {c: c.removesuffix("_raw") for c in canonical}


def mission_columns(known: list[str]) -> list[pl.Expr]:
    """From ``mission_raw``: the mission resolved through the aliases, as
    published (trimmed), and whether it is one of the ``known``."""
    mission = normalize_mission("mission_raw", mission_aliases())
    return [mission.alias("mission"), clean_text("mission_raw").alias("mission_published"),
            mission.is_in(known).fill_null(False).alias("mission_known")]


def unpivot(table: TextTable, base: list[pl.Expr], columns: dict[str, str], name: str, value: str) -> pl.DataFrame:
    """One record per ``columns`` entry (``name`` -> published column) of each
    row whose cell is neither empty nor ``NA``, in the file's row order."""
    parts = [table.frame.select(pl.col(ROW), *base, pl.lit(k).alias(name), text(col).alias(value))
             .filter(pl.col(value).is_not_null() & (pl.col(value) != "NA")) for k, col in columns.items()]
    return pl.concat(parts).sort(ROW, maintain_order=True)


def latest_month(col: str = "month") -> pl.Expr:
    """The latest month of a file's records as a number (precedence: a later release wins)."""
    latest = pl.col(col).max()
    return (latest.dt.year().cast(pl.Int64) * 12 + latest.dt.month().cast(pl.Int64)).fill_null(0)


def published_columns(by_format: dict[str | None, dict[str, str | None]]):
    """A ``DomainSpec.source_columns`` from column maps (canonical -> published,
    None: absent) per format (``None``: every format): a reject names the file's column."""
    by_format = {fmt: {c.removesuffix("_raw"): src for c, src in m.items() if src} for fmt, m in by_format.items()}

    def source_column(column: str, fmt: str, failed: pl.DataFrame) -> pl.Expr:
        out = pl.lit(None, dtype=pl.Utf8)
        for name, mapping in by_format.items():
            mapped = pl.col(column).replace_strict(mapping, default=None, return_dtype=pl.Utf8)
            out = mapped if name is None else pl.when(pl.col(fmt) == name).then(mapped).otherwise(out)
        return pl.coalesce(out, pl.col(column))
    return source_column


def parse_bool(col: str) -> pl.Expr:
    t = pl.col(col).str.strip_chars().str.to_lowercase()
    return pl.when(t.is_in(["true", "yes", "1", "y"])).then(True).when(
        t.is_in(["false", "no", "0", "n"])).then(False).otherwise(None)
