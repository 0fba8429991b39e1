"""The pull-request gate's rules, pure: given one commit's own changes to the plan folder,
who was who and what the policy was before it, and its signature, the problems, each at
its place in the file version the commit wrote. gate.py reads git and runs these.

"Before" is the stricter of two readings: the commit's parent, and BASE (main as the
pull request meets it). A person needs their membership, role and key in both, a task's
owner in both versions, and signatures are needed if either asks: nobody can grant
themselves a task, a role or a looser policy in the commit that uses it, and an old
branch does not keep powers main has since taken away."""

from __future__ import annotations

import difflib
import re
from datetime import date, datetime
from typing import Any, NamedTuple

from r57cli.gate.people import Access, Person, items
from r57cli.git.gate import GateCommit, Signature
from r57cli.locale.messages import phrase
from r57cli.plan.diagnostics import Diagnostic
from r57cli.plan.planfile import load
from r57cli.plan.yamlevents import LoadedFile, PathKey

# A task file where it belongs: tasks/<unit>/<ID>.yaml (the unit and the ID as groups).
TASK_PATH = re.compile(r"tasks/([a-z][a-z0-9-]{0,31})/([A-Z]{1,8}-[0-9]{1,6})\.ya?ml\Z")
_SIGNATURE_STATES = {
    "B": "bad",
    "X": "expired-signature",
    "Y": "expired-key",
    "R": "revoked-key",
    "E": "cannot-check",
}


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


class _Version:
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


