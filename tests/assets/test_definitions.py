"""Layer 5: the code location loads, and the asset graph matches its snapshot.

A change to the graph shows up as a diff of tests/assets/snapshots/asset_graph.txt in
review. To accept a change: UNPOL_UPDATE_SNAPSHOTS=1 pytest tests/assets/test_definitions.py
"""

import os
from pathlib import Path

from pipelines.definitions import defs

SNAPSHOT = Path(__file__).parent / "snapshots" / "asset_graph.txt"


def graph_text() -> str:
    graph = defs.resolve_asset_graph()
    lines = []
    for key in sorted(graph.get_all_asset_keys(), key=lambda k: k.to_user_string()):
        node = graph.get(key)
        deps = ", ".join(sorted(p.to_user_string() for p in node.parent_keys))
        lines.append(f"{key.to_user_string()} [{node.group_name}] <- {deps}")
    for check in sorted(graph.asset_check_keys, key=lambda c: (c.asset_key.to_user_string(), c.name)):
        lines.append(f"check {check.asset_key.to_user_string()}:{check.name}")
    return "\n".join(lines) + "\n"


def test_definitions_load_with_every_asset_documented():
    graph = defs.resolve_asset_graph()
    for key in graph.get_all_asset_keys():
        assert graph.get(key).description, f"{key.to_user_string()} has no description"
    assert defs.resolve_job_def("unpol_main") is not None


def test_asset_graph_snapshot():
    text = graph_text()
    if os.environ.get("UNPOL_UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(text)
    # A missing snapshot is a failure, never a pass: it is written only on request.
    assert SNAPSHOT.exists(), f"{SNAPSHOT} is missing: UNPOL_UPDATE_SNAPSHOTS=1 pytest {__file__} writes it"
    assert text == SNAPSHOT.read_text(), "asset graph changed: review and update tests/assets/snapshots/asset_graph.txt"


def test_asset_keys_mirror_duckdb_tables():
    for key in defs.resolve_asset_graph().get_all_asset_keys():
        if key.path != ["published_warehouse"]:
            # "exports": Parquet files of the analytics views beside the published warehouse.
            # "report": files rendered from the warehouse (report/police_scorecard is
            # an HTML file beside the published warehouse), not DuckDB tables.
            assert len(key.path) == 2 and key.path[0] in {
                "raw", "staging", "marts", "audit", "analytics", "exports", "report"}, key


def test_the_check_names_the_command_line_explains_are_checks_of_the_definitions():
    # unpol run names the cause of a refused publish by these checks' names
    # (pipelines/cli/run.py): a renamed check must fail here, not go silent there.
    from pipelines.cli import run

    names = {c.name for c in defs.resolve_asset_graph().asset_check_keys}
    assert run.REFUSED_CHECK in names
    assert run.SHRINK_CHECK in names
    assert any(n.endswith(run.REJECT_SHARE_SUFFIX) for n in names)
