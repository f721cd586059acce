"""The operator's view of a run: what it took in, what it touched, what failed."""

from datetime import UTC, datetime

import dagster as dg
import polars as pl

from pipelines.defs.partitions import run_months, staffing_monthly_partition
from pipelines.defs.resources import WarehouseResource
from pipelines.defs.staffing.assets import RAW_STAFFING
from pipelines.lib.descriptions import apply_comments
from pipelines.lib.warehouse import append_rows, ident, table_exists

RUN_SUMMARY = dg.AssetKey(["audit", "run_summary"])
# Filled in by the publish (pipelines/defs/release/publish.py): the shrink
# guard, which decides it, runs after this asset.
SHRINKS_COLUMN = "shrinks_allowed"

# Column -> (type, description stored with COMMENT ON: ``unpol tables``, the Dagster catalog).
RUN_SUMMARY_COLUMNS = {
    "run_id": (pl.Utf8, "Dagster run id"),
    "job_name": (pl.Utf8, "Dagster job of the run"),
    "triggered_by": (pl.Utf8, "sensor:<name>, schedule:<name>, backfill or manual"),
    "mode": (pl.Utf8, "full (every month replaced) or partitions (some staffing months)"),
    "partitions": (pl.Utf8, "first .. last staffing month replaced; null for a full run"),
    "partitions_touched": (pl.Int64, "staffing months replaced (a full run: months in raw.staffing_contributions)"),
    "files_processed": (pl.Int64, "accepted inbox files the run read"),
    "files_new": (pl.Int64, "of those, files whose content no earlier run had processed"),
    "rows_read": (pl.Int64, "rows read from the files (audit.ingest_ledger)"),
    "rows_loaded": (pl.Int64, "rows loaded into the raw tables"),
    "rows_rejected": (pl.Int64, "rows rejected (audit.rejects)"),
    "checks_failed": (pl.Int64, "blocking (ERROR) checks of the run that failed"),
    "checks_failed_names": (pl.Utf8, "asset:check of each failed blocking check, separated by '; '"),
    "checks_warned": (pl.Int64, "warnings: non-blocking (WARN) checks of the run that did not pass"),
    "checks_warned_names": (pl.Utf8, "asset:check of each warning, separated by '; '"),
    SHRINKS_COLUMN: (pl.Utf8, "tables this published run let shrink (--allow-shrink): 'schema.table before "
                              "-> after' separated by '; '; null when none"),
    "summarized_at": (pl.Datetime("us", "UTC"), "when the summary was written (UTC)"),
}
RUN_SUMMARY_DESCRIPTION = ("One row per run: files and rows taken in, staffing months replaced, checks failed "
                           "and warnings, shrinks allowed.")
PROCESSED_FILES_COLUMNS = {
    "run_id": (pl.Utf8, "Dagster run id"),
    "relpath": (pl.Utf8, "file path inside the inbox"),
    "sha256": (pl.Utf8, "SHA-256 of the file's content"),
    "domain": (pl.Utf8, "source domain the file was recognised as"),
    "format": (pl.Utf8, "recognised file format"),
    "first_seen": (pl.Boolean, "true when no earlier run processed this content"),
    "rows_read": (pl.Int64, "rows read from the file"),
    "rows_rejected": (pl.Int64, "rows of the file rejected"),
    "processed_at": (pl.Datetime("us", "UTC"), "when the run recorded the file (UTC)"),
}
PROCESSED_FILES_DESCRIPTION = "One row per inbox file and run: its content hash and whether the content was new."
RUN_SUMMARY_SCHEMA = {c: dtype for c, (dtype, _) in RUN_SUMMARY_COLUMNS.items()}
PROCESSED_FILES_SCHEMA = {c: dtype for c, (dtype, _) in PROCESSED_FILES_COLUMNS.items()}


DUCKDB_TYPES = {pl.Utf8: "varchar", pl.Int64: "bigint", pl.Boolean: "boolean"}


def add_missing_columns(con, schema: str, table: str, columns: dict) -> None:
    """Columns this code writes that a table from an earlier release lacks
    (the workspace starts from the current release), added empty."""
    if not table_exists(con, schema, table):
        return
    have = {c for (c,) in con.execute("select column_name from duckdb_columns() where schema_name = ? "
                                      "and table_name = ?", [schema, table]).fetchall()}
    for name, dtype in columns.items():
        if name not in have:
            con.execute(f"alter table {ident(schema)}.{ident(table)} add column {ident(name)} {DUCKDB_TYPES[dtype]}")


def triggered_by(tags: dict[str, str]) -> str:
    if tags.get("dagster/sensor_name"):
        return f"sensor:{tags['dagster/sensor_name']}"
    if tags.get("dagster/schedule_name"):
        return f"schedule:{tags['dagster/schedule_name']}"
    if tags.get("dagster/backfill"):
        return "backfill"
    return "manual"


def failed_checks(instance: dg.DagsterInstance, run_id: str) -> list[tuple[str, str]]:
    """Checks of this run that did not pass so far, as ``(asset:check, severity)``
    (``ERROR``: a failure, ``WARN``: a warning). The release step runs after
    every other step (the SQL step, whose checks include the staffing
    warnings, reads every raw table), so every check but the release's own
    has run."""
    records = instance.get_records_for_run(run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION).records
    out = []
    for rec in records:
        ev = rec.event_log_entry.dagster_event.event_specific_data
        if not ev.passed:
            out.append((f"{ev.asset_key.to_user_string()}:{ev.check_name}", ev.severity.value))
    return sorted(out)


