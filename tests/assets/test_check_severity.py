"""Only what must stop a publish blocks: refused files, rejects over the
threshold and broken contracts of the audit
tables, the indicator values and the sourced targets (each would publish
figures that do not add up). Warnings do not block."""

from pipelines.definitions import build_definitions
from pipelines.defs.operations.monitoring import (
    CONTRIBUTING_COUNTRIES_STABLE,
    MISSION_STAFFING_FRESH,
)


def _blocking():
    graph = build_definitions().resolve_asset_graph()
    return {key.name: graph.get_check_spec(key).blocking for key in graph.asset_check_keys}


def test_warnings_do_not_block_and_publish_stoppers_do():
    blocking = _blocking()
    assert blocking[MISSION_STAFFING_FRESH] is False and blocking[CONTRIBUTING_COUNTRIES_STABLE] is False
    stoppers = {n for n, b in blocking.items() if b}
    assert "inbox_files_all_recognised" in stoppers
    assert {n for n in blocking if n.endswith("_reject_share_within_threshold")} <= stoppers
    invariants = {  # warehouse/checks/assert_*.sql declared blocking, and the indicator grain
        "assert_file_months_listed_once", "assert_ingest_ledger_one_row_per_file",
        "assert_ingest_ledger_rows_add_up", "assert_model_builds_one_per_table",
        "assert_processed_files_one_row_per_run_and_file", "assert_rejects_files_in_ledger",
        "assert_rejects_name_file_and_rule", "assert_year_target_benchmarks_match_sourced_targets",
        "one_value_per_indicator_subject_period_source",
        "release_keeps_rows",  # the shrink guard: a release never loses rows without a run that says so
    }
    assert stoppers == ({"inbox_files_all_recognised"} | invariants
                        | {n for n in blocking if n.endswith("_reject_share_within_threshold")})
    # A gap in IPI's monthly totals is a soft signal, not a reason to withhold a release.
    assert blocking["assert_mission_strength_months_contiguous"] is False
