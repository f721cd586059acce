"""Releases: the warehouse file, its HTML report, its Parquet exports and a
manifest, built together and made current in one atomic step.

Layout, beside the documented warehouse path ``<dir>/<name>.duckdb``::

    <dir>/releases/<id>/<name>.duckdb              the warehouse of release <id>
    <dir>/releases/<id>/reports/police_scorecard.html
    <dir>/releases/<id>/exports/*.parquet, exports/manifest.json
    <dir>/releases/<id>/release.json               this manifest: run, inputs, row counts, sha256 of every file
    <dir>/releases/.staging-<run id>/              a release being built (never read)
    <dir>/current -> releases/<id>                 the one link a publish swaps (os.replace of a symlink)
    <dir>/<name>.duckdb -> current/<name>.duckdb   the stable paths: fixed links through ``current``
    <dir>/reports -> current/reports
    <dir>/exports -> current/exports

A release is complete before it gets its final name (its folder is renamed
from ``.staging-*`` after every file and the manifest are written and
fsynced), and it becomes current by replacing one symlink. The stable paths
resolve through ``current``, so at every instant all three name files of the
same release (``tests/integration/test_releases.py`` checks each step).
One warehouse per folder: ``current``, ``reports`` and ``exports`` are the
folder's. Older releases are kept (the last ``keep``) for ``--release`` and
``--as-of`` queries and pruned only after a new one is current.

A published release is never changed. Its files are made read-only (0444,
folders 0555) when it is promoted, which stops ordinary users' tools; root
ignores mode bits, so every writer the project runs also goes through
``refuse_inside_release`` in ``pipelines/lib/release_guard.py`` (the warehouse
of a run, ``unpol export``, ``unpol query --csv/--parquet``, ``unpol
dictionary --output``). ``Release.verify``
lists the folder with its own walk, not the writer's ``file_hashes``, so a
file the writer left out of the manifest is found too.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pipelines.lib.faults import fault_point
from pipelines.lib.files import (
    fsync_dir,
    fsync_tree,
    remove_tree,
    set_read_only,
    sha256_of,
    write_atomic,
)
from pipelines.lib.paths import PROJECT_ROOT

MANIFEST = "release.json"
# One line per release made current ("<UTC time> <id>"): a release staged
# whole but killed before the swap is in no line, never was current, and is
# removed by the next run instead of answering --as-of.
HISTORY = "history.log"
STAGING_PREFIX = ".staging-"
RELEASES_DIR, CURRENT_LINK = "releases", "current"
LINKED_DIRS = ("reports", "exports")
# Room kept free beyond the measured need: DuckDB's own temporary files and
# the file system's metadata.
SPACE_MARGIN = 0.10


class ReleaseError(RuntimeError):
    """A release cannot be read or trusted (missing, or its files changed)."""


class NotEnoughSpace(RuntimeError):
    """Free disk space is below what this run was measured to need."""


def release_entries(release_dir: Path) -> tuple[dict[str, str], list[str]]:
    """Every entry of a release folder but its manifest and folders, found by
    walking it (links not followed): relative path -> ``file``, ``link`` or
    ``other``; and the folders that could not be read. Independent of
    ``file_hashes``, the writer's listing, so verification does not share a
    blind spot with it."""
    entries: dict[str, str] = {}
    unreadable: list[str] = []

    def onerror(exc: OSError) -> None:
        unreadable.append(f"{Path(exc.filename).relative_to(release_dir).as_posix() or '.'}: cannot be listed ({exc.strerror})")

    for dirpath, dirnames, filenames in os.walk(release_dir, onerror=onerror):
        for name in (*dirnames, *filenames):
            p = Path(dirpath, name)
            rel = p.relative_to(release_dir).as_posix()
            if rel == MANIFEST:
                continue
            mode = p.lstat().st_mode
            if stat.S_ISLNK(mode):
                entries[rel] = "link"
            elif stat.S_ISREG(mode):
                entries[rel] = "file"
            elif not stat.S_ISDIR(mode):
                entries[rel] = "other"
    return entries, unreadable


def code_version() -> str:
    """The git commit the code was run from (``+dirty`` when the work tree has
    changes), else a hash of the project's own source files."""
    try:
        head = subprocess.run(["git", "-C", str(PROJECT_ROOT), "rev-parse", "HEAD"],
                              capture_output=True, text=True, timeout=10)
        if head.returncode == 0:
            dirty = subprocess.run(["git", "-C", str(PROJECT_ROOT), "status", "--porcelain", "--untracked-files=no"],
                                   capture_output=True, text=True, timeout=10)
            return head.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")
    except (OSError, subprocess.SubprocessError):
        pass
    h = hashlib.sha256()
    for folder in ("pipelines", "schemas", "warehouse"):
        for p in sorted((PROJECT_ROOT / folder).rglob("*")):
            if p.is_file() and p.suffix in (".py", ".sql", ".csv", ".toml"):
                h.update(str(p.relative_to(PROJECT_ROOT)).encode() + b"\0" + p.read_bytes())
    return "tree-sha256:" + h.hexdigest()