def summarize(con, run_id: str, tags: dict[str, str], job_name: str,
              checks: list[tuple[str, str]]) -> tuple[dict, pl.DataFrame]:
    """This run's summary row and its processed files, from the audit tables."""
    files = con.execute(
        """
        with this_run as (
            select relpath, sha256, domain, format from audit.inbox_files
            where run_id = ? and status = 'accepted'
        ),
        ledger as (
            select source_file, sum(rows_read) as rows_read, sum(rows_rejected) as rows_rejected
            from audit.ingest_ledger where run_id = ? group by source_file
        )
        select this_run.*, ledger.rows_read, ledger.rows_rejected
        from this_run left join ledger on ledger.source_file = this_run.relpath
        order by relpath
        """,
        [run_id, run_id],
    ).fetchall()
    seen: set[str] = set()
    if table_exists(con, "audit", "processed_files"):
        seen = {r[0] for r in con.execute(
            "select distinct sha256 from audit.processed_files where run_id <> ?", [run_id]).fetchall()}
    when = datetime.now(UTC)
    processed = pl.DataFrame(
        [
            {"run_id": run_id, "relpath": rel, "sha256": sha, "domain": dom, "format": fmt,
             "first_seen": sha not in seen, "rows_read": read, "rows_rejected": rej, "processed_at": when}
            for rel, sha, dom, fmt, read, rej in files
        ],
        schema=PROCESSED_FILES_SCHEMA,
    )
    read, loaded, rejected = con.execute(
        "select coalesce(sum(rows_read), 0), coalesce(sum(rows_loaded), 0), coalesce(sum(rows_rejected), 0) "
        "from audit.ingest_ledger where run_id = ?",
        [run_id],
    ).fetchone()
    failed = [name for name, severity in checks if severity != "WARN"]
    warned = [name for name, severity in checks if severity == "WARN"]
    months = run_months(tags)
    if months is None and table_exists(con, "raw", "staffing_contributions"):
        touched = con.execute("select count(distinct month) from raw.staffing_contributions").fetchone()[0]
    else:
        touched = len(months or [])
    row = {
        "run_id": run_id,
        "job_name": job_name,
        "triggered_by": triggered_by(tags),
        "mode": "full" if months is None else "partitions",
        "partitions": None if months is None else f"{months[0]} .. {months[-1]}",
        "partitions_touched": touched,
        "files_processed": processed.height,
        "files_new": int(processed["first_seen"].sum()),
        "rows_read": int(read),
        "rows_loaded": int(loaded),
        "rows_rejected": int(rejected),
        "checks_failed": len(failed),
        "checks_failed_names": "; ".join(failed) or None,
        "checks_warned": len(warned),
        "checks_warned_names": "; ".join(warned) or None,
        SHRINKS_COLUMN: None,
        "summarized_at": when,
    }
    return row, processed


def full_run_months(con, tags: dict[str, str]) -> list[str]:
    """The staffing partition keys a full run loaded (none for a partition run,
    which Dagster already records per partition)."""
    if run_months(tags) is not None or not table_exists(con, "raw", "staffing_contributions"):
        return []
    months = con.execute("select distinct month from raw.staffing_contributions "
                         "where month is not null order by 1").fetchall()
    return [k for (m,) in months if staffing_monthly_partition.has_partition_key(k := m.isoformat())]


def run_summary(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dict:
    """One row per run for operators: files processed (and how many are new
    content), rows read, loaded and rejected, the staffing months replaced
    (or 'full'), and the checks that failed. Source: this run's audit tables
    and check results. Grain: one row per run; also writes
    ``audit.processed_files`` (one row per file and run, with its hash).
    Write mode: append, replacing this run's rows on a retry. Runs in the
    release step, after every other step and check, before the exports. After a full run
    it also records each staffing month loaded as a materialized partition
    of ``raw/staffing_contributions``."""
    run = context.run
    checks = failed_checks(context.instance, run.run_id)
    with warehouse.get().connect() as con:
        row, processed = summarize(con, run.run_id, dict(run.tags), run.job_name, checks)
        where = "run_id = ?"
        add_missing_columns(con, "audit", "run_summary", RUN_SUMMARY_SCHEMA)
        append_rows(con, "audit", "processed_files", processed, where, [run.run_id])
        append_rows(con, "audit", "run_summary", pl.DataFrame([row], schema=RUN_SUMMARY_SCHEMA), where,
                    [run.run_id])
        for table, description, columns in (("run_summary", RUN_SUMMARY_DESCRIPTION, RUN_SUMMARY_COLUMNS),
                                            ("processed_files", PROCESSED_FILES_DESCRIPTION, PROCESSED_FILES_COLUMNS)):
            apply_comments(con, "audit", table, "table", description, [(c, d) for c, (_, d) in columns.items()])
        loaded = full_run_months(con, dict(run.tags))
    # A full run replaces every month of the partitioned raw staffing table
    # without a partition key; record each month it loaded as a
    # materialized partition, so the UI's partition status is the truth.
    for month in loaded:
        context.log_event(dg.AssetMaterialization(
            asset_key=RAW_STAFFING, partition=month,
            description="loaded by a full run (every month replaced)",
        ))
    for name, severity in checks:
        context.log.warning(f"{'warning' if severity == 'WARN' else 'check failed'}: {name}")
    return {
        "dagster/row_count": 1,
        **{k: v for k, v in row.items() if k not in ("run_id", "summarized_at") and v is not None},
        "files": dg.MetadataValue.md(
            "\n".join(f"- {r['relpath']} ({r['sha256'][:12]}, {'new' if r['first_seen'] else 'seen before'})"
                      for r in processed.iter_rows(named=True)) or "none"
        ),
    }
