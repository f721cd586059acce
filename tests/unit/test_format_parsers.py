"""Every recognised format that is loaded has a parser in its domain, and every
parser a format: a format added to a source's ``formats.toml`` without its
parser would otherwise be recognised in the inbox and fail the run's ingest
with a bare KeyError (docs/inputs.md, "Adding a published format")."""

from __future__ import annotations

from collections import defaultdict

import pytest

from pipelines.defs.missions import parser as missions
from pipelines.defs.sources import RAW_SOURCES
from pipelines.defs.staffing import parser as staffing
from pipelines.lib import formats
from pipelines.lib.formats import FORMATS

# Recognised in the inbox and listed there, never loaded.
NOT_INGESTED = "not_ingested"


@pytest.fixture(scope="module")
def specs() -> dict:
    """Each loading domain's spec (built when a test asks, not at collection)."""
    out = {p.__name__.split(".")[-2]: p.spec([]) for p in RAW_SOURCES.values()}
    out["staffing"] = staffing.spec([])
    out["missions"] = missions.spec()
    return out


def _formats() -> dict[str, set[str]]:
    by_domain: dict[str, set[str]] = defaultdict(set)
    for f in FORMATS:
        by_domain[f.domain].add(f.name)
    return by_domain


BY_DOMAIN = _formats()


def test_every_spec_is_its_domains(specs):
    assert all(spec.domain == domain for domain, spec in specs.items())


@pytest.mark.parametrize("domain", sorted(d for d in BY_DOMAIN if d != NOT_INGESTED))
def test_each_loaded_format_has_a_parser_and_each_parser_a_format(specs, domain):
    assert domain in specs, f"formats of domain {domain!r} have no raw asset to load them"
    assert set(specs[domain].parsers) == BY_DOMAIN[domain]


def test_no_format_is_both_loaded_and_not():
    loaded = {name for d, names in BY_DOMAIN.items() if d != NOT_INGESTED for name in names}
    assert not loaded & BY_DOMAIN[NOT_INGESTED]
    assert len({f.name for f in FORMATS}) == len(FORMATS), "two formats share a name"


def test_each_source_folder_declares_its_formats_beside_its_parser():
    """A source is one folder: its formats.toml beside its parser.py."""
    defs = formats.DEFS
    declared = {p.parent.name for p in defs.glob("*/formats.toml")}
    assert declared == {p.parent.name for p in defs.glob("*/parser.py")}
    assert {f.domain for f in FORMATS} - {"not_ingested"} <= declared and len(declared) >= 10, declared


@pytest.mark.parametrize("table, cause", [
    ('required = ["a"]\nsheets = "x"', "sheets"),  # a key Format does not have
    ('optional = ["a"]', "required"),  # no required columns
    ('required = "Date"', "lists of column names"),  # a string, not a list
])
def test_a_malformed_format_table_names_its_file_and_format(tmp_path, monkeypatch, table, cause):
    (tmp_path / "staffing").mkdir()
    (tmp_path / "staffing" / "formats.toml").write_text(f"[odd]\n{table}\n")
    monkeypatch.setattr(formats, "DEFS", tmp_path)
    with pytest.raises(ValueError, match=rf"staffing/formats.toml: format 'odd': .*{cause}"):
        formats._gathered()
