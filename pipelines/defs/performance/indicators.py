"""Indicators: ``marts.dim_indicator`` from the headers of
``warehouse/indicators/*.sql`` and ``marts.fct_indicator_value`` from their
SELECTs (``pipelines.lib.indicators`` parses and stacks them). Adding an
indicator is adding a file there (docs/indicators.md); nothing here changes."""

from __future__ import annotations

import dagster as dg
import duckdb
import polars as pl

from pipelines.defs.factories.sql import Check, StepRun
from pipelines.lib.descriptions import apply_comments
from pipelines.lib.indicators import DIM_COLUMNS, INDICATORS, discover_indicators
from pipelines.lib.markdown import frame_markdown
from pipelines.lib.readable import row_text
from pipelines.lib.warehouse import write_frame


def indicator_frame(root=INDICATORS) -> pl.DataFrame:
    rows = [i.row(root) for i in discover_indicators(root)]
    return pl.DataFrame(rows, schema={c: pl.Utf8 for c, _ in DIM_COLUMNS})


def dim_indicator(con: duckdb.DuckDBPyConnection, run: StepRun) -> dict:
    """Indicator dimension: one row per file in ``warehouse/indicators/``, from
    its header (title, unit, direction, subject, grain, definition, source).
    Grain: one row per indicator. Write mode: full replace."""
    frame = indicator_frame()
    write_frame(con, "marts", "dim_indicator", frame)
    apply_comments(con, "marts", "dim_indicator", "table",
                   "Indicators: one row per indicator declared in warehouse/indicators/, with its unit, "
                   "direction, subject, grain, definition and source.", DIM_COLUMNS)
    return {
        "dagster/row_count": frame.height,
        "preview": dg.MetadataValue.md(frame_markdown(frame.select("indicator_id", "title", "unit", "direction",
                                                                   "subject", "grain"))),
    }


# Check name (a module constant, as the house style asks).
ONE_VALUE_PER_KEY = "one_value_per_indicator_subject_period_source"


def one_value_per_key(con: duckdb.DuckDBPyConnection, run: StepRun) -> tuple[bool, dict]:
    failing = con.execute("""
        select indicator_id, subject_id, period, value_source, count(*) as n
        from marts.fct_indicator_value
        group by all
        having n > 1 or indicator_id not in (select indicator_id from marts.dim_indicator)
        order by n desc, indicator_id
        limit 6""").fetchall()
    return not failing, {"failing_keys": len(failing),
                         "sample": dg.MetadataValue.text("\n".join(
                             row_text(("indicator_id", "subject_id", "period", "value_source", "n"), r)
                             for r in failing[:5]) or "none")}


CHECKS = [
    Check(dg.AssetKey(["marts", "fct_indicator_value"]), ONE_VALUE_PER_KEY, True,
          "One value per indicator x subject x period x value source, of a declared indicator: a file returning "
          "two rows for one key would make the scorecard pick one silently.", one_value_per_key,
          extra_deps=(dg.AssetKey(["marts", "dim_indicator"]),)),
]
