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
    try:
        path = (root / relpath).resolve()
    except (RuntimeError, OSError) as exc:  # Python 3.11 raises RuntimeError on a loop, 3.13 OSError
        raise UnsafePath(f"{relpath}: symlink loop or unreadable link ({exc})") from exc
    if root != path and root not in path.parents:
        raise UnsafePath(f"{relpath}: resolves to {path}, outside the inbox {root}")
    return path


@dataclass(frozen=True)
class Listed:
    relpath: str
    path: Path | None
    status: str  # candidate | ignored | refused
    reason: str | None = None
    rule: str | None = None  # why a refused entry was refused (audit.inbox_files.rule)


# An inbox entry for the inbox itself ("." in audit.inbox_files).
INBOX_ITSELF = "."


def printable(relpath: str) -> str:
    """``relpath`` as stored and shown: unchanged when it is valid UTF-8;
    otherwise each byte that is not UTF-8 as ``\\xNN`` and each backslash
    doubled, so the form is printable and maps back to one name."""
    try:
        relpath.encode("utf-8")
        return relpath
    except UnicodeEncodeError:
        return os.fsencode(relpath).replace(b"\\", b"\\\\").decode("utf-8", "backslashreplace")


def list_inbox(root: Path) -> list[Listed]:
    """Every entry under ``root`` (recursively, hidden names skipped), sorted,
    each a candidate, ignored or refused with its rule: none is left out. A
    folder link inside the inbox is followed (its files listed under the link's
    path), a link back to a folder it sits in is refused (no cycle is walked).
    A name that is only a data suffix (``.csv``) is listed, so the format that
    reads it can refuse it with its reason."""
    root = Path(os.path.abspath(root))
    out: list[Listed] = []
    if not root.is_dir():
        return [Listed(INBOX_ITSELF, None, "refused", f"inbox {root} does not exist or is not a folder", "inbox_readable")]
    root = root.resolve()  # it is a folder: every link on the way resolves

    def refuse(rel: str, why: str, rule: str = "path_inside_inbox") -> None:
        shown = printable(rel)
        out.append(Listed(shown, None, "refused", f"{shown}: {why}", rule))

    def walk(folder: Path, rel: str, chain: tuple[Path, ...]) -> None:
        # ``chain``: the real folders from the inbox down to ``folder``; a link
        # to one of them would be walked for ever.
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            refuse(rel or INBOX_ITSELF, f"folder cannot be read ({exc.strerror or exc})", "inbox_readable")
            return
        for entry in entries:
            name, sub = entry.name, os.path.join(rel, entry.name)
            if name.startswith(".") and (name.lower() not in DATA_SUFFIXES or entry.is_dir()):
                continue
            if printable(sub) != sub:
                refuse(sub, "the name is not valid UTF-8 (shown with each byte that is not as \\xNN): "
                            "rename it", "name_is_utf8")
            elif entry.is_dir(follow_symlinks=False):
                walk(Path(entry.path), sub, (*chain, Path(entry.path)))
            else:
                folder_link = entry.is_symlink() and os.path.isdir(entry.path)
                try:
                    path = safe_join(root, sub)
                except UnsafePath as exc:
                    refuse(sub, ("folder link " if folder_link else "") + str(exc).removeprefix(sub + ": "))
                    continue
                if folder_link and path in chain:
                    back = os.path.relpath(path, root)
                    refuse(sub, f"folder link back to {'the inbox' if back == '.' else back}, "
                                "which holds it (a cycle): not followed")
                elif folder_link:
                    walk(path, sub, (*chain, path))
                elif not path.is_file():
                    refuse(sub, "not a regular file")
                elif (path.suffix or path.name).lower() not in DATA_SUFFIXES:  # ".csv": suffix only
                    out.append(Listed(sub, path, "ignored", f"{sub}: not a data file ({path.suffix or 'no suffix'})"))
                else:
                    out.append(Listed(sub, path, "candidate"))

    walk(root, "", (root,))
    return sorted(out, key=lambda item: item.relpath)


# Past this size a text file holds more than its header line (read_header
# refuses a header longer than 64 KiB).
_SMALL_FILE = 1 << 20


def has_data_rows(path: Path, encoding: str, delimiter: str, sheet: str | None = None) -> bool:
    """Whether a recognised file holds at least one non-blank line after its
    header: a header-only file would load as 0 rows with 0 per cent rejected."""
    if encoding == "xlsx":
        import polars as pl

        frame = pl.read_excel(path, sheet_name=sheet, engine="calamine", infer_schema_length=0,
                              read_options={"n_rows": 50})
        return any(frame.select(pl.any_horizontal(pl.all().is_not_null())).to_series().to_list())
    if path.stat().st_size > _SMALL_FILE:
        return True
    text = path.read_bytes().decode("utf-16" if encoding == "utf-16" else (encoding or "utf-8"), errors="replace")
    lines = text.lstrip("\ufeff").splitlines()[1:]
    junk = f"{delimiter or ','}\"' \t"
    return any(line.strip(junk) for line in lines)
