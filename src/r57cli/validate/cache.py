"""The validation cache: per-file results keyed by path and git blob id.

A blob id is the SHA-1 of the file's exact bytes, so a hit can never be stale for the file
itself; the cache as a whole is also keyed by a fingerprint of the checking code, so a new
r57 never trusts an old r57's verdicts. The cache lives in the repository's git directory
(never in the work tree) or, outside git, in the user's cache directory.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from r57cli.git.repo import git_dir
from r57cli.locale.messages import CATALOGUE


def cache_path(plan_dir: Path) -> Path:
    plan_dir = plan_dir.resolve()
    key = hashlib.sha1(os.fsencode(plan_dir), usedforsecurity=False).hexdigest()[:16]
    override = os.environ.get("R57_CACHE_DIR")
    if override:
        return Path(override) / f"validate-{key}.json"
    repo_git_dir = git_dir(plan_dir)
    if repo_git_dir is not None:
        return repo_git_dir / "r57" / f"validate-{key}.json"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA", base)
    return Path(base) / "r57" / f"validate-{key}.json"


class ValidationCache:
    """Maps plan-relative path -> (blob id, cached per-file result)."""

    def __init__(self, path: Path, fingerprint: str) -> None:
        self.path = path
        self.fingerprint = fingerprint
        self.entries: dict[str, list[Any]] = {}
        self.dirty = False

    @classmethod
    def open(cls, path: Path, fingerprint: str) -> ValidationCache:
        cache = cls(path, fingerprint)
        try:
            raw = json.loads(path.read_bytes())
        except (OSError, ValueError):
            return cache  # missing or corrupt: start empty, it is only a cache
        if isinstance(raw, dict) and raw.get("fingerprint") == fingerprint:
            entries = raw.get("entries")
            if isinstance(entries, dict):
                cache.entries = entries
        return cache

    def get(self, relpath: str, blob: str) -> dict[str, Any] | None:
        entry = self.entries.get(relpath)
        if isinstance(entry, list) and len(entry) == 2 and entry[0] == blob:
            result: dict[str, Any] = entry[1]
            return result
        return None

    def put(self, relpath: str, blob: str, result: dict[str, Any]) -> None:
        self.entries[relpath] = [blob, result]
        self.dirty = True

    def retain(self, relpaths: set[str]) -> None:
        gone = [p for p in self.entries if p not in relpaths]
        for p in gone:
            del self.entries[p]
        self.dirty = self.dirty or bool(gone)

    def save(self) -> None:
        if self.dirty:
            _write_atomically(self.path, {"fingerprint": self.fingerprint, "entries": self.entries})


def _write_atomically(path: Path, doc: dict[str, Any]) -> None:
    """Write JSON through a temporary file and a rename; a cache that cannot be written is
    silently skipped (it is only a cache)."""
    payload = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".r57-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
            Path(tmp).replace(path)
        except OSError:
            with contextlib.suppress(OSError):
                Path(tmp).unlink()


def summary_path(cache_file: Path) -> Path:
    return cache_file.with_name(cache_file.stem + "-summary.json")


def plan_key(fingerprint: str, blobs: dict[str, str], today: date) -> str:
    """Identifies a whole plan state: the checking code, every (path, blob id) pair, and the
    day (a completion date in the future is an error only until that day comes)."""
    digest = hashlib.sha1(f"{fingerprint}@{today.isoformat()}".encode(), usedforsecurity=False)
    for relpath in sorted(blobs):
        digest.update(f"{relpath}\0{blobs[relpath]}\n".encode())
    return digest.hexdigest()


class SummaryCache:
    """The final diagnostics of the last run, for the plan state `plan_key` names.

    When not one byte of the plan changed, the report is a pure function of that key, so a
    hit skips loading the per-file cache and re-running the cross-file checks. Kept in its
    own small file so that a hit reads a few kilobytes, not the per-file cache's megabytes.
    """

    def __init__(self, path: Path) -> None:
        self.path = path

    def get(self, key: str) -> dict[str, Any] | None:
        try:
            raw = json.loads(self.path.read_bytes())
        except (OSError, ValueError):
            return None
        if isinstance(raw, dict) and raw.get("key") == key and isinstance(raw.get("result"), dict):
            result: dict[str, Any] = raw["result"]
            return result
        return None

    def put(self, key: str, result: dict[str, Any]) -> None:
        _write_atomically(self.path, {"key": key, "result": result})


# The shape of what the cache stores for one file: the facts cross-file checks need.
_FACT_KEYS = {
    "task": {
        "kind",
        "valid",
        "id",
        "due",
        "units",
        "past_units",
        "persons",
        "depends",
        "milestones",
        "refs",
        "completed",
    },
    "units": {"kind", "units", "persons", "merged"},
    "plan": {"kind", "language", "week_start", "holidays"},
}


def summary_ok(hit: dict[str, Any]) -> bool:
    try:
        return hit["language"] in (None, "en", "vi") and all(
            _diagnostic_ok(raw, raw[1]) for raw in hit["d"]
        )
    except (KeyError, TypeError, IndexError):
        return False


def _diagnostic_ok(raw: Any, relpath: str) -> bool:
    code, path, line, column, args, length, related = raw
    return (
        code in CATALOGUE
        and path == relpath
        and isinstance(path, str)
        and isinstance(args, dict)
        and all(type(n) is int for n in (line, column, length))
        and isinstance(related, list)
    )


def well_formed(relpath: str, entry: Any) -> bool:
    """Whether a cache entry has the shape this version writes for `relpath`: it may be
    damaged, or written by hand. Values inside facts are guarded by the retry in validate()."""
    try:
        if not all(_diagnostic_ok(raw, relpath) for raw in entry["d"]):
            return False
        facts = entry["f"]
        if facts is None:
            return True
        return isinstance(facts, dict) and set(facts) == _FACT_KEYS.get(str(facts.get("kind")))
    except (KeyError, TypeError, ValueError):
        return False
