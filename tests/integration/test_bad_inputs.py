"""The bad-input corpus (tests/bad_inputs/cases.py) through the real path: one
in-process run over an inbox holding every case, then each case's outcome
asserted from the build workspace (the run is not published: refused files
block publishing, which is itself asserted). A few cases also go through
`unpol run` (its entry point, in-process) to check the exit code and that no
stack trace reaches the user."""

from __future__ import annotations

import pytest

from pipelines.cli import main
from pipelines.lib.warehouse import Warehouse
from tests.bad_inputs.cases import CASES, Loaded, Refused
from tests.conftest import run_pipeline


def test_corpus_is_large_and_distinct():
    assert len(CASES) >= 30
    assert len({c.name for c in CASES}) == len(CASES) and len({c.file for c in CASES}) == len(CASES)


def build_inbox(root, outside, cases):
    root.mkdir()
    outside.mkdir()
    for case in cases:
        i = CASES.index(case)
        if case.setup:
            case.setup(root, outside)
        else:
            (root / case.file).write_bytes(case.make(i))
    return root


@pytest.fixture(scope="module")
def corpus_runs(tmp_path_factory):
    """Two runs: one over every file-level refusal (a refused file blocks the
    whole run at the inbox check, by design), one over every readable file."""
    out = {}
    for kind in (Refused, Loaded):
        tmp = tmp_path_factory.mktemp(kind.__name__.lower())
        inbox = build_inbox(tmp / "inbox", tmp / "outside", [c for c in CASES if isinstance(c.expect, kind)])
        wh = tmp / "wh.duckdb"
        out[kind] = (run_pipeline(inbox, wh), wh)
    return out


def test_refused_files_block_publishing_by_name(corpus_runs):
    result, wh = corpus_runs[Refused]
    assert not wh.exists()
    failed = [e for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"
              and not e.event_specific_data.passed]
    assert [e.event_specific_data.check_name for e in failed] == ["inbox_files_all_recognised"]


def test_readable_bad_files_do_not_crash_a_step(corpus_runs):
    result, _ = corpus_runs[Loaded]
    crashed = [e.step_key for e in result.all_events if e.event_type_value == "STEP_FAILURE"
               and "AssetCheckFailed" not in str(e.event_specific_data.error)]
    assert crashed == []


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_outcome(case, corpus_runs, query):
    _, wh = corpus_runs[type(case.expect)]
    ws = Warehouse(wh).workspace
    if isinstance(case.expect, Refused):
        messages = query(ws, "select message from audit.inbox_files where relpath = ? and status = 'refused'", [case.file])
        rules = query(ws, "select rule, message from audit.rejects where source_file = ? and source_row is null", [case.file])
        found = [m for (m,) in messages] + [m for _, m in rules]
        assert found, f"{case.file} was not refused"
        assert any(case.expect.text in m for m in found), found
        assert all(case.file in m for m in found), found  # the message names the file
        assert case.expect.rule in {r for r, _ in rules}, rules
        return
    expect: Loaded = case.expect
    status = query(ws, "select status, message from audit.inbox_files where relpath = ?", [case.file])
    assert status and status[0][0] == "accepted", status
    loaded = query(ws, "select count(distinct source_row) from raw.staffing_contributions where source_file = ?",
                   [case.file])[0][0]
    assert loaded == expect.rows
    rejects = query(ws, "select source_row, column_name, rule, message from audit.rejects where source_file = ? "
                        "order by all", [case.file])
    assert sorted({(r, c, rule) for r, c, rule, _ in rejects}, key=str) == sorted(set(expect.rejects), key=str)
    for r, _, _, message in rejects:
        assert case.file in message and (r is None or f"row {r}" in message), message


@pytest.mark.slow
@pytest.mark.parametrize("name, code", [("text_in_count", 3), ("empty_file", 3), ("utf16_bom", 0)])
def test_cli_exit_code_and_no_stack_trace(tmp_path, name, code, capfd):
    case = next(c for c in CASES if c.name == name)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / case.file).write_bytes(case.make(0))
    # The command's own entry point in this process (an exception escaping it
    # fails the test as a traceback would); capfd reads all the process writes.
    returncode = main(["run", "--plain", "--inbox", str(inbox), "--warehouse", str(tmp_path / "wh.duckdb")])
    out, err = capfd.readouterr()
    assert returncode == code, err
    assert "Traceback" not in err + out
    if code:
        assert case.file in err + out
