"""Listing the inbox safely: only regular files inside it, never outside."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pipelines.lib.formats import DATA_SUFFIXES


class UnsafePath(ValueError):
    pass


def safe_join(root: Path, relpath: str) -> Path:
    """Resolve ``relpath`` inside ``root``; refuse '..', absolute paths and
    symlinks that lead out of the inbox."""
    root = root.resolve()
    if os.path.isabs(relpath) or ".." in Path(relpath).parts:
        raise UnsafePath(f"{relpath}: path leaves the inbox")
    path = (root / relpath).resolve()
    if root != path and root not in path.parents:
        raise UnsafePath(f"{relpath}: resolves to {path}, outside the inbox {root}")
    return path


@dataclass(frozen=True)
class Listed:
    relpath: str
    path: Path | None
    status: str  # candidate | ignored | refused
    reason: str | None = None


def list_inbox(root: Path) -> list[Listed]:
    """Every entry under ``root`` (recursively, hidden names skipped), sorted.
    A name that is only a data suffix (``.csv``) is not hidden but empty: it is
    listed, so the format that reads it can refuse it with its reason (IPI's
    per-country files take the country from the name)."""
    root = root.resolve()
    out: list[Listed] = []
    if not root.is_dir():
        raise FileNotFoundError(f"inbox {root} does not exist or is not a folder")
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") and name.lower() not in DATA_SUFFIXES:
                continue
            rel = os.path.relpath(os.path.join(dirpath, name), root)
            try:
                path = safe_join(root, rel)
            except UnsafePath as exc:
                out.append(Listed(rel, None, "refused", str(exc)))
                continue
            if not path.is_file():
                out.append(Listed(rel, None, "refused", f"{rel}: not a regular file"))
            elif (path.suffix or path.name).lower() not in DATA_SUFFIXES:  # ".csv": suffix only
                out.append(Listed(rel, path, "ignored", f"{rel}: not a data file ({path.suffix or 'no suffix'})"))
            else:
                out.append(Listed(rel, path, "candidate"))
    return out
