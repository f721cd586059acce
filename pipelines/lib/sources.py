"""The registry of the real data's sources (``data/sources.toml``) and getting
them: ``unpol fetch`` downloads each file into a cache with pooch, checks it,
and places it in the inbox atomically with its download record.

A file reaches the inbox only whole and checked: a pinned file must have the
registry's sha256; every file must be what its name says (not an HTML page in
place of a CSV) and have a header the pipeline recognises. A failure names the
source and the cause in one line, leaves the inbox as it was, and does not stop
the other sources. The download record goes to ``<inbox>/.provenance/<path>.json``:
a hidden folder, which the inbox listing skips (``pipelines/lib/inbox.py``), so
it never reaches a run as an input; the intake step reads it into
``audit.source_provenance`` (``pipelines/lib/provenance.py``).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import tomllib
from contextlib import nullcontext
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from pipelines.lib.files import sha256_of, write_atomic
from pipelines.lib.paths import PROJECT_ROOT

REGISTRY = PROJECT_ROOT / "data" / "sources.toml"
PROVENANCE_DIR = ".provenance"  # hidden: list_inbox skips it
REPO_SCHEME = "repo:"  # a file of this repository (the bundled cited figures)
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<?xml")
_ZIP_MAGIC = b"PK\x03\x04"  # xlsx


class RegistryError(ValueError):
    """The registry itself is wrong; the message names the dataset and key."""


class FetchFailed(Exception):
    """One source could not be placed; the message is the cause, in one line."""


@dataclass(frozen=True)
class Source:
    path: str  # where it goes in the inbox, relative
    url: str
    sha256: str | None  # None: live (recorded at each download) or a repository file
    dataset: str
    title: str
    domain: str
    publisher: str
    licence: str
    citation: str
    landing_page: str
    note: str
    live: bool

    @property
    def pinned(self) -> bool:
        return self.sha256 is not None


_DATASET_KEYS = ("title", "domain", "publisher", "licence", "citation", "landing_page")


def load_registry(path: Path = REGISTRY) -> list[Source]:
    """Every file the registry names, checked: the keys each dataset needs, a
    sha256 for every pinned web file and none for a live one, inbox paths that
    stay inside the inbox and are named once."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RegistryError(f"{path}: {exc}") from None
    out: list[Source] = []
    seen: set[str] = set()
    for name, ds in data.get("datasets", {}).items():
        missing = [k for k in (*_DATASET_KEYS, "files") if k not in ds]
        if missing:
            raise RegistryError(f"{path}: dataset {name} lacks {', '.join(missing)}")
        live = bool(ds.get("live", False))
        for f in ds["files"]:
            rel, url, sha = f.get("path"), f.get("url"), f.get("sha256")
            where = f"{path}: dataset {name}, file {rel}"
            if not rel or not url:
                raise RegistryError(f"{where}: every file needs path and url")
            pure = PurePosixPath(rel)
            if pure.is_absolute() or ".." in pure.parts or any(p.startswith(".") for p in pure.parts):
                raise RegistryError(f"{where}: path must stay inside the inbox and not be hidden")
            if rel in seen:
                raise RegistryError(f"{where}: path named twice")
            seen.add(rel)
            if live and sha:
                raise RegistryError(f"{where}: a live file has no fixed sha256")
            if not live and not sha and not url.startswith(REPO_SCHEME):
                raise RegistryError(f"{where}: a pinned web file needs its sha256")
            out.append(Source(path=rel, url=url, sha256=sha.lower() if sha else None, dataset=name,
                              live=live, note=ds.get("note", ""), **{k: ds[k] for k in _DATASET_KEYS}))
    return out


def resolve_url(url: str, base_url: str | None) -> str:
    """The URL to download: with ``base_url`` (UNPOL_FETCH_BASE_URL), every web
    URL is read from a mirror laid out as ``<base_url>/<host>/<path>`` (the
    layout ``wget -x`` writes), as the tests' local server serves it."""
    if not base_url or url.startswith(REPO_SCHEME):
        return url
    parts = urlsplit(url)
    query = f"?{parts.query}" if parts.query else ""
    return f"{base_url.rstrip('/')}/{parts.netloc}{parts.path}{query}"


def cache_path(cache: Path, source: Source) -> Path:
    """Where the cache keeps a web file: by its registry URL (which names the
    commit of a pinned file), under the inbox file's name so the suffix says
    its kind."""
    parts = urlsplit(source.url)
    return cache / parts.netloc / unquote(parts.path).lstrip("/") / PurePosixPath(source.path).name


@dataclass
class Outcome:
    source: Source
    status: str  # placed | unchanged | failed
    message: str


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# Files reach the inbox by ``write_atomic``: a hidden temporary file in the
# same folder (the inbox listing and the sensor skip hidden names), fsync,
# rename over the target, fsync the folder.
def _write_json(dest: Path, record: dict) -> None:
    write_atomic(dest, json.dumps(record, indent=2, sort_keys=True) + "\n")


