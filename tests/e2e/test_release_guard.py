"""Every ``unpol`` command that writes a file refuses a target inside a
published release (issue 25), with one line and exit 2, and the release
stays byte-identical: the export into ``exports/`` beside the warehouse,
query output onto another warehouse's published file, the dictionary into
``reports/``, and a run whose warehouse is a file of a release."""

from __future__ import annotations

import shutil

import pytest

from pipelines.cli import main
from tests.integration.test_releases import tree_digest


@pytest.fixture(scope="module")
def published(bundled_build, tmp_path_factory):
    """A published warehouse of this module's own (tests here only read it),
    so a guard that let a write through could not spoil other modules."""
    root = tmp_path_factory.mktemp("guarded") / "wh"
    shutil.copytree(bundled_build, root, symlinks=True)
    return root / "unpol.duckdb"


def refused(capsys, argv, given) -> str:
    rc = main(argv)
    err = capsys.readouterr().err
    assert rc == 2, err
    assert err.startswith(f"unpol: refused: {given} ") and err.count("\n") == 1, err
    return err


def test_export_into_the_exports_link_is_refused(published, capsys):
    before = tree_digest(published.parent)
    target = published.parent / "exports"
    err = refused(capsys, ["export", "--warehouse", str(published), "--parquet", str(target)], target)
    assert f"resolves to {published.resolve().parent}/exports" in err
    assert tree_digest(published.parent) == before


@pytest.mark.parametrize(("flag", "name"), [
    ("--parquet", "unpol.duckdb"),
    ("--parquet", "current/unpol.duckdb"),
    ("--csv", "reports/police_scorecard.html"),
])
def test_query_output_onto_another_warehouses_release_is_refused(published, bundled_warehouse, capsys, flag, name):
    before = tree_digest(published.parent)
    target = published.parent / name
    refused(capsys, ["query", "select 1 as x", "--warehouse", str(bundled_warehouse), flag, str(target)], target)
    assert tree_digest(published.parent) == before


def test_dictionary_into_a_release_is_refused(published, bundled_warehouse, capsys):
    before = tree_digest(published.parent)
    target = published.parent / "reports" / "data_dictionary.md"
    refused(capsys, ["dictionary", "--warehouse", str(bundled_warehouse), "--output", str(target)], target)
    assert tree_digest(published.parent) == before


def test_a_run_into_a_release_is_refused_before_it_starts(published, bundled_inbox, capsys):
    before = tree_digest(published.parent)
    inside = published.parent / "current" / published.name
    err = refused(capsys, ["run", "--inbox", str(bundled_inbox), "--warehouse", str(inside)], inside)
    assert "inside the published release" in err
    assert tree_digest(published.parent) == before
    assert not (published.resolve().parent / ".build").exists()
