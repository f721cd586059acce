"""Benchmarks: definitions as data (warehouse/benchmarks.toml), scored in SQL."""


import tomllib
from datetime import date

import dagster as dg
import duckdb
import polars as pl

from pipelines.defs.factories.sql import Model, StepRun
from pipelines.defs.performance.indicators import CHECKS, dim_indicator
from pipelines.lib.indicators import GROUP, discover_indicators
from pipelines.lib.validation import failures_of
from pipelines.lib.warehouse import WAREHOUSE_SQL, write_frame
from schemas.benchmarks import BenchmarkDefinition

BENCHMARKS_FILE = WAREHOUSE_SQL / "benchmarks.toml"


def load_definitions(path=BENCHMARKS_FILE) -> pl.DataFrame:
    """Read and validate the definitions; a bad entry fails loudly with its id
    (a benchmark is configuration, not data to quarantine)."""
    with open(path, "rb") as fh:
        entries = tomllib.load(fh).get("benchmark", [])
    rows = []
    for e in entries:
        baseline = e.get("baseline_month")
        rows.append({
            "benchmark_id": e.get("id"), "title": e.get("title"), "metric": e.get("metric"),
            "scope": e.get("scope"), "comparison": e.get("comparison", ">="),
            "threshold": float(e["threshold"]) if "threshold" in e else None,
            "threshold_kind": e.get("threshold_kind", "absolute"),
            "baseline_month": date.fromisoformat(f"{baseline}-01") if baseline else None,
            "applies_from": e.get("applies_from"), "deadline": e.get("deadline"), "source": e.get("source"),
            "is_un_target": bool(e.get("is_un_target", False)),
        })
    frame = pl.DataFrame(rows, schema={
        "benchmark_id": pl.Utf8, "title": pl.Utf8, "metric": pl.Utf8, "scope": pl.Utf8, "comparison": pl.Utf8,
        "threshold": pl.Float64, "threshold_kind": pl.Utf8, "baseline_month": pl.Date, "applies_from": pl.Date,
        "deadline": pl.Date,
        "source": pl.Utf8, "is_un_target": pl.Boolean,
    })
    known = {i.indicator_id for i in discover_indicators()}
    unknown = [f"{path}: benchmark {b}: column metric breaks metric_is_an_indicator (value {m}: no "
               f"warehouse/indicators/{m}.sql)"
               for b, m in frame.select("benchmark_id", "metric").iter_rows() if m is not None and m not in known]
    if unknown:
        raise ValueError("invalid benchmark definitions:\n" + "\n".join(unknown))
    failures = failures_of(frame.with_row_index("_rid").cast({"_rid": pl.Int64}), BenchmarkDefinition)
    if failures.height:
        ids = frame["benchmark_id"]
        lines = [f"{path}: benchmark {ids[rid] or '?'}: column {column} breaks {rule} (value {value})"
                 for rid, column, rule, value in failures.iter_rows()]
        raise ValueError("invalid benchmark definitions:\n" + "\n".join(lines))
    return frame


def raw_benchmark_definitions(con: duckdb.DuckDBPyConnection, run: StepRun) -> dict:
    """Benchmark definitions from ``warehouse/benchmarks.toml``, validated with
    ``schemas.benchmarks.BenchmarkDefinition``. Grain: one row per benchmark.
    Write mode: full replace."""
    frame = load_definitions()
    write_frame(con, "raw", "benchmark_definitions", frame)
    return {"dagster/row_count": frame.height, "benchmarks": ", ".join(frame["benchmark_id"].to_list())}


MODELS = [
    Model(dg.AssetKey(["raw", "benchmark_definitions"]), (), GROUP, raw_benchmark_definitions.__doc__,
          frozenset({"toml", "duckdb"}), raw_benchmark_definitions),
    Model(dg.AssetKey(["marts", "dim_indicator"]), (), GROUP, dim_indicator.__doc__,
          frozenset({"sql", "duckdb"}), dim_indicator),
]
__all__ = ["CHECKS", "MODELS"]