def check_content(path: Path, source: Source, content_type: str | None = None) -> None:
    """Refuse what is not the file its name says: an HTML page (an error or
    login page served with status 200), a workbook that is not a zip, and a
    file whose header the pipeline does not recognise."""
    head = refuse_html(path, content_type)
    suffix = PurePosixPath(source.path).suffix.lower()
    if suffix == ".xlsx" and not head.startswith(_ZIP_MAGIC):
        raise FetchFailed("not an Excel workbook (no zip signature)")
    from pipelines.lib.formats import detect

    found = detect(path)
    if found.format is None:
        raise FetchFailed(f"not a format the pipeline reads: {found.error}")


def refuse_html(path, content_type: str | None) -> bytes:
    """Refuse an empty body or an HTML page (an error or login page served
    with status 200 in place of the data); return the first bytes."""
    with open(path, "rb") as fh:
        head = fh.read(1024)
    if not head:
        raise FetchFailed("empty body")
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(_HTML_STARTS) or (content_type and "html" in content_type.lower() and text[:1] == b"<"):
        raise FetchFailed(f"an HTML page ({content_type or 'no content-type'}), not the data file")
    return head


class _Download:
    """pooch downloader: requests with a timeout, the server's ETag and
    Last-Modified kept, an HTML page refused, and a rich progress bar on a
    terminal for files of more than a few megabytes."""

    def __init__(self, timeout: float, label: str, progress: bool):
        self.timeout, self.label, self.progress = timeout, label, progress
        self.headers: dict[str, str] = {}

    def __call__(self, url: str, output_file, pooch) -> None:
        import requests

        with requests.get(url, stream=True, timeout=self.timeout,
                          headers={"User-Agent": "unpol-warehouse fetch (pooch)"}) as r:
            r.raise_for_status()
            self.headers = {k.lower(): v for k, v in r.headers.items()}
            total = int(r.headers["Content-Length"]) if r.headers.get("Content-Length", "").isdigit() else None
            bar = _bar(self.label, total) if self.progress and (total or 0) > (4 << 20) else None
            try:
                with open(output_file, "wb") if isinstance(output_file, str | os.PathLike) else nullcontext(output_file) as out:
                    # urllib3 raises when the body ends before its Content-Length
                    # (ChunkedEncodingError here): a truncated body never passes.
                    for chunk in r.iter_content(1 << 16):
                        out.write(chunk)
                        if bar:
                            bar[0].update(bar[1], advance=len(chunk))
            finally:
                if bar:
                    bar[0].stop()
        refuse_html(output_file, self.headers.get("content-type"))


def _bar(label: str, total: int | None):
    from rich.progress import BarColumn, DownloadColumn, Progress, TransferSpeedColumn

    prog = Progress("[progress.description]{task.description}", BarColumn(), DownloadColumn(),
                    TransferSpeedColumn(), transient=True)
    prog.start()
    return prog, prog.add_task(label, total=total)


def _cause(exc: BaseException, timeout: float) -> str:
    """One line for a failed download."""
    import requests

    if isinstance(exc, FetchFailed):
        return str(exc)
    if isinstance(exc, requests.exceptions.Timeout):
        return f"timed out (no answer within {timeout:g} s)"
    if isinstance(exc, requests.exceptions.HTTPError) and exc.response is not None:
        return f"HTTP {exc.response.status_code} {exc.response.reason or ''}".rstrip()
    if isinstance(exc, requests.exceptions.ChunkedEncodingError | requests.exceptions.ContentDecodingError):
        return f"truncated body ({str(exc).splitlines()[0][:160]})"
    if isinstance(exc, requests.exceptions.ConnectionError):
        return f"cannot connect ({str(exc).splitlines()[0][:160]})"
    if isinstance(exc, ValueError) and "hash" in str(exc).lower():
        return f"checksum mismatch: {' '.join(str(exc).split())[:300]}"
    return f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}"


def _download(source: Source, url: str, cached: Path, *, timeout: float, retries: int, progress: bool) -> dict:
    """Bring one web file into the cache with pooch and return its download
    record. A pinned file already cached with its sha256 is not downloaded
    again (pooch checks the hash); a live file is downloaded into a fresh
    folder beside the cache, checked, and only then replaces the cached copy,
    so a failed download keeps the last good one for ``--offline``."""
    import pooch

    pooch.get_logger().setLevel("WARNING")
    record_path = cached.with_name(cached.name + ".download.json")
    if source.pinned and cached.exists() and record_path.exists() and sha256_of(cached) == source.sha256:
        return json.loads(record_path.read_text(encoding="utf-8"))
    cached.parent.mkdir(parents=True, exist_ok=True)
    down = _Download(timeout, source.path, progress)
    with tempfile.TemporaryDirectory(prefix=".incoming.", dir=cached.parent) as tmpdir:
        fetcher = pooch.create(path=tmpdir, base_url="", retry_if_failed=retries,
                               registry={cached.name: f"sha256:{source.sha256}" if source.pinned else None},
                               urls={cached.name: url})
        got = Path(fetcher.fetch(cached.name, downloader=down))
        check_content(got, source, down.headers.get("content-type"))
        record = {
            "url": url, "registry_url": source.url, "retrieved_at": _now(), "sha256": sha256_of(got),
            "size_bytes": got.stat().st_size, "etag": down.headers.get("etag"),
            "last_modified": down.headers.get("last-modified"), "content_type": down.headers.get("content-type"),
        }
        os.replace(got, cached)
    _write_json(record_path, record)
    return record