def release_id(published_at: datetime, run_id: str) -> str:
    """Sortable by time: ``20261129T221503Z-1a2b3c4d``."""
    return f"{published_at:%Y%m%dT%H%M%SZ}-{run_id[:8]}"


def file_hashes(release_dir: Path) -> dict[str, dict]:
    """sha256 and size of every file of a release folder but its manifest."""
    out = {}
    for p in sorted(release_dir.rglob("*")):
        if p.is_file() and p.name != MANIFEST:
            out[p.relative_to(release_dir).as_posix()] = {"sha256": sha256_of(p), "bytes": p.stat().st_size}
    return out


@dataclass(frozen=True)
class Release:
    id: str
    path: Path
    manifest: dict

    @property
    def published_at(self) -> datetime:
        return datetime.fromisoformat(self.manifest["published_at"])

    def warehouse(self) -> Path:
        return self.path / self.manifest["warehouse_file"]

    def total_bytes(self) -> int:
        return sum(f["bytes"] for f in self.manifest["files"].values())

    def verify(self) -> list[str]:
        """What differs between the release folder and its manifest (empty:
        none): files missing or changed, and anything on disk the manifest
        does not list (``release_entries`` walks the folder itself)."""
        on_disk, problems = release_entries(self.path)
        for name, want in self.manifest["files"].items():
            kind = on_disk.pop(name, None)
            if kind is None:
                problems.append(f"{name}: missing")
            elif kind != "file":
                problems.append(f"{name}: a {kind} on disk, not a regular file")
            elif (got := sha256_of(self.path / name)) != want["sha256"]:
                problems.append(f"{name}: sha256 {got[:12]}... differs from the manifest's {want['sha256'][:12]}...")
        problems.extend(f"{name}: on disk ({kind}), not in the manifest" for name, kind in on_disk.items())
        return problems


def published_at_of(warehouse: str | os.PathLike) -> str | None:
    """When the release holding ``warehouse`` (the documented path, or a
    release's own file) was published; None for a file outside a release."""
    try:
        return json.loads((Path(warehouse).resolve().parent / MANIFEST).read_text(encoding="utf-8"))["published_at"]
    except (OSError, ValueError, KeyError):
        return None


