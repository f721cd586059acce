"""The registry of sources (data/sources.toml) and the checks ``unpol fetch``
makes before a file may enter the inbox (tests/integration/test_fetch.py
downloads them from a local server)."""

from __future__ import annotations

import re

import pytest

from pipelines.lib.sources import (
    REPO_SCHEME,
    FetchFailed,
    RegistryError,
    load_registry,
    refuse_html,
    resolve_url,
)

HEAD = """[datasets.d]
title = "t"
domain = "missions"
publisher = "p"
licence = "l"
citation = "c"
landing_page = "https://example.org"
"""


def test_the_registry_pins_every_web_file_to_a_commit_and_a_sha256():
    sources = load_registry()
    assert len({s.path for s in sources}) == len(sources)
    for s in sources:
        if s.live:
            assert s.sha256 is None and s.url.startswith("https://"), s.path
        elif s.url.startswith(REPO_SCHEME):
            assert s.path.startswith("documents/"), s.path
        else:
            assert re.fullmatch(r"[0-9a-f]{64}", s.sha256), s.path
            assert re.match(r"https://raw\.githubusercontent\.com/[^/]+/[^/]+/[0-9a-f]{40}/", s.url), s.url
        assert s.citation and s.publisher and s.licence and s.landing_page.startswith("https://"), s.path
    assert {s.domain for s in sources if s.live} == {"missions", "fatalities", "staffing"}


@pytest.mark.parametrize("files, message", [
    ('files = [{ path = "../x.csv", url = "https://h/x", sha256 = "ab" }]', "inside the inbox"),
    ('files = [{ path = ".provenance/x.csv", url = "https://h/x", sha256 = "ab" }]', "not be hidden"),
    ('files = [{ path = "x.csv", url = "https://h/x" }]', "needs its sha256"),
    ('files = [{ path = "x.csv", url = "https://h/x", sha256 = "ab" }, '
     '{ path = "x.csv", url = "https://h/y", sha256 = "cd" }]', "named twice"),
    ('live = true\nfiles = [{ path = "x.csv", url = "https://h/x", sha256 = "ab" }]', "no fixed sha256"),
])
def test_a_wrong_registry_entry_is_refused_by_name(tmp_path, files, message):
    reg = tmp_path / "sources.toml"
    reg.write_text(HEAD + files + "\n")
    with pytest.raises(RegistryError, match=message) as err:
        load_registry(reg)
    assert "dataset d, file" in str(err.value)


def test_a_dataset_without_its_citation_is_refused(tmp_path):
    reg = tmp_path / "sources.toml"
    reg.write_text(HEAD.replace('citation = "c"\n', "") + 'files = []\n')
    with pytest.raises(RegistryError, match="dataset d lacks citation"):
        load_registry(reg)


def test_the_base_url_reads_every_web_source_from_a_mirror():
    url = "https://raw.githubusercontent.com/o/r/0123/a%20b/c.csv"
    assert resolve_url(url, None) == url
    assert resolve_url(url, "http://127.0.0.1:8000/") == "http://127.0.0.1:8000/raw.githubusercontent.com/o/r/0123/a%20b/c.csv"
    assert resolve_url("https://api.example.org/data/X/CSV?f=1", "http://m") == "http://m/api.example.org/data/X/CSV?f=1"
    assert resolve_url("repo:data/inbox/x.csv", "http://m") == "repo:data/inbox/x.csv"


@pytest.mark.parametrize("body, content_type", [
    (b"<!DOCTYPE html><html><body>Error</body></html>", "text/html"),
    (b"\xef\xbb\xbf\r\n  <html><head></head></html>", None),
    (b"<p>Service unavailable</p>", "text/html; charset=utf-8"),
    (b"", "text/csv"),
])
def test_an_html_page_or_an_empty_body_is_not_a_data_file(tmp_path, body, content_type):
    f = tmp_path / "x.csv"
    f.write_bytes(body)
    with pytest.raises(FetchFailed):
        refuse_html(f, content_type)


def test_a_csv_served_as_html_content_type_is_still_a_csv(tmp_path):
    f = tmp_path / "x.csv"
    f.write_bytes(b"id,mission_acronym\n1,UNTSO\n")
    assert refuse_html(f, "text/html").startswith(b"id,")
