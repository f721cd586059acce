"""Curated reference tables shipped in ``warehouse/seeds/`` (each row sourced)
and the country dimension: tables the SQL step writes from Python, among its
SQL models (``pipelines/defs/factories/sql.py``)."""


import dagster as dg
import duckdb
import polars as pl

from pipelines.defs.factories.sql import Model, StepRun
from pipelines.lib.descriptions import apply_comments
from pipelines.lib.reference import SEEDS
from pipelines.lib.warehouse import write_frame

SEED_NAMES = tuple(sorted(p.stem for p in SEEDS.glob("*.csv")))


def seed(name: str) -> Model:
    """``raw.seed_<name>``: the CSV as an all-text table (full replace);
    staging casts. Seeds are code-reviewed reference data."""

    def _build(con: duckdb.DuckDBPyConnection, run: StepRun) -> dict:
        frame = pl.read_csv(SEEDS / f"{name}.csv", infer_schema=False)
        return {"dagster/row_count": write_frame(con, "raw", f"seed_{name}", frame)}

    return Model(dg.AssetKey(["raw", f"seed_{name}"]), (), "reference",
                 f"Seed `warehouse/seeds/{name}.csv`, loaded as text.", frozenset({"csv", "duckdb"}), _build)


def dim_country(con: duckdb.DuckDBPyConnection, run: StepRun) -> dict:
    """Country dimension: one row per ISO 3166 alpha-3 code used by any staging
    table (any column ending in ``iso3``), with the UN short name and M49 code
    from hdx-python-country's offline table; codes the library does not know
    (withdrawn ones such as SCG) take the name from the override table.
    Write mode: full replace."""
    from hdx.location.country import Country  # its offline table (use_live=False)

    cols = con.execute(
        "select table_name, column_name from information_schema.columns "
        "where table_schema = 'staging' and column_name like '%iso3' order by all"
    ).fetchall()
    codes: set[str] = set()
    for table, column in cols:
        # Identifiers come from the catalog, not from data values.
        codes |= {r[0] for r in con.execute(
            f'select distinct "{column}" from staging."{table}" where "{column}" is not null').fetchall()}
    overrides = pl.read_csv(SEEDS / "country_overrides.csv", infer_schema=False)
    override_names = dict(zip(overrides["iso3"].to_list(), overrides["name"].to_list()))
    rows = []
    for code in sorted(c for c in codes if c != "ALL"):
        name = Country.get_country_name_from_iso3(code, use_live=False)
        m49 = Country.get_m49_from_iso3(code, use_live=False)
        rows.append({"country_iso3": code, "country_name": name or override_names.get(code),
                     "m49_code": m49, "name_source": "hdx-python-country" if name else "country_overrides.csv"})
    frame = pl.DataFrame(rows, schema={"country_iso3": pl.Utf8, "country_name": pl.Utf8,
                                       "m49_code": pl.Int64, "name_source": pl.Utf8})
    n = write_frame(con, "marts", "dim_country", frame)
    apply_comments(con, "marts", "dim_country", "table", (
        "Country dimension: one row per ISO 3166 alpha-3 code any staging table uses, with the UN short "
        "name and M49 code from hdx-python-country (offline), or from warehouse/seeds/country_overrides.csv "
        "for codes the library does not know."), (
        ("country_iso3", "ISO 3166 alpha-3 code"), ("country_name", "UN short name"),
        ("m49_code", "UN M49 numeric code"), ("name_source", "where the name comes from")))
    return {"dagster/row_count": n}


MODELS = [
    *(seed(name) for name in SEED_NAMES),
    Model(dg.AssetKey(["marts", "dim_country"]),
          # Every staging table with an ISO-3 column (the query in dim_country finds them).
          tuple(dg.AssetKey(["staging", t]) for t in (
              "stg_staffing", "stg_missions", "stg_fatalities", "stg_mission_strength",
              "stg_contributor_strength", "stg_police_locations")),
          "reference", dim_country.__doc__.split("\n\n")[0], frozenset({"python", "duckdb"}), dim_country),
]