class Releases:
    """The releases of the warehouse whose documented path is ``published``."""

    def __init__(self, published: str | os.PathLike, keep: int = 24):
        published = Path(published)
        # The folder may be reached through links; the file name is a link itself.
        self.published = published.parent.resolve() / published.name
        self.root = self.published.parent
        self.dir = self.root / RELEASES_DIR
        self.current_link = self.root / CURRENT_LINK
        self.keep = max(1, keep)

    # --- reading ------------------------------------------------------------------

    def all(self) -> list[Release]:
        """Complete releases (a folder with a manifest), oldest first."""
        if not self.dir.is_dir():
            return []
        out = []
        for p in sorted(self.dir.iterdir()):
            if p.name.startswith(".") or not (p / MANIFEST).is_file():
                continue
            out.append(Release(p.name, p, json.loads((p / MANIFEST).read_text(encoding="utf-8"))))
        return out

    def current(self) -> Release | None:
        if not self.current_link.is_symlink():
            return None
        target = self.current_link.resolve()
        if not (target / MANIFEST).is_file():
            raise ReleaseError(f"{self.current_link} points to {target}, which is not a complete release")
        return Release(target.name, target, json.loads((target / MANIFEST).read_text(encoding="utf-8")))

    def get(self, rid: str) -> Release:
        for r in self.all():
            if r.id == rid:
                return r
        known = ", ".join(r.id for r in self.all()[-5:]) or "none"
        raise ReleaseError(f"no release {rid!r} in {self.dir} (latest: {known}; `unpol releases` lists them)")

    def as_of(self, when: str) -> Release:
        """The release that was current at ``when``: a date (YYYY-MM-DD, the end
        of that day, UTC) or an ISO timestamp."""
        if len(when) == 10:
            moment = datetime.fromisoformat(when).replace(hour=23, minute=59, second=59, microsecond=999999, tzinfo=UTC)
        else:
            moment = datetime.fromisoformat(when)
            moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        was_current = self.history_ids()
        candidates = [r for r in self.all() if r.published_at <= moment and r.id in was_current]
        if not candidates:
            first = self.all()[0].manifest["published_at"] if self.all() else "none kept"
            raise ReleaseError(f"no release was published by {when} (oldest kept: {first})")
        return candidates[-1]

    def history_ids(self) -> set[str]:
        path = self.dir / HISTORY
        if not path.is_file():
            return set()
        return {line.split()[1] for line in path.read_text(encoding="utf-8").splitlines() if len(line.split()) == 2}

    def _record_current(self, rid: str) -> None:
        with open(self.dir / HISTORY, "a", encoding="utf-8") as fh:
            fh.write(f"{datetime.now(UTC).isoformat(timespec='seconds')} {rid}\n")
            fh.flush()
            os.fsync(fh.fileno())

    # --- building -----------------------------------------------------------------

    def staging(self, run_id: str) -> Path:
        path = self.dir / f"{STAGING_PREFIX}{run_id}"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def discard_staging(self, run_id: str) -> None:
        remove_tree(self.dir / f"{STAGING_PREFIX}{run_id}")

    def clean_leftovers(self) -> list[Path]:
        """Remove what a failed or killed run left: staging folders, half-made
        links, copies of the pre-release layout. Call with the writer lock held."""
        removed: list[Path] = []
        if self.dir.is_dir():
            for p in self.dir.iterdir():
                if p.name.startswith(STAGING_PREFIX):
                    remove_tree(p)
                    removed.append(p)
        for p in self.root.glob(".*.tmp-link"):
            p.unlink(missing_ok=True)
            removed.append(p)
        for p in self.root.glob(f".{self.published.name}.*.publishing"):
            p.unlink(missing_ok=True)
            removed.append(p)
        current = self.current()
        history = self.history_ids()
        if current is not None and current.id not in history:
            self._record_current(current.id)  # killed between the swap and its history line
            history.add(current.id)
        for r in self.all():
            if r.id not in history and (current is None or r.id != current.id):
                gone = r.path.with_name(f"{STAGING_PREFIX}never-current-{r.id}")
                os.rename(r.path, gone)
                remove_tree(gone)
                removed.append(r.path)
        return removed

    def promote(self, staging: Path, manifest: dict) -> Release:
        """Make ``staging`` (warehouse, report, exports written) the current
        release: hash every file into the manifest, fsync, rename the folder to
        its id, swap ``current``, keep the stable links, prune."""
        manifest = {**manifest, "files": file_hashes(staging)}
        rid = manifest["release_id"]
        write_atomic(staging / MANIFEST, json.dumps(manifest, indent=2, default=str) + "\n")
        set_read_only(staging)
        fsync_tree(staging)
        final = self.dir / rid
        fault_point("swap:staged")
        os.rename(staging, final)
        fsync_dir(self.dir)
        fault_point("swap:renamed")
        self._link(self.current_link, Path(RELEASES_DIR) / rid)
        fault_point("swap:current")
        self._record_current(rid)
        self.ensure_stable_links(manifest["warehouse_file"])
        fault_point("swap:linked")
        release = Release(rid, final, manifest)
        self.prune()
        return release

    def _link(self, link: Path, target: Path) -> None:
        """Point ``link`` at ``target`` atomically (a new symlink renamed over it)."""
        tmp = link.with_name(f".{link.name}.{os.getpid()}.tmp-link")
        tmp.unlink(missing_ok=True)
        os.symlink(target, tmp)
        os.replace(tmp, link)
        fsync_dir(link.parent)

    def ensure_stable_links(self, warehouse_file: str) -> None:
        """The documented paths as links through ``current``. A pre-release
        layout (a plain file and folders) is replaced: the file by one rename,
        each folder moved aside first, then removed."""
        wanted = {self.published: Path(CURRENT_LINK) / warehouse_file}
        wanted.update({self.root / d: Path(CURRENT_LINK) / d for d in LINKED_DIRS})
        for link, target in wanted.items():
            if link.is_symlink() and Path(os.readlink(link)) == target:
                continue
            if link.is_dir() and not link.is_symlink():
                aside = link.with_name(f".{link.name}.pre-release")
                shutil.rmtree(aside, ignore_errors=True)
                os.rename(link, aside)
                self._link(link, target)
                shutil.rmtree(aside, ignore_errors=True)
            else:
                self._link(link, target)
        for stale in (Path(f"{self.published}.wal"),):
            stale.unlink(missing_ok=True)

    def prune(self) -> list[str]:
        """Delete the oldest releases beyond ``keep``, never the current one."""
        current = self.current()
        releases = self.all()
        doomed = [r for r in releases[: max(0, len(releases) - self.keep)] if current is None or r.id != current.id]
        for r in doomed:
            # Renamed first so a half-deleted folder never looks like a release.
            gone = r.path.with_name(f"{STAGING_PREFIX}pruned-{r.id}")
            os.rename(r.path, gone)
            remove_tree(gone)
        return [r.id for r in doomed]

    # --- disk space ---------------------------------------------------------------

    def space_needed(self) -> tuple[int, str] | None:
        """Bytes the next run needs, measured from the current release: a new
        copy of each of its files (the staged release) plus the build
        workspace's growth over the warehouse it recorded, plus a margin.
        None when there is no release to measure yet."""
        current = self.current()
        if current is None:
            return None
        release_bytes = current.total_bytes()
        growth = max(0, int(current.manifest.get("workspace_bytes", 0)) - current.manifest["files"][current.manifest["warehouse_file"]]["bytes"])
        need = int((release_bytes + growth) * (1 + SPACE_MARGIN))
        how = (f"the last release {current.id} took {release_bytes / 2**20:,.1f} MiB and its build workspace "
               f"{growth / 2**20:,.1f} MiB more, plus {SPACE_MARGIN:.0%}")
        return need, how

    def check_space(self, need: int, how: str) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        free = shutil.disk_usage(self.root).free
        if free < need:
            raise NotEnoughSpace(
                f"not enough disk space in {self.root}: this run needs about {need / 2**20:,.1f} MiB "
                f"({how}), {free / 2**20:,.1f} MiB are free. Free at least {(need - free) / 2**20:,.1f} MiB "
                f"(or set UNPOL_KEEP_RELEASES lower: older releases are pruned after a publish) and run again; "
                f"the current release is unchanged"
            )


def new_manifest(*, run_id: str, warehouse_file: str, tables: dict[str, int], inputs: list[dict],
                 workspace_bytes: int, window: tuple | None, allow_shrink: bool,
                 published_at: datetime | None = None) -> dict:
    published_at = published_at or datetime.now(UTC).replace(microsecond=0)
    return {
        "release_id": release_id(published_at, run_id),
        "run_id": run_id,
        "published_at": published_at.isoformat(),
        "code_version": code_version(),
        "warehouse_file": warehouse_file,
        "window": [str(d) for d in window] if window else None,
        "allow_shrink": allow_shrink,
        "workspace_bytes": workspace_bytes,
        "tables": tables,
        "inputs": inputs,
    }
