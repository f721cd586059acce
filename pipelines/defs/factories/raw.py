"""The path every raw asset takes: inbox files of one domain -> raw table,
rejects and ledger rows (``audit.rejects``, ``audit.ingest_ledger``), plus the
blocking reject-share check in the same step."""

from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import dagster as dg
import duckdb
import polars as pl

from pipelines.defs.resources import WarehouseResource
from pipelines.lib.faults import fault_point
from pipelines.lib.formats import FORMATS_BY_NAME
from pipelines.lib.inbox import safe_join
from pipelines.lib.ingest.run import ingest_into
from pipelines.lib.ingest.spec import DomainSpec, InboxFile
from pipelines.lib.markdown import frame_markdown
from pipelines.lib.progress import step_progress
from pipelines.lib.sql_models import preview_markdown
from pipelines.lib.warehouse import table_exists

INBOX_FILES = dg.AssetKey(["audit", "inbox_files"])


def inbox_files_for(con: duckdb.DuckDBPyConnection, domain: str) -> list[InboxFile]:
    if not table_exists(con, "audit", "inbox_files"):
        return []
    rows = con.execute(
        "select inbox_root, relpath, format, sha256, sheet from audit.inbox_files "
        "where status = 'accepted' and domain = ? order by relpath",
        [domain],
    ).fetchall()
    return [InboxFile(rel, safe_join(Path(root), rel), FORMATS_BY_NAME[fmt], sha, sheet)
            for root, rel, fmt, sha, sheet in rows]


def run_ingest(
    context: dg.AssetExecutionContext,
    warehouse: WarehouseResource,
    spec_factory: Callable[[duckdb.DuckDBPyConnection], DomainSpec],
    table: str,
    files_filter: Callable[[duckdb.DuckDBPyConnection, list[InboxFile]], list[InboxFile]] | None = None,
) -> dg.MaterializeResult:
    """Ingest the domain's accepted inbox files into ``raw.<table>``; the result
    carries the domain's reject-share check (``reject_share_spec``)."""
    run_id = context.run.run_id
    with warehouse.get().connect() as con:
        spec = spec_factory(con)
        files = inbox_files_for(con, spec.domain)
        if files_filter is not None:
            files = files_filter(con, files)
        report = ingest_into(con, spec, files, run_id, table, on_progress=step_progress)
        preview = preview_markdown(con, f"raw.{table}")
    for msg in report.file_errors:
        context.log.warning(msg)
    if report.rule_failures:
        context.log.warning(
            f"{spec.domain}: {report.rule_failures} rule failures in {report.rejected_rows} rows; "
            f"see audit.rejects (run_id {run_id})"
        )
    ledger_md = report.ledger.select(
        "source_file", "rows_read", "rows_loaded", "rows_rejected", "rows_duplicate", "rows_total")
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": report.records,
            "files": len(files),
            "rows_rejected": report.rejected_rows,
            "rule_failures": report.rule_failures,
            "preview": dg.MetadataValue.md(preview),
            "ledger": dg.MetadataValue.md(frame_markdown(ledger_md)),
            "rejects_sample": dg.MetadataValue.md(frame_markdown(report.rejects_sample)),
        },
        check_results=[reject_share_result(spec.domain, report.ledger, warehouse.max_reject_share)],
    )


def over_limit_line(file: str, rows_read: int, rows_rejected: int, refused: bool, notes: str | None) -> str:
    """One line of the reject-share check for a file over the limit: a refused
    file says why (it has no rejected share: nothing of it was read as rows)."""
    if refused:  # the ledger's notes of a refused file start with the reason
        return f"{file}: refused: {notes.removeprefix('file refused: ').split('; ')[0]}"
    share = rows_rejected / rows_read if rows_read else 0.0
    return f"{file}: {rows_rejected:,} of {rows_read:,} rows rejected ({share:.1%})"


def reject_share_spec(asset_key: dg.AssetKey, domain: str) -> dg.AssetCheckSpec:
    """Blocking, run in the raw asset's own step: no file of this domain may
    have more than the configured share of its rows rejected in this run (the
    run then does not publish)."""
    return dg.AssetCheckSpec(
        name=f"{domain}_reject_share_within_threshold",
        asset=asset_key,
        blocking=True,
        description=f"Every {domain} file of this run has at most the configured share of rejected rows.",
    )


def reject_share_result(domain: str, ledger: pl.DataFrame, limit: float) -> dg.AssetCheckResult:
    """The reject-share check over this run's ledger rows of the domain."""
    fault_point(f"check:{domain}")
    share = pl.when(pl.col("file_refused")).then(1.0).when(pl.col("rows_read") == 0).then(0.0).otherwise(
        pl.col("rows_rejected") / pl.col("rows_read"))
    rows = ledger.with_columns(share.alias("share")).sort("share", descending=True, maintain_order=True)
    over = rows.filter(pl.col("share") > limit)
    return dg.AssetCheckResult(
        check_name=f"{domain}_reject_share_within_threshold",
        passed=over.is_empty(),
        metadata={
            "max_reject_share": limit,
            "files_over": dg.MetadataValue.text("\n".join(
                over_limit_line(r["source_file"], r["rows_read"], r["rows_rejected"], r["file_refused"], r["notes"])
                for r in over.iter_rows(named=True)) or "none"),
            "worst_share": float(rows["share"][0]) if rows.height else 0.0,
        },
    )


def known_missions_in(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Missions a record may name: the shipped seed plus mission-list files loaded this run."""
    from pipelines.lib.reference import known_missions

    if not table_exists(con, "raw", "missions"):
        return known_missions([])
    return known_missions([r[0] for r in con.execute("select distinct mission from raw.missions").fetchall()])


RAW_MISSIONS = dg.AssetKey(["raw", "missions"])


def raw_source_definitions(table: str, parser: ModuleType) -> dg.Definitions:
    """A flat raw source (``pipelines/defs/sources.py``): ``raw.<table>`` with its
    blocking reject-share check, from its parser module
    (``pipelines/defs/<group>/parser.py``, group = folder = ingest domain: its
    ``spec`` given the known missions, its docstring the asset's description)."""
    key, group = dg.AssetKey(["raw", table]), parser.__name__.split(".")[-2]

    @dg.asset(key=key, deps=[INBOX_FILES, RAW_MISSIONS], group_name=group,
              kinds={"python", "polars", "duckdb"}, description=parser.__doc__,
              check_specs=[reject_share_spec(key, group)])
    def _raw(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
        return run_ingest(context, warehouse, lambda con: parser.spec(known_missions_in(con)), table)

    return dg.Definitions(assets=[_raw])
