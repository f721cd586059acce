"""``unpol fetch``: every source the registry (``data/sources.toml``) names,
from its publisher into the inbox, checked, with its download record
(``pipelines/lib/sources.py``). One line per source; exit 1 at the end when
any source failed, after the others have been placed."""

from __future__ import annotations

import sys
from pathlib import Path

from pipelines.cli.errors import UserError
from pipelines.cli.exit_codes import EXIT_FAILURE, EXIT_USAGE


def add_parser(sub) -> None:
    f = sub.add_parser(
        "fetch", help="download the real data's sources into an inbox, checked, with their provenance",
        description="Download every file the registry names (data/sources.toml) into a cache, check its "
        "sha256 and that it is the file its name says, and place it in the inbox atomically with its "
        "download record (<inbox>/.provenance/). A file already cached and checked is not downloaded "
        "again. A failed source is named with its cause; the others still arrive; the exit code is 1.")
    f.add_argument("--inbox", type=Path, help="inbox to fill (default: UNPOL_INBOX; never the bundled data/inbox)")
    which = f.add_mutually_exclusive_group()
    which.add_argument("--live", action="store_true",
                       help="also the publishers' current (unpinned) files, recorded with their sha256 at each download")
    which.add_argument("--live-only", action="store_true", help="only the publishers' current files (the monthly schedule)")
    f.add_argument("--offline", action="store_true", help="no network: place what the cache holds, fail the others")
    f.add_argument("--cache", type=Path, help="download cache (default: UNPOL_FETCH_CACHE, else var/cache/sources)")
    f.add_argument("--registry", type=Path, help="registry file (default: data/sources.toml)")
    f.add_argument("--base-url", metavar="URL",
                   help="read web sources from a mirror laid out as URL/<host>/<path> (default: UNPOL_FETCH_BASE_URL)")
    f.add_argument("--retries", type=int, default=2, metavar="N", help="tries again after a failed download (default 2)")
    f.set_defaults(handler=cmd_fetch)


def cmd_fetch(args) -> int:
    from pipelines.lib.paths import BUNDLED_INBOX
    from pipelines.lib.sources import (
        REGISTRY,
        RegistryError,
        failure_line,
        fetch_all,
        load_registry,
        select,
    )
    from pipelines.settings import Settings

    s = Settings.from_env({"fetch_base_url": "--base-url"}, inbox=args.inbox, fetch_cache=args.cache,
                          fetch_base_url=args.base_url)
    inbox = Path(s.inbox)
    if inbox.resolve() == BUNDLED_INBOX.resolve():
        raise UserError("unpol fetch needs --inbox (or UNPOL_INBOX): the bundled data/inbox is the "
                        "repository's sample, not a place for downloads", EXIT_USAGE)
    if args.retries < 0:
        raise UserError(f"--retries {args.retries}: must be 0 or more", EXIT_USAGE)
    try:
        sources = load_registry(args.registry or REGISTRY)
    except RegistryError as exc:
        raise UserError(str(exc), EXIT_USAGE) from None
    sources = select(sources, "live" if args.live_only else "all" if args.live else "pinned")

    def echo(o) -> None:
        if o.status == "failed":
            print(f"unpol fetch: {failure_line(o)}", file=sys.stderr, flush=True)
        else:
            print(f"{o.status:9} {o.source.path}: {o.message}", flush=True)

    inbox.mkdir(parents=True, exist_ok=True)
    outcomes = fetch_all(sources, inbox, Path(s.fetch_cache), base_url=s.fetch_base_url, offline=args.offline,
                         timeout=s.fetch_timeout_s, retries=args.retries, echo=echo)
    counts = {k: sum(o.status == k for o in outcomes) for k in ("placed", "unchanged", "failed")}
    print(f"fetch: {counts['placed']} placed, {counts['unchanged']} unchanged, {counts['failed']} failed "
          f"-> {inbox}", flush=True)
    return EXIT_FAILURE if counts["failed"] else 0
