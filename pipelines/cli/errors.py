"""A user error: printed as one line (``unpol: <message>``), exit code given."""

from __future__ import annotations

from pipelines.cli.exit_codes import EXIT_FAILURE, EXIT_USAGE


class UserError(Exception):
    def __init__(self, message: str, code: int = EXIT_FAILURE):
        super().__init__(message)
        self.code = code


def refuse_inside_release(path, *, own_link: bool = False) -> None:
    """A path a command would write that leads into a published release
    (``pipelines.lib.release_guard.refuse_inside_release``): one line, exit 2."""
    from pipelines.lib.release_guard import InsideRelease
    from pipelines.lib.release_guard import refuse_inside_release as guard

    try:
        guard(path, own_link=own_link)
    except InsideRelease as exc:
        raise UserError(str(exc), EXIT_USAGE) from None


def open_read_only(path):
    """The published warehouse through the analyst sandbox (read-only, no file
    access, configuration locked: ``pipelines/lib/sandbox.py``); a missing or
    damaged file is a user error, not a traceback."""
    from pathlib import Path

    import duckdb

    from pipelines.lib.sandbox import open_release

    path = Path(path)
    if not path.exists():
        raise UserError(f"no published warehouse at {path}; run `unpol run` first")
    try:
        return open_release(path)
    except duckdb.Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise UserError(f"cannot open {path} as a DuckDB warehouse: {first}") from None
