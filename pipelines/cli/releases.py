"""Release commands and options of ``unpol`` (registered in ``pipelines/cli/main.py``).

    unpol releases [--warehouse FILE] [--verify]    the retained releases: date, run, rows, inputs
    unpol query|tables|export ... --release ID       read an older release
    unpol query|tables|export ... --as-of DATE       the release that was current then (YYYY-MM-DD or ISO time)
    unpol run ... --allow-shrink                     publish even if a table loses rows (recorded)
"""

from __future__ import annotations

import sys
from pathlib import Path

from pipelines.cli.exit_codes import EXIT_FAILURE, EXIT_OK


def add_parsers(sub) -> None:
    r = sub.add_parser("releases", help="list the retained releases (date, run, row counts, inputs)")
    r.add_argument("--warehouse", type=Path, help="published DuckDB file (default: UNPOL_WAREHOUSE, else var/warehouse/unpol.duckdb)")
    r.add_argument("--verify", action="store_true", help="also check every file against its manifest's sha256")
    r.set_defaults(handler=cmd_releases)


def add_run_options(run) -> None:
    run.add_argument("--allow-shrink", action="store_true",
                     help="publish even when a table loses more rows than UNPOL_MAX_SHRINK_SHARE, or the inbox is empty "
                          "(recorded in the manifest, `unpol releases` and audit.run_summary)")


def add_release_options(parser) -> None:
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--release", metavar="ID", help="read this release instead of the current one (`unpol releases`)")
    which.add_argument("--as-of", metavar="DATE", help="read the release that was current at DATE (YYYY-MM-DD: end of that day, UTC)")


def warehouse_for(args) -> Path:
    """The warehouse file a reading command opens: the current release (the
    documented path), or the one ``--release`` / ``--as-of`` names; a
    ``UserError`` (exit 1) saying why when there is none."""
    from pipelines.cli.errors import UserError
    from pipelines.lib.releases import ReleaseError, Releases
    from pipelines.settings import Settings

    path = Path(Settings.from_env(warehouse=getattr(args, "warehouse", None)).warehouse)
    release_id, as_of = getattr(args, "release", None), getattr(args, "as_of", None)
    if release_id or as_of:
        try:
            releases = Releases(path)
            release = releases.get(release_id) if release_id else releases.as_of(as_of)
        except (ReleaseError, ValueError) as exc:
            raise UserError(str(exc)) from None
        print(f"release {release.id} (published {release.manifest['published_at']})", file=sys.stderr)
        return release.warehouse()
    return path  # missing or damaged: open_read_only says so


def cmd_releases(args) -> int:
    from pipelines.lib.readable import plural
    from pipelines.lib.releases import ReleaseError, Releases
    from pipelines.lib.shrink_guard import ALLOWED, shrinks_text
    from pipelines.settings import Settings

    settings = Settings.from_env(warehouse=args.warehouse)
    releases = Releases(settings.warehouse, settings.keep_releases)
    try:
        current = releases.current()
    except ReleaseError as exc:
        print(f"unpol: {exc}", file=sys.stderr)
        current = None
    listed = releases.all()
    if not listed:
        print(f"no releases in {releases.dir}")
        return EXIT_OK
    bad = 0
    for r in reversed(listed):
        m = r.manifest
        facts = {k: v for k, v in m["tables"].items() if k.startswith("marts.fct_")}
        accepted = [i for i in m["inputs"] if i["status"] == "accepted"]
        mark = "*" if current and r.id == current.id else " "
        window = f" months {m['window'][0]} .. before {m['window'][1]}" if m.get("window") else ""
        print(f"{mark} {r.id}  published {m['published_at']}  run {m['run_id']}{window}  code {m['code_version'][:14]}")
        print("    rows: " + ", ".join(f"{k.split('.', 1)[1]} {v:,}" for k, v in facts.items()))
        if m.get(ALLOWED):
            print(f"    shrink allowed (--allow-shrink): {shrinks_text(m[ALLOWED])}")
        print(f"    inputs: {plural(len(accepted), 'file')}, " + ", ".join(
            f"{i['relpath']} ({(i['sha256'] or '')[:12]})" for i in accepted[:6]) + (" ..." if len(accepted) > 6 else ""))
        if args.verify:
            problems = r.verify()
            bad += bool(problems)
            print("    verify: " + ("files match the manifest" if not problems else "; ".join(problems)))
    print(f"{plural(len(listed), 'release')} (keeping the last {releases.keep}); * = current")
    return EXIT_FAILURE if bad else EXIT_OK


def check_output(out: Path, args) -> None:
    """Refuse (exit 2) a ``--csv``/``--parquet`` target inside the warehouse
    folder (releases, their links, the build workspace), or inside any
    published release a path can reach, whichever warehouse it belongs to."""
    from pipelines.cli.errors import UserError, refuse_inside_release
    from pipelines.cli.exit_codes import EXIT_USAGE
    from pipelines.settings import Settings

    folder = Path(Settings.from_env(warehouse=getattr(args, "warehouse", None)).warehouse).absolute().parent.resolve()
    target = out.absolute().parent.resolve() / out.name
    if target.is_symlink() or target == folder or folder in target.resolve().parents or folder in target.parents:
        raise UserError(f"refused: {out} is inside the warehouse folder {folder}; write results elsewhere", EXIT_USAGE)
    refuse_inside_release(out)