class _Run:
    """The rules applied to one Step; `out` collects the diagnostics."""

    def __init__(self, step: Step, closed_before: date) -> None:
        self.step = step
        self.commit = step.commit
        self.closed_before = closed_before
        self.out: list[Diagnostic] = []
        self.sources: dict[str, bytes] = {}
        self.who = f"{self.commit.author} <{self.commit.email}>"
        self.base_args = {"commit": self.commit.sha[:10], "subject": _short(self.commit.subject)}
        self.backdated: list[tuple[str, _Version, PathKey, date]] = []

    # ------------------------------------------------------------------ placing

    def add(
        self, code: str, path: str, raw: bytes | None, span: tuple[int, int, int], **args: Any
    ) -> None:
        line, column, length = span
        plain = {k: v.isoformat() if isinstance(v, date) else v for k, v in args.items()}
        self.out.append(
            Diagnostic(
                code,
                path,
                line,
                column,
                {**self.base_args, **plain},
                max(1, length),
                commit=self.commit.sha,
            )
        )
        if raw is not None:
            self.sources[f"{self.commit.sha}:{path}"] = raw

    def first_place(self) -> tuple[str, bytes | None, tuple[int, int, int]]:
        """Where a problem of the whole commit is shown: its first changed plan file."""
        change = self.step.changes[0] if self.step.changes else self.step.claimed
        assert change is not None  # a step has changes or a claimed task
        return change.path, change.new or change.old, _first_difference(change)

    # ------------------------------------------------------------------ identity

    def identity(self) -> Person | None:
        """The person the commit speaks for, or None (reported) when it is not known."""
        access = self.step.access
        author = access.people.get(self.commit.email.casefold())
        path, raw, span = self.first_place()
        sig = self.step.signature
        if access.require_signed:
            signer = self._signer(sig, path, raw, span)
            if signer is None:
                return None
            if author is None or author.id != signer.id:
                self.add("R57E311", path, raw, span, signer=signer.name, author=self.who)
                return None
        if author is None:
            self.add("R57E301", path, raw, span, author=self.who)
        return author

    def _signer(
        self, sig: Signature | None, path: str, raw: bytes | None, span: tuple[int, int, int]
    ) -> Person | None:
        if sig is None or sig.kind == "" or sig.status == "N":
            self.add("R57E308", path, raw, span, author=self.who)
            return None
        if sig.kind != "ssh":
            self.add("R57E310", path, raw, span, detail=phrase(f"sig-kind-{sig.kind}"))
            return None
        if sig.status in _SIGNATURE_STATES:
            self.add(
                "R57E310", path, raw, span, detail=phrase(f"sig-{_SIGNATURE_STATES[sig.status]}")
            )
            return None
        signer = self.step.access.people.get(sig.principal.casefold()) if sig.principal else None
        if sig.status != "G" or signer is None:
            self.add("R57E309", path, raw, span, key=sig.key or "?")
            return None
        return signer

    # ------------------------------------------------------------------ the rules

    def run(self) -> None:
        claimed = self.step.claimed
        if not self.step.changes:
            if claimed is not None:
                person = self.identity()
                if person is not None and claimed.old is not None:
                    version = _Version(claimed.path, claimed.old)
                    self.authorise(person, claimed, version, version, _TaskMoves([]))
            return
        person = self.identity()
        tasks = _TaskMoves(self.step.changes)
        for change in self.step.changes:
            old = _Version(change.path, change.old) if change.old is not None else None
            new = _Version(change.path, change.new) if change.new is not None else None
            if person is not None:
                self.authorise(person, change, old, new, tasks)
            if change.special:
                continue
            moved_from = tasks.moved_from(change)
            if moved_from is not None and new is not None:
                old = _Version(moved_from.path, moved_from.old or b"")
            if old is not None and not old.data:
                for raw in reversed(self.step.earlier.get(change.path, ())):
                    if _Version(change.path, raw).data:
                        old = _Version(change.path, raw)
                        break
            if old is not None and new is not None and TASK_PATH.match(change.path):
                self.history(change.path, old, new)
        self.late_report()

    def authorise(
        self,
        person: Person,
        change: FileChange,
        old: _Version | None,
        new: _Version | None,
        tasks: _TaskMoves,
    ) -> None:
        if "admin" in person.roles:
            return
        if change.special:
            # A symbolic link or submodule: the validator never reads one; only an admin
            # may put one in the plan folder.
            code, raw, span, args = "R57E303", None, (1, 1, 1), {"file": change.path}
        else:
            found = self._refusal(person, change, old, new, tasks)
            if found is None:
                return
            code, version, loc, args = found
            raw, span = version.raw, version.where(loc) if loc else _first_difference(change)
        admins: Any = ", ".join(self.step.access.admins) or phrase("no-admins")
        self.add(code, change.path, raw, span, person=person.name, admins=admins, **args)

    def _refusal(
        self,
        person: Person,
        change: FileChange,
        old: _Version | None,
        new: _Version | None,
        tasks: _TaskMoves,
    ) -> tuple[str, _Version, PathKey, dict[str, Any]] | None:
        """Why `person`, neither admin nor allowed, may not make this change: the code, the
        version and place to show, and the message's fields; None when they may."""
        version = new or old
        assert version is not None  # a change has one side at least
        match = TASK_PATH.match(change.path)
        if match is None:
            return "R57E303", version, (), {"file": change.path}
        folder, task_id = match[1], match[2]
        if old is None:
            source = tasks.moved_from(change)
            if source is None:
                return "R57E305", version, ("id",), {"task": task_id, "unit": folder}
            owner = _owner(_Version(source.path, source.old or b""), source.path)
            return "R57E304", version, ("unit",), {"task": task_id, "unit": owner, "to": folder}
        owner = _owner(old, change.path)
        if new is None:
            if tasks.is_moved_away(change):
                return None  # reported where the task arrives
            return "R57E306", version, ("id",), {"task": task_id, "unit": owner}
        now_unit = new.data.get("unit")
        if isinstance(now_unit, str) and now_unit != owner:
            return "R57E304", new, ("unit",), {"task": task_id, "unit": owner, "to": now_unit}
        if "coordinator" in person.roles:
            return None
        versions = [old]
        at_base = self.step.base_tasks.get(task_id)
        if at_base is not None:
            versions.append(_Version(change.path, at_base))
        for version in versions:
            owner = _owner(version, change.path)
            co_units = version.data.get("co_units")
            co = {u for u in items(co_units) if isinstance(u, str)}
            co_may = self.step.access.co_units_may_update and bool(co)
            if owner in person.units or (co_may and person.units & co):
                continue
            args = {
                "units": ", ".join(sorted(person.units)) or "-",
                "task": task_id,
                "unit": owner,
                "co": phrase("co-units-may", units=", ".join(sorted(co))) if co_may else "",
            }
            return "R57E302", new, (), args
        return None

    def history(self, path: str, old: _Version, new: _Version) -> None:
        trailers = self.commit.trailers
        task = str(new.data.get("id") or path.rsplit("/", 1)[-1].removesuffix(".yaml"))
        reason = bool(trailers.get("R57-Reason", "").strip())
        reopened = trailers.get("R57-Action") == "reopen" and reason
        if not old.data or not new.data:
            return  # unreadable: the validator reports it where it stays broken
        before, after = _progress(old.data), _progress(new.data)
        old_pct, new_pct = before.get("pct", 0), after.get("pct", 0)
        if _whole(old_pct) and _whole(new_pct) and new_pct < old_pct and not reason:
            self.add(
                "R57E320",
                path,
                new.raw,
                new.where(("progress", "pct")),
                task=task,
                old=old_pct,
                new=new_pct,
            )
        old_status = before.get("status", "not_started")
        new_status = after.get("status", "not_started")
        if old_status in ("done", "cancelled") and new_status != old_status and not reopened:
            self.add(
                "R57E321",
                path,
                new.raw,
                new.where(("progress", "status")),
                task=task,
                old=str(old_status),
                new=str(new_status),
            )
        for loc, was, now in _dated(old.data, new.data):
            closed = self.closed_before
            # A date newly put in a closed week; changing one already there is R57E322.
            if _day(now) and now < closed and now != was and not (_day(was) and was < closed):
                self.backdated.append((path, new, loc, now))
            if not _day(was) or was >= self.closed_before or was == now:
                continue
            if loc == ("progress", "completed") and reopened and now is None:
                continue  # reopening clears the completion date; that is the point
            self.add(
                "R57E322",
                path,
                new.raw,
                new.where(loc),
                task=task,
                field=".".join(str(p) for p in loc),
                old=was,
                new=now.isoformat() if _day(now) else "-",
                week_start=self.closed_before,
            )

    def late_report(self) -> None:
        """A report for a closed week: said by its R57-Date, or shown by a date it
        records (a completion, a blocker, a request) that falls in one. Allowed, with a
        warning: weekly reports list it as recorded after its week closed."""
        stated = self.commit.trailers.get("R57-Date", "")
        try:
            day = date.fromisoformat(stated[:10]) if stated else None
        except ValueError:
            day = None
        if day is not None and day < self.closed_before:
            path, raw, span = self.first_place()
            self.add("R57W301", path, raw, span, date=day, week_start=self.closed_before)
        elif self.backdated:
            path, version, loc, when = self.backdated[0]
            self.add(
                "R57W301",
                path,
                version.raw,
                version.where(loc),
                date=when,
                week_start=self.closed_before,
            )