def fetch_one(source: Source, inbox: Path, cache: Path, *, base_url: str | None = None, offline: bool = False,
              timeout: float = 60.0, retries: int = 2, progress: bool = False) -> Outcome:
    """Get one source into the inbox, or say in one line why not."""
    dest = inbox / source.path
    try:
        if source.url.startswith(REPO_SCHEME):
            cached = PROJECT_ROOT / source.url[len(REPO_SCHEME):]
            if not cached.is_file():
                raise FetchFailed(f"{cached} is not in this repository")
            record = {"url": source.url, "registry_url": source.url, "retrieved_at": _now(),
                      "sha256": sha256_of(cached), "size_bytes": cached.stat().st_size,
                      "etag": None, "last_modified": None, "content_type": None}
        else:
            cached = cache_path(cache, source)
            record_path = cached.with_name(cached.name + ".download.json")
            if offline:
                if not (cached.exists() and record_path.exists()):
                    raise FetchFailed(f"not in the cache {cache} (--offline)")
                record = json.loads(record_path.read_text(encoding="utf-8"))
            else:
                record = _download(source, resolve_url(source.url, base_url), cached,
                                   timeout=timeout, retries=retries, progress=progress)
        sha = sha256_of(cached)
        if sha != record["sha256"] or (source.pinned and sha != source.sha256):
            raise FetchFailed(f"checksum mismatch in the cache: {cached} has sha256 {sha}, expected "
                              f"{source.sha256 or record['sha256']}")
        if source.url.startswith(REPO_SCHEME):
            check_content(cached, source)
        side = inbox / PROVENANCE_DIR / f"{source.path}.json"
        entry = {**{k: v for k, v in asdict(source).items() if k not in ("sha256", "url")},
                 "registry_sha256": source.sha256, **record}
        if dest.is_file() and not dest.is_symlink() and sha256_of(dest) == sha:
            if not side.exists():
                _write_json(side, entry)
            return Outcome(source, "unchanged", "already in the inbox")
        write_atomic(dest, cached.read_bytes())
        _write_json(side, entry)
        return Outcome(source, "placed", f"{record['size_bytes']:,} bytes, sha256 {sha[:12]}")
    except Exception as exc:  # one source's failure never stops the others
        return Outcome(source, "failed", _cause(exc, timeout))


def fetch_all(sources: list[Source], inbox: Path, cache: Path, *, base_url: str | None = None,
              offline: bool = False, timeout: float = 60.0, retries: int = 2, progress: bool | None = None,
              echo=None) -> list[Outcome]:
    """Every source in turn; ``echo`` gets one line per source as it ends."""
    if progress is None:
        progress = sys.stderr.isatty()
    out = []
    for s in sources:
        o = fetch_one(s, inbox, cache, base_url=base_url, offline=offline, timeout=timeout,
                      retries=retries, progress=progress)
        out.append(o)
        if echo:
            echo(o)
    return out


def select(sources: list[Source], which: str) -> list[Source]:
    """The registry's sources of one kind: ``pinned`` (the real data at a
    version, plus the repository's own files), ``live`` (the publishers'
    current files: ``--live-only`` and the monthly schedule) or ``all``."""
    return [s for s in sources if which == "all" or s.live == (which == "live")]


def failure_line(outcome: Outcome) -> str:
    """A failed source and its cause, in one line (``unpol fetch``'s stderr and
    the monthly schedule's tick say it the same way)."""
    s = outcome.source
    return f"{s.path} ({s.dataset}, {s.url}): FAILED: {outcome.message}"


def fetch_live(inbox: Path, cache: Path, *, registry: Path = REGISTRY, base_url: str | None = None,
               timeout: float = 60.0, retries: int = 2) -> list[Outcome]:
    """The publishers' current files (the registry's ``live`` entries) into
    ``inbox``, as the monthly schedule gets them: no progress bar, one outcome
    per source; a live file whose bytes did not change is ``unchanged`` and its
    inbox file is not touched. A registry that cannot be read raises
    ``RegistryError``."""
    return fetch_all(select(load_registry(registry), "live"), Path(inbox), Path(cache), base_url=base_url,
                     timeout=timeout, retries=retries, progress=False)
