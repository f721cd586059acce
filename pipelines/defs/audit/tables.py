"""The audit tables other steps append to, as keyed assets with contracts.

The ingest (every raw asset that reads the inbox), the inbox listing, the SQL
models rebuilt by month and the run summary append rows to these tables while
they run; that write path is theirs and stays so. Each table's key is an output
of the SQL step (after every asset appending to it), so whatever reads it (the
analytics views, publishing) depends on a real key: the step reports its row
counts, and its contract runs as the step's checks, the SQL invariants
``warehouse/checks/assert_*.sql`` whose ``-- asset:`` header names the table.
The run summary's table is an output of the release step, which writes it.
"""

from dataclasses import dataclass

import dagster as dg
import duckdb

from pipelines.defs.factories.raw import INBOX_FILES, RAW_MISSIONS
from pipelines.defs.factories.sql import Check, Model, sql_check
from pipelines.defs.operations.assets import RUN_SUMMARY
from pipelines.defs.sources import RAW_SOURCES
from pipelines.defs.staffing.assets import RAW_STAFFING
from pipelines.lib.markdown import markdown_table
from pipelines.lib.sql_models import discover, discover_checks
from pipelines.lib.warehouse import ident, table_exists

SCHEMA = "audit"

# Every asset that reads inbox files goes through the ingest
# (pipelines/defs/factories/raw.py: run_ingest), which appends this run's
# ledger rows and rejects for its domain.
INGEST_WRITERS = (RAW_MISSIONS, RAW_STAFFING, *(dg.AssetKey(["raw", t]) for t in RAW_SOURCES))


@dataclass(frozen=True)
class AuditTable:
    name: str
    writers: tuple[dg.AssetKey, ...]
    description: str
    # A column whose counts the asset reports (this run's rows where the table has run_id).
    breakdown: str

    @property
    def key(self) -> dg.AssetKey:
        return dg.AssetKey([SCHEMA, self.name])


REJECTS = AuditTable(
    "rejects",
    (INBOX_FILES, *INGEST_WRITERS),
    "Every rejected input: one row per broken rule (run, domain, file, row, column, rule, value, "
    "message). Written by the inbox listing (refused files, domain 'inbox') and by the ingest of every "
    "raw asset (rows breaking a contract rule, key conflicts, refused files). Grain: run x file x row x "
    "rule. Write mode: append, each writer replacing its own run and domain's rows.",
    "rule",
)
INGEST_LEDGER = AuditTable(
    "ingest_ledger",
    INGEST_WRITERS,
    "Row accounting of every file the ingest read: rows read = loaded + rejected + duplicate + "
    "published totals. Written by the ingest of every raw asset. Grain: run x domain x file. "
    "Write mode: append, each writer replacing its own run and domain's rows.",
    "domain",
)
FILE_MONTHS = AuditTable(
    "file_months",
    # The one domain spec with a period column (pipelines/defs/staffing/parser.py).
    (RAW_STAFFING,),
    "The months each file content holds (by SHA-256), so a run for some months reads only the files "
    "holding them. Written by the staffing ingest. Grain: content hash x domain x month. Write mode: "
    "the months of each content read are replaced.",
    "domain",
)
MODEL_BUILDS = AuditTable(
    "model_builds",
    tuple(dg.AssetKey(list(m.key)) for m in discover() if m.incremental == "month" and m.materialize != "view"),
    "The last full build of each table rebuilt by month in runs for some months, with the fingerprint "
    "of the SQL and seed files it was built with. Written by those SQL models (`-- incremental: month`). "
    "Grain: one row per table. Write mode: replaced on each full build of the table.",
    "table_name",
)
PROCESSED_FILES = AuditTable(
    "processed_files",
    (RUN_SUMMARY,),
    "Every inbox file each run processed, with its content hash and whether an earlier run had seen "
    "that content (the inbox sensor reads it). Written by the run summary. Grain: run x file. "
    "Write mode: append, replacing the run's rows on a retry.",
    "domain",
)
SOURCE_PROVENANCE = AuditTable(
    "source_provenance",
    (INBOX_FILES,),
    "Where each fetched inbox file came from: its entry in data/sources.toml and its download record "
    "(unpol fetch's <inbox>/.provenance/). Written by the inbox listing. Grain: one row per download "
    "record in the inbox. Write mode: full replace.",
    "dataset",
)
# The run summary waits for every other asset, so the table it writes is keyed
# after it (pipelines/definitions.py assembles it with the operations).
DURING_RUN = (REJECTS, INGEST_LEDGER, FILE_MONTHS, MODEL_BUILDS, SOURCE_PROVENANCE)


def report(con: duckdb.DuckDBPyConnection, table: AuditTable, run_id: str) -> dict:
    """The table's row counts (this run's where it keeps a run id) and columns."""
    if not table_exists(con, SCHEMA, table.name):
        return {"dagster/row_count": 0, "note": "not written yet: no asset appending to it ran"}
    columns = con.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = ? and table_name = ? order by ordinal_position",
        [SCHEMA, table.name]).fetchall()
    rows = con.execute(f"select count(*) from {ident(SCHEMA)}.{ident(table.name)}").fetchone()[0]
    per_run = any(c == "run_id" for c, _ in columns)
    if per_run:
        counts = con.execute(
            f"select {ident(table.breakdown)}, count(*) from {ident(SCHEMA)}.{ident(table.name)} "
            "where run_id = ? group by all order by all", [run_id]).fetchall()
    else:
        counts = con.execute(
            f"select {ident(table.breakdown)}, count(*) from {ident(SCHEMA)}.{ident(table.name)} "
            "group by all order by all").fetchall()
    metadata: dict = {
        "dagster/row_count": rows,
        "dagster/column_schema": dg.TableSchema(columns=[dg.TableColumn(name=c, type=t) for c, t in columns]),
        f"rows_by_{table.breakdown}" + ("_this_run" if per_run else ""): dg.MetadataValue.md(
            markdown_table([table.breakdown, "rows"], counts) if counts else "none"),
    }
    if per_run:
        metadata["rows_this_run"] = sum(n for _, n in counts)
    return metadata


def audit_model(table: AuditTable) -> Model:
    return Model(table.key, table.writers, SCHEMA, table.description, frozenset({"duckdb"}),
                 lambda con, run: report(con, table, run.run_id))


MODELS = [audit_model(t) for t in DURING_RUN]


def processed_files_checks() -> list[Check]:
    """The contract of the run summary's table, checked in the release step."""
    return [sql_check(c) for c in discover_checks() if c.asset == (SCHEMA, PROCESSED_FILES.name)]