class _TaskMoves:
    """A task deleted in one folder and added in another in the same commit is a move."""

    def __init__(self, changes: list[FileChange]) -> None:
        self.added: dict[str, FileChange] = {}
        self.deleted: dict[str, FileChange] = {}
        for change in changes:
            match = TASK_PATH.match(change.path)
            if match is None:
                continue
            if change.old is None and change.new is not None:
                self.added[match[2]] = change
            elif change.new is None and change.old is not None:
                self.deleted[match[2]] = change

    def moved_from(self, change: FileChange) -> FileChange | None:
        match = TASK_PATH.match(change.path)
        if match is None or change.old is not None or self.added.get(match[2]) is not change:
            return None
        return self.deleted.get(match[2])

    def is_moved_away(self, change: FileChange) -> bool:
        match = TASK_PATH.match(change.path)
        return match is not None and change.new is None and match[2] in self.added


def check_step(step: Step, closed_before: date) -> tuple[list[Diagnostic], dict[str, bytes]]:
    """The problems of one commit, and the file versions their places refer to (keyed
    `<commit>:<path>`). `closed_before` is the first day of the current week: dates before
    it belong to closed weeks."""
    run = _Run(step, closed_before)
    run.run()
    return run.out, run.sources


# ---------------------------------------------------------------------- helpers


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _owner(version: _Version, path: str) -> str:
    """The unit that owns a task version: its `unit`, else the folder it lies in."""
    unit = version.data.get("unit")
    if isinstance(unit, str):
        return unit
    match = TASK_PATH.match(path)
    return match[1] if match else "?"


def _progress(data: dict[str, Any]) -> dict[str, Any]:
    progress = data.get("progress")
    return progress if isinstance(progress, dict) else {}


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _day(value: Any) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime)


def _dated(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[PathKey, Any, Any]]:
    """(place in the new version, old value, new value) of every recorded date: when a
    task was completed, when each blocker was raised and lifted, when each request was
    asked and decided. Blockers and requests are matched by their IDs."""
    out: list[tuple[PathKey, Any, Any]] = [
        (
            ("progress", "completed"),
            _progress(old).get("completed"),
            _progress(new).get("completed"),
        )
    ]
    for key, fields in (("blockers", ("raised", "lifted")), ("resources", ("asked", "decided"))):
        old_items, new_items = _by_id(old.get(key)), _by_id(new.get(key))
        for item_id, (_i, item) in old_items.items():
            j, now = new_items.get(item_id, (None, None))
            for name in fields:
                loc: PathKey = (key, j, name) if j is not None else (key,)
                out.append((loc, item.get(name), now.get(name) if now is not None else None))
        for item_id, (j, now) in new_items.items():
            if item_id not in old_items:  # a new blocker or request: its dates are new
                out.extend(((key, j, name), None, now.get(name)) for name in fields)
    return out


def _by_id(items: Any) -> dict[str, tuple[int, dict[str, Any]]]:
    found: dict[str, tuple[int, dict[str, Any]]] = {}
    for i, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            found.setdefault(item["id"], (i, item))
    return found


def _first_difference(change: FileChange) -> tuple[int, int, int]:
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
