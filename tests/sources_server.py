"""A local mirror of the registry's web sources for the tests: pytest-httpserver
serving ``../shared/data/real`` at each registry URL's ``/<host>/<path>``, the
layout ``unpol fetch --base-url`` (UNPOL_FETCH_BASE_URL) reads. No internet."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit


def route(source) -> str:
    """The path the mirror serves a registry URL at."""
    parts = urlsplit(source.url)
    return unquote(f"/{parts.netloc}{parts.path}")


def serve(httpserver, sources, real: Path) -> str:
    """Serve each source's copy in ``real`` (by its inbox path); return the base URL."""
    for s in sources:
        httpserver.expect_request(route(s)).respond_with_data((real / s.path).read_bytes(), content_type="text/csv")
    return httpserver.url_for("/")
