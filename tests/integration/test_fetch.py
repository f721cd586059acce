"""``unpol fetch`` against a local HTTP server (pytest-httpserver) that serves
``../shared/data/real`` at the registry's paths, as a mirror laid out as
``<base>/<host>/<path>`` (UNPOL_FETCH_BASE_URL / ``--base-url``): no internet.

Each fault (a timeout, a 404, a truncated body, a checksum mismatch, an HTML
page in place of a CSV) leaves nothing in the inbox for that source, is named
in one line, and does not stop the others. The last test builds the real
warehouse from fetched files and compares it with the one built from copies."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from pipelines.cli import main as unpol
from pipelines.lib.sources import PROVENANCE_DIR, fetch_all, load_registry
from tests.conftest import BUNDLED_INBOX, PROJECT_ROOT, SHARED_REAL, real_inbox, run_pipeline
from tests.sources_server import route
from tests.sources_server import serve as serve_sources

REGISTRY = load_registry()
PINNED = [s for s in REGISTRY if s.pinned]
SMALL = [s for s in PINNED if s.path in (
    "un_pko_missions/DPPADPOSS-PKO_psdata_2024-02.csv",
    "ipi_contributor_police_monthly/countries/Cote d Ivoire.csv",
    "ipi_contributor_police_monthly/countries/Nepal.csv")]
LIVE = next(s for s in REGISTRY if s.live and s.path.startswith("un_pko_missions/"))


@pytest.fixture(scope="module")
def make_httpserver():
    """pytest-httpserver's server, threaded: a slow answer (the timeout test)
    must not hold up the other sources' downloads."""
    server = HTTPServer(threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


def serve(httpserver, sources) -> str:
    return serve_sources(httpserver, sources, SHARED_REAL)


def fetch(sources, inbox, cache, base, **kw):
    lines = []
    out = fetch_all(sources, inbox, cache, base_url=base, timeout=kw.pop("timeout", 5), retries=0,
                    progress=False, echo=lines.append, **kw)
    return out, {o.source.path: o for o in out}


def data_files(inbox: Path) -> list[str]:
    """What the run would see: every file outside the hidden provenance folder."""
    return sorted(p.relative_to(inbox).as_posix() for p in inbox.rglob("*")
                  if p.is_file() and PROVENANCE_DIR not in p.relative_to(inbox).parts)


def test_fetch_places_checked_files_with_their_provenance(tmp_path, httpserver, shared_real):
    base = serve(httpserver, SMALL)
    inbox, cache = tmp_path / "inbox", tmp_path / "cache"
    out, _ = fetch(SMALL, inbox, cache, base)
    assert [o.status for o in out] == ["placed"] * len(SMALL)
    assert data_files(inbox) == sorted(s.path for s in SMALL)
    for s in SMALL:
        assert (inbox / s.path).read_bytes() == (SHARED_REAL / s.path).read_bytes()
    import json

    rec = json.loads((inbox / PROVENANCE_DIR / f"{SMALL[0].path}.json").read_text())
    assert rec["sha256"] == rec["registry_sha256"] == SMALL[0].sha256
    assert rec["registry_url"] == SMALL[0].url and rec["url"].startswith(base.rstrip("/"))
    assert rec["citation"] == SMALL[0].citation and rec["retrieved_at"] and rec["size_bytes"] > 0

    # Cached and checked: nothing is downloaded again, and the inbox is left as it is.
    served = len(httpserver.log)
    again, _ = fetch(SMALL, inbox, cache, base)
    assert [o.status for o in again] == ["unchanged"] * len(SMALL)
    assert len(httpserver.log) == served

    # --offline: from the cache alone, into a new inbox; a source not cached fails by name.
    httpserver.clear()
    other = next(s for s in PINNED if s not in SMALL)
    off, by = fetch([*SMALL, other], tmp_path / "inbox2", cache, base, offline=True)
    assert [o.status for o in off] == ["placed"] * len(SMALL) + ["failed"]
    assert "not in the cache" in by[other.path].message
    assert data_files(tmp_path / "inbox2") == sorted(s.path for s in SMALL)


def test_a_live_source_whose_bytes_did_not_change_is_left_alone(tmp_path, httpserver, shared_real):
    body = (SHARED_REAL / "un_pko_missions/DPPADPOSS-PKO_psdata_2024-02.csv").read_bytes()
    httpserver.expect_request(route(LIVE)).respond_with_data(body, content_type="text/csv",
                                                              headers={"ETag": '"v1"'})
    inbox, cache = tmp_path / "inbox", tmp_path / "cache"
    first, _ = fetch([LIVE], inbox, cache, httpserver.url_for("/"))
    assert first[0].status == "placed"
    before = (inbox / LIVE.path).stat().st_mtime_ns
    second, _ = fetch([LIVE], inbox, cache, httpserver.url_for("/"))
    assert second[0].status == "unchanged" and (inbox / LIVE.path).stat().st_mtime_ns == before
    import json

    assert json.loads((inbox / PROVENANCE_DIR / f"{LIVE.path}.json").read_text())["etag"] == '"v1"'
    # New bytes from the publisher replace the file.
    httpserver.clear()
    changed = body.replace(b"2024-02-19", b"2024-03-19")
    httpserver.expect_request(route(LIVE)).respond_with_data(changed, content_type="text/csv")
    third, _ = fetch([LIVE], inbox, cache, httpserver.url_for("/"))
    assert third[0].status == "placed" and (inbox / LIVE.path).read_bytes() == changed


def _truncated(request):
    body = (SHARED_REAL / "un_pko_missions/DPPADPOSS-PKO_psdata_2024-02.csv").read_bytes()
    resp = Response(body[:2000], content_type="text/csv")
    resp.headers["Content-Length"] = str(len(body))
    resp.automatically_set_content_length = False
    return resp


def _slow(request):
    time.sleep(2)
    return Response(b"too late", content_type="text/csv")


FAULTS = {
    # fault: (respond, source, cause in the message)
    "404": (lambda srv, r: srv.expect_request(r).respond_with_data("Not Found", status=404), "pinned", "HTTP 404"),
    "checksum": (lambda srv, r: srv.expect_request(r).respond_with_data(
        (SHARED_REAL / "un_pko_missions/DPPADPOSS-PKO_psdata_2024-02.csv").read_bytes()[:-10] + b"x,y,z\n",
        content_type="text/csv"), "pinned", "checksum mismatch"),
    "html": (lambda srv, r: srv.expect_request(r).respond_with_data(
        "<!DOCTYPE html><html><body>Service unavailable</body></html>", content_type="text/html"),
        "live", "an HTML page"),
    "truncated": (lambda srv, r: srv.expect_request(r).respond_with_handler(_truncated), "live", "truncated body"),
    "timeout": (lambda srv, r: srv.expect_request(r).respond_with_handler(_slow), "live", "timed out"),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_a_fault_leaves_nothing_in_the_inbox_and_the_others_arrive(tmp_path, httpserver, shared_real, fault):
    respond, kind, cause = FAULTS[fault]
    bad = SMALL[0] if kind == "pinned" else LIVE
    respond(httpserver, route(bad))
    good = SMALL[1:]
    base = serve(httpserver, good)
    inbox, cache = tmp_path / "inbox", tmp_path / "cache"
    out, by = fetch([bad, *good], inbox, cache, base, timeout=0.5)
    assert by[bad.path].status == "failed" and cause in by[bad.path].message
    assert "\n" not in by[bad.path].message
    assert [by[s.path].status for s in good] == ["placed"] * len(good)
    # Nothing of the failed source anywhere in the inbox (no partial, no temporary, no record),
    # nor in the cache.
    assert sorted(p.relative_to(inbox).as_posix() for p in inbox.rglob("*") if p.is_file()) == sorted(
        [s.path for s in good] + [f"{PROVENANCE_DIR}/{s.path}.json" for s in good])
    assert not [p for p in cache.rglob("*") if p.is_file() and p.name.startswith(Path(bad.path).name)]


def test_a_failed_source_does_not_replace_the_good_copy_already_in_the_inbox(tmp_path, httpserver, shared_real):
    good = (SHARED_REAL / "un_pko_missions/DPPADPOSS-PKO_psdata_2024-02.csv").read_bytes()
    httpserver.expect_request(route(LIVE)).respond_with_data(good, content_type="text/csv")
    inbox, cache = tmp_path / "inbox", tmp_path / "cache"
    fetch([LIVE], inbox, cache, httpserver.url_for("/"))
    httpserver.clear()
    httpserver.expect_request(route(LIVE)).respond_with_data("<html>maintenance</html>", content_type="text/html")
    out, _ = fetch([LIVE], inbox, cache, httpserver.url_for("/"))
    assert out[0].status == "failed"
    assert (inbox / LIVE.path).read_bytes() == good


def test_unpol_fetch_names_the_failed_source_in_one_line_and_exits_1(tmp_path, httpserver, shared_real, capsys):
    """The command: one stderr line per failed source, the others placed, exit 1
    at the end; a registry whose URL is a 404 for one pinned file."""
    registry = tmp_path / "sources.toml"
    lines = ['[datasets.t]', 'title = "t"', 'domain = "missions"', 'publisher = "p"', 'licence = "l"',
             'citation = "c"', 'landing_page = "https://example.org"', "files = ["]
    for s in SMALL:
        lines.append(f'  {{ path = "{s.path}", url = "{s.url}", sha256 = "{s.sha256}" }},')
    lines.append(']')
    registry.write_text("\n".join(lines) + "\n")
    serve(httpserver, SMALL[1:])
    httpserver.expect_request(route(SMALL[0])).respond_with_data("Not Found", status=404)
    code = unpol(["fetch", "--inbox", str(tmp_path / "inbox"), "--cache", str(tmp_path / "cache"),
                  "--registry", str(registry), "--base-url", httpserver.url_for("/"), "--retries", "0"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert len(err) == 1 and SMALL[0].path in err[0] and "HTTP 404" in err[0]
    assert data_files(tmp_path / "inbox") == sorted(s.path for s in SMALL[1:])


def test_unpol_fetch_refuses_the_bundled_inbox(capsys):
    assert unpol(["fetch", "--inbox", str(BUNDLED_INBOX), "--offline"]) == 2
    assert "--inbox" in capsys.readouterr().err


def test_fetched_warehouse_equals_the_one_built_from_copies(tmp_path, httpserver, real_warehouse):
    """``unpol fetch`` + ``unpol run`` against the local server gives the same
    warehouse as ``unpol run`` on copied files (the ``real_warehouse`` fixture,
    built from the tests' real inbox; scripts/compare_warehouses.py), but for
    audit.source_provenance, which only the fetched files have, and the view
    that shows it (analytics.source_files): every file the run read, with its
    registry entry and download record, joined to audit.inbox_files by sha256."""
    base = serve(httpserver, PINNED)
    fetched = tmp_path / "fetched"
    assert unpol(["fetch", "--inbox", str(fetched / "inbox"), "--cache", str(tmp_path / "cache"),
                  "--base-url", base, "--retries", "0"]) == 0
    copied = real_warehouse.parent  # its inbox/ and unpol.duckdb, read only
    assert data_files(fetched / "inbox") == data_files(copied / "inbox")
    assert unpol(["run", "--inbox", str(fetched / "inbox"), "--warehouse", str(fetched / "unpol.duckdb"),
                  "--plain"]) == 0
    cmp = subprocess.run([sys.executable, str(PROJECT_ROOT / "scripts" / "compare_warehouses.py"),
                          str(copied / "unpol.duckdb"), str(fetched / "unpol.duckdb")],
                         capture_output=True, text=True)
    differing = [line.split(":")[0] for line in cmp.stdout.splitlines() if "DIFFERS" in line]
    assert differing == ["analytics.source_files", "audit.source_provenance"], cmp.stdout
    assert "only before: []" in cmp.stdout and "only after: []" in cmp.stdout
    import duckdb

    con = duckdb.connect(str(fetched / "unpol.duckdb"), read_only=True)
    try:
        rows = con.execute("""
            select count(*), count(f.relpath), bool_and(p.in_inbox), count(distinct p.citation)
            from audit.source_provenance p
            left join audit.inbox_files f on f.sha256 = p.sha256 and f.relpath = p.relpath""").fetchone()
        files = con.execute("select count(*) from audit.inbox_files where status <> 'refused'").fetchone()[0]
        pinned = con.execute("select count(*) from audit.source_provenance "
                             "where sha256 = registry_sha256 and not live").fetchone()[0]
        # Every file the run loaded is cited: analytics.source_files, and the report's sources section.
        accepted = con.execute("select count(*) from audit.inbox_files where status = 'accepted'").fetchone()[0]
        cited = con.execute("""
            select count(*), count(*) filter (where fetched and (file_sha256 = registry_sha256 or url like 'repo:%')),
                   count(distinct publisher),
                   bool_and(cite_as = citation || '. ' || url || ', retrieved '
                            || strftime(timezone('UTC', retrieved_at), '%Y-%m-%d') || ', sha256 ' || left(file_sha256, 12))
            from analytics.source_files""").fetchone()
        urls = [u for (u,) in con.execute("select url from analytics.source_files where url like 'https://%'").fetchall()]
    finally:
        con.close()
    assert rows[:3] == (files, files, True) and rows[3] > 1
    assert pinned == len(PINNED)
    # The cited figures and ceilings come from this repository (repo: URLs), the rest from the web, pinned.
    assert cited[:2] == (accepted, accepted) and cited[2] > 1 and cited[3] is True
    assert 0 < len(urls) < accepted
    from html import unescape

    from pipelines.lib.report.output import report_path

    page = unescape(report_path(fetched / "unpol.duckdb").read_text(encoding="utf-8"))
    listed = page[page.index('class="source-files"'):]
    assert all(u in listed for u in urls)
    con = duckdb.connect(str(copied / "unpol.duckdb"), read_only=True)
    try:
        assert con.execute("select count(*) from audit.source_provenance").fetchone()[0] == 0
        assert con.execute("select count(*) filter (where fetched), bool_and(cite_as = source_file) "
                           "from analytics.source_files").fetchone() == (0, True)
    finally:
        con.close()


def test_every_loaded_real_file_is_in_the_registry_with_its_sha256(shared_real, tmp_path):
    """The registry covers what the real inbox loads, byte for byte."""
    import hashlib

    copied = real_inbox(tmp_path / "inbox", with_figures=False)
    by_path = {s.path: s for s in PINNED}
    for rel in data_files(copied):
        assert rel in by_path, f"{rel} is loaded but not in data/sources.toml"
        assert hashlib.sha256((copied / rel).read_bytes()).hexdigest() == by_path[rel].sha256, rel
    assert set(by_path) == set(data_files(copied))



def test_each_loaded_file_is_cited_in_analytics_and_the_report(tmp_path, httpserver):
    """The bundled files, three fetched from a local server by a registry of
    their own and one put in the inbox by hand: ``analytics.source_files``
    gives each fetched file its publisher, citation, URL, sha256 and retrieval
    date, the hand-placed one its name alone; the report's sources section
    lists the same."""
    import hashlib
    from datetime import UTC, datetime
    from html import unescape

    import duckdb

    from pipelines.lib.report.output import report_path

    fetched = ["staffing_police_2013-09_2014-08.csv", "police_ceilings.xlsx", "reported_figures.csv"]
    by_hand = "staffing_police_odp_lowercase_sample.csv"
    registry = tmp_path / "sources.toml"
    lines = ['[datasets.bundled]', 'title = "The bundled sample"', 'domain = "staffing"',
             'publisher = "Test Publisher"', 'licence = "CC BY 4.0"', 'citation = "Test Publisher, Bundled sample (2014)"',
             'landing_page = "https://example.org/bundled"', "files = ["]
    for name in fetched:
        sha = hashlib.sha256((BUNDLED_INBOX / name).read_bytes()).hexdigest()
        lines.append(f'  {{ path = "{name}", url = "https://example.org/data/{name}", sha256 = "{sha}" }},')
        httpserver.expect_request(f"/example.org/data/{name}").respond_with_data(
            (BUNDLED_INBOX / name).read_bytes(), content_type="application/octet-stream")
    registry.write_text("\n".join([*lines, "]"]) + "\n")
    inbox, wh = tmp_path / "inbox", tmp_path / "wh" / "unpol.duckdb"
    assert unpol(["fetch", "--inbox", str(inbox), "--cache", str(tmp_path / "cache"), "--registry", str(registry),
                  "--base-url", httpserver.url_for("/"), "--retries", "0"]) == 0
    (inbox / by_hand).write_bytes((BUNDLED_INBOX / by_hand).read_bytes())
    assert run_pipeline(inbox, wh).success  # in-process: the command's run is the test above's

    con = duckdb.connect(str(wh), read_only=True)
    try:
        rows = con.execute("select source_file, fetched, publisher, citation, url, file_sha256, licence, "
                           "cast(timezone('UTC', retrieved_at) as date), cite_as from analytics.source_files "
                           "order by source_file").fetchall()
    finally:
        con.close()
    today = datetime.now(UTC).date()
    assert [r[0] for r in rows] == sorted([*fetched, by_hand])
    for name, is_fetched, publisher, citation, url, sha, licence, retrieved, cite_as in rows:
        assert sha == hashlib.sha256((BUNDLED_INBOX / name).read_bytes()).hexdigest(), name
        if name == by_hand:
            assert (is_fetched, publisher, citation, url, retrieved, cite_as) == (False, None, None, None, None, name)
            continue
        assert (is_fetched, publisher, citation, url, licence) == (
            True, "Test Publisher", "Test Publisher, Bundled sample (2014)", f"https://example.org/data/{name}",
            "CC BY 4.0")
        assert retrieved in (today, today.fromordinal(today.toordinal() - 1))  # a run across midnight UTC
        assert cite_as == (f"Test Publisher, Bundled sample (2014). https://example.org/data/{name}, "
                           f"retrieved {retrieved.isoformat()}, sha256 {sha[:12]}")

    html = unescape(report_path(wh).read_text(encoding="utf-8"))
    section = html[html.index('<section id="sources">'):]
    files = section[section.index('class="source-files"'):section.index("</table>", section.index('class="source-files"'))]
    for name in fetched:
        assert name in files and f"https://example.org/data/{name}" in files
    assert files.count("Test Publisher, Bundled sample (2014)") == len(fetched)
    assert f"{by_hand} (put in the inbox by hand: no download record)" in files
