"""Only what must stop a publish blocks: refused files, rejects over the
threshold and undescribed analytics columns. Warnings do not block."""

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
    assert "inbox_files_all_recognised" in stoppers and "columns_described" in stoppers
    assert {n for n in blocking if n.endswith("_reject_share_within_threshold")} <= stoppers
    assert stoppers == ({"inbox_files_all_recognised", "columns_described"}
                        | {n for n in blocking if n.endswith("_reject_share_within_threshold")})
