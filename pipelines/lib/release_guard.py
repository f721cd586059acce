"""The guard every writer the project runs goes through: a published release
is never changed (``pipelines/lib/releases.py`` explains the layout and why
read-only modes alone do not stop root)."""

from __future__ import annotations

import os
from pathlib import Path

from pipelines.lib.releases import CURRENT_LINK, LINKED_DIRS, MANIFEST, RELEASES_DIR


class InsideRelease(ValueError):
    """A write target that is, or leads into, a published release."""


def _holds_a_release(folder: Path) -> bool:
    try:
        return any(not c.name.startswith(".") and (c / MANIFEST).is_file() for c in folder.iterdir())
    except OSError:
        return False


def _is_release_link(path: Path) -> bool:
    """``current``, ``reports``, ``exports`` or a ``*.duckdb`` link made by ``ensure_stable_links``."""
    if not path.is_symlink() or not (path.name in (CURRENT_LINK, *LINKED_DIRS) or path.suffix == ".duckdb"):
        return False
    return Path(os.readlink(path)).parts[:1] in ((CURRENT_LINK,), (RELEASES_DIR,))


def refuse_inside_release(path: str | os.PathLike, *, own_link: bool = False) -> None:
    """Raise ``InsideRelease`` when writing to ``path`` could change a published
    release: it resolves (every link followed) into a ``releases/`` folder
    that holds a release, of any warehouse, or it is or passes through one of
    the release links (``current``, ``reports``, ``exports``, a ``*.duckdb``
    link through ``current``), dangling ones included. ``own_link``: ``path``
    is a warehouse's documented path, the link a run replaces (never writes
    through), so only its folder is resolved. The message is one line naming
    the path as given and what it resolves to."""
    given = Path(path)
    absolute = given.absolute()
    resolved = Path(os.path.realpath(absolute.parent if own_link else absolute))
    if own_link:
        resolved /= absolute.name
    for folder in (resolved, *resolved.parents):
        if folder.name == RELEASES_DIR and _holds_a_release(folder):
            inner = resolved.relative_to(folder).parts
            where = f"the published release {folder / inner[0]}" if inner else f"{folder}, the folder of published releases"
            raise InsideRelease(f"refused: {given} resolves to {resolved}, inside {where}; "
                                "a published release is read-only: write elsewhere")
    prefixes = [absolute.parents[i] for i in range(len(absolute.parents) - 1, -1, -1)]
    for link in prefixes if own_link else [*prefixes, absolute]:
        if _is_release_link(link):
            raise InsideRelease(f"refused: {given} goes through the release link {link} -> {os.readlink(link)}; "
                                "a published release is read-only: write elsewhere")
