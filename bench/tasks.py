"""The measured tasks of bench/run_bench.py, each run in a fresh child process
(``run_bench.py --task NAME ARGS``) that prints its result as one JSON line."""

from __future__ import annotations

import statistics
import time
from pathlib import Path


def task_project(csv: str, db: str) -> dict:
    import duckdb

    from pipelines.defs.staffing import parser
    from pipelines.lib.formats import detect
    from pipelines.lib.ingest.run import ingest_into
    from pipelines.lib.ingest.spec import InboxFile
    from pipelines.lib.reference import known_missions
    from pipelines.lib.warehouse import connect_config

    p = Path(csv)
    con = duckdb.connect(db, config=connect_config())
    con.execute("create schema if not exists raw; create schema if not exists audit")
    report = ingest_into(con, parser.spec(known_missions()), [InboxFile(p.name, p, detect(p).format, "bench")],
                         "bench", "staffing_contributions")
    con.close()
    return {"rows": report.records, "rejected": report.rejected_rows}


def task_duckdb(csv: str, db: str, fast: str) -> dict:
    import duckdb

    con = duckdb.connect(db)
    if fast == "1":
        con.execute("set preserve_insertion_order = false")
    con.execute("create table staffing as select * from read_csv(?)", [csv])
    n = con.execute("select count(*) from staffing").fetchone()[0]
    con.close()
    return {"rows": n}


def task_pandas(csv: str, db: str) -> dict:
    import duckdb
    import pandas as pd
    import pandera.pandas as pa

    df = pd.read_csv(csv, dtype=str, keep_default_na=False, na_values=[""])
    for c in ("Female_Personnel", "Male_Personnel"):
        df[c] = pd.to_numeric(df[c], errors="coerce").astype("Int64")
    df["Last_Reporting_Date"] = pd.to_datetime(df["Last_Reporting_Date"], format="%d-%b-%y", errors="coerce")
    df["Total"] = df["Female_Personnel"] + df["Male_Personnel"]
    schema = pa.DataFrameSchema(
        {
            "ISOCode3": pa.Column(str, pa.Check.str_length(3, 3)),
            "Mission_Acronym": pa.Column(str),
            "Personnel_Type": pa.Column(str, pa.Check.isin(
                ["Individual Police", "Formed Police Units", "Experts on Mission", "Staff Officer", "Troops"])),
            "Female_Personnel": pa.Column("Int64", pa.Check.ge(0), nullable=True),
            "Male_Personnel": pa.Column("Int64", pa.Check.ge(0), nullable=True),
            "Total": pa.Column("Int64", pa.Check.ge(0), nullable=True),
            "Last_Reporting_Date": pa.Column("datetime64[ns]"),
        },
        checks=[pa.Check(lambda d: d["Female_Personnel"] + d["Male_Personnel"] == d["Total"], name="sum")],
        unique=["Last_Reporting_Date", "Mission_Acronym", "ISOCode3", "Personnel_Type"],
        strict=False,
    )
    schema.validate(df, lazy=True)
    con = duckdb.connect(db)
    con.execute("create table staffing as select * from df")
    n = con.execute("select count(*) from staffing").fetchone()[0]
    con.close()
    return {"rows": n}


def task_query(db: str) -> dict:
    """Medians of 5: an analyst's scorecard query (one mission's rows from the
    scorecard mart), and rebuilding the scorecard from the big fact (its SQL,
    results materialised)."""
    import duckdb

    from pipelines.lib.sql_models import discover

    model = {m.name: m for m in discover()}["mission_police_scorecard"]
    con = duckdb.connect(db, read_only=True)
    mission = con.execute("select mission from marts.mission_police_scorecard "
                          "group by mission order by count(*) desc limit 1").fetchone()[0]
    query, rebuild = [], []
    for _ in range(5):
        t = time.perf_counter()
        con.execute("select * from marts.mission_police_scorecard where mission = ? order by month",
                    [mission]).fetchall()
        query.append(time.perf_counter() - t)
        t = time.perf_counter()
        con.execute(f"select * from ({model.body})").fetchall()
        rebuild.append(time.perf_counter() - t)
    con.close()
    return {"median_s": statistics.median(query), "rebuild_median_s": statistics.median(rebuild)}


TASKS = {"project": task_project, "duckdb": task_duckdb, "pandas": task_pandas, "query": task_query}
