"""A commit's changes as the gate's rules see them: the Step (the commit, its file changes,
who was who, its signature), each file version parsed once with positions, and the
comparisons of two versions that the rules make (owner, recorded dates, first difference).
Pure: no git here."""

from __future__ import annotations

import difflib
import re
from datetime import date, datetime
from typing import Any, NamedTuple

from r57cli.gate.people import Access
from r57cli.git.gate import GateCommit, Signature
from r57cli.plan.planfile import load
from r57cli.plan.yamlevents import LoadedFile, PathKey

# A task file where it belongs: tasks/<unit>/<ID>.yaml (the unit and the ID as groups).
TASK_PATH = re.compile(r"tasks/([a-z][a-z0-9-]{0,31})/([A-Z]{1,8}-[0-9]{1,6})\.ya?ml\Z")


class FileChange(NamedTuple):
    path: str  # relative to the plan folder
    old: bytes | None  # the version before (the parent's), if a regular file
    new: bytes | None  # the commit's version, if a regular file
    special: bool = False  # a symbolic link or a submodule on either side


class Step(NamedTuple):
    """One commit's own changes, as the rules see them."""

    commit: GateCommit
    changes: list[FileChange]
    access: Access
    signature: Signature | None  # None when the policy does not ask for signatures
    # BASE's version of each task the commit touches or reports on, by task ID: its owner
    # must allow the change too.
    base_tasks: dict[str, bytes] = {}
    # For a commit that changes no file but says it reports on a task (R57-Task): that
    # task's path and version before it. Reports count such commits.
    claimed: FileChange | None = None
    # Each file's versions earlier in the range, oldest first (from the one before the
    # range's first change to it): when the version before a change cannot be read, the
    # history rules compare with the last one that can.
    earlier: dict[str, tuple[bytes, ...]] = {}
    # The committer date (epoch seconds) of the commit's (first) parent, when it has one.
    parent_committed: int | None = None


class Version:
    """One version of a file: its bytes, parsed once with positions when asked."""

    def __init__(self, path: str, raw: bytes) -> None:
        self.path, self.raw = path, raw
        self._loaded: LoadedFile | None = None

    @property
    def loaded(self) -> LoadedFile:
        if self._loaded is None:
            self._loaded = load(self.path, self.raw)
        return self._loaded

    @property
    def data(self) -> dict[str, Any]:
        data = self.loaded.data
        return data if isinstance(data, dict) else {}

    def where(self, loc: PathKey) -> tuple[int, int, int]:
        return self.loaded.where(loc)


def short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def owning_unit(version: Version, path: str) -> str:
    """The unit that owns a task version: its `unit`, else the folder it lies in."""
    unit = version.data.get("unit")
    if isinstance(unit, str):
        return unit
    match = TASK_PATH.match(path)
    return match[1] if match else "?"


def progress_of(data: dict[str, Any]) -> dict[str, Any]:
    progress = data.get("progress")
    return progress if isinstance(progress, dict) else {}


def whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_day(value: Any) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime)


def recorded_dates(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[PathKey, Any, Any]]:
    """(place in the new version, old value, new value) of every recorded date: when a
    task was completed, when each blocker was raised and lifted, when each request was
    asked and decided. Blockers and requests are matched by their IDs."""
    out: list[tuple[PathKey, Any, Any]] = [
        (
            ("progress", "completed"),
            progress_of(old).get("completed"),
            progress_of(new).get("completed"),
        )
    ]
    for key, fields in (("blockers", ("raised", "lifted")), ("resources", ("asked", "decided"))):
        old_items, new_items = by_id(old.get(key)), by_id(new.get(key))
        for item_id, (_i, item) in old_items.items():
            j, now = new_items.get(item_id, (None, None))
            for name in fields:
                loc: PathKey = (key, j, name) if j is not None else (key,)
                out.append((loc, item.get(name), now.get(name) if now is not None else None))
        for item_id, (j, now) in new_items.items():
            if item_id not in old_items:  # a new blocker or request: its dates are new
                out.extend(((key, j, name), None, now.get(name)) for name in fields)
    return out


def by_id(items: Any) -> dict[str, tuple[int, dict[str, Any]]]:
    found: dict[str, tuple[int, dict[str, Any]]] = {}
    for i, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            found.setdefault(item["id"], (i, item))
    return found


def first_difference(change: FileChange) -> tuple[int, int, int]:
    """The first line of the commit's version that differs from the parent's (line 1 for
    a file added or deleted whole)."""
    if change.old is None or change.new is None:
        return (1, 1, 1)
    old = change.old.decode("utf-8", "replace").splitlines()
    new = change.new.decode("utf-8", "replace").splitlines()
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, _i1, _i2, j1, _j2 in matcher.get_opcodes():
        if tag != "equal":
            line = min(j1, max(len(new) - 1, 0))
            text = new[line] if new else ""
            indent = len(text) - len(text.lstrip(" "))
            return (line + 1, indent + 1, max(1, len(text) - indent))
    return (1, 1, 1)
