"""The pull-request gate's rules, pure: given one commit's own changes to the plan folder,
who was who and what the policy was before it, and its signature, the problems, each at
its place in the file version the commit wrote. gate.py reads git and runs these.

"Before" is the stricter of two readings: the commit's parent, and BASE (main as the
pull request meets it). A person needs their membership, role and key in both, a task's
owner in both versions, and signatures are needed if either asks: nobody can grant
themselves a task, a role or a looser policy in the commit that uses it, and an old
branch does not keep powers main has since taken away."""

from __future__ import annotations

from datetime import date
from typing import Any

from r57cli.gate import planedits, schedule
from r57cli.gate.changes import (
    TASK_PATH,
    FileChange,
    Step,
    Version,
    first_difference,
    is_day,
    owning_unit,
    progress_of,
    recorded_dates,
    short,
    whole,
)
from r57cli.gate.people import Person, asked_decision, items
from r57cli.gate.units import check_units, may_edit_units
from r57cli.git.gate import Signature
from r57cli.locale.messages import phrase
from r57cli.plan.diagnostics import Diagnostic
from r57cli.plan.yamlevents import PathKey

_SIGNATURE_STATES = {
    "B": "bad",
    "X": "expired-signature",
    "Y": "expired-key",
    "R": "revoked-key",
    "E": "cannot-check",
}


class _Run:
    """The rules applied to one Step; `out` collects the diagnostics."""

    def __init__(self, step: Step, closed_before: date, today: date) -> None:
        self.step, self.today = step, today
        self.commit = step.commit
        self.closed_before = closed_before
        self.out: list[Diagnostic] = []
        self.sources: dict[str, bytes] = {}
        self.who = f"{self.commit.author} <{self.commit.email}>"
        self.base_args = {"commit": self.commit.sha[:10], "subject": short(self.commit.subject)}
        self.backdated: list[tuple[str, Version, PathKey, date]] = []

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
        return change.path, change.new or change.old, first_difference(change)

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
                    version = Version(claimed.path, claimed.old)
                    self.authorise(person, claimed, version, version, _TaskMoves([]))
            if claimed is not None:
                schedule.check_dates(self.add, self.step, self.today, self.first_place())
            return
        person = self.identity()
        check_units(self.add, self.step, person)
        tasks = _TaskMoves(self.step.changes)
        for change in self.step.changes:
            old = Version(change.path, change.old) if change.old is not None else None
            new = Version(change.path, change.new) if change.new is not None else None
            if person is not None:
                self.authorise(person, change, old, new, tasks)
            if change.special:
                continue
            moved_from = tasks.moved_from(change)
            if moved_from is not None and new is not None:
                old = Version(moved_from.path, moved_from.old or b"")
            if old is not None and not old.data:
                for raw in reversed(self.step.earlier.get(change.path, ())):
                    if Version(change.path, raw).data:
                        old = Version(change.path, raw)
                        break
            if old is not None and new is not None and TASK_PATH.match(change.path):
                self.history(change.path, old, new)
                if person is not None and old.data and new.data:
                    schedule.check_task(self.add, self.step, person, change.path, old, new)
        self.late_report()
        schedule.check_dates(self.add, self.step, self.today, self.first_place())

    def authorise(
        self,
        person: Person,
        change: FileChange,
        old: Version | None,
        new: Version | None,
        tasks: _TaskMoves,
    ) -> None:
        if not change.special:
            edit = planedits.judge(self.step, person, change, old, new, tasks.moved_from(change))
            if edit is True:
                return
            if isinstance(edit, tuple):
                code, version, loc, args = edit
                span = version.where(loc)
                self.add(code, change.path, version.raw, span, person=person.name, **args)
                return
        if "admin" in person.roles:
            return
        if not change.special and may_edit_units(
            self.step, person, change, tasks.moved_from(change)
        ):
            return  # a unit commit by someone policy.edit_units_by names (gate/units.py)
        if change.special:
            # A symbolic link or submodule: the validator never reads one; only an admin
            # may put one in the plan folder.
            code, raw, span, args = "R57E303", None, (1, 1, 1), {"file": change.path}
        else:
            found = self._refusal(person, change, old, new, tasks)
            if found is None:
                return
            code, version, loc, args = found
            raw, span = version.raw, version.where(loc) if loc else first_difference(change)
        admins: Any = ", ".join(self.step.access.admins) or phrase("no-admins")
        self.add(code, change.path, raw, span, person=person.name, admins=admins, **args)

    def _refusal(
        self,
        person: Person,
        change: FileChange,
        old: Version | None,
        new: Version | None,
        tasks: _TaskMoves,
    ) -> tuple[str, Version, PathKey, dict[str, Any]] | None:
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
            owner = owning_unit(Version(source.path, source.old or b""), source.path)
            return "R57E304", version, ("unit",), {"task": task_id, "unit": owner, "to": folder}
        owner = owning_unit(old, change.path)
        if new is None:
            if tasks.is_moved_away(change):
                return None  # reported where the task arrives
            return "R57E306", version, ("id",), {"task": task_id, "unit": owner}
        now_unit = new.data.get("unit")
        if isinstance(now_unit, str) and now_unit != owner:
            return "R57E304", new, ("unit",), {"task": task_id, "unit": owner, "to": now_unit}
        if "coordinator" in person.roles:
            return None
        asked = asked_decision(old.data, new.data, person.units)
        if asked and self.step.access.asked_unit_may_decide:
            return None  # the asked unit decides its own request (policy)
        versions = [old]
        at_base = self.step.base_tasks.get(task_id)
        if at_base is not None:
            versions.append(Version(change.path, at_base))
        for version in versions:
            owner = owning_unit(version, change.path)
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
            if asked and not co_may:  # say which policy would let the asked unit decide
                args["co"] = phrase("asked-unit-may-decide")
            return "R57E302", new, (), args
        return None

    def history(self, path: str, old: Version, new: Version) -> None:
        trailers = self.commit.trailers
        task = str(new.data.get("id") or path.rsplit("/", 1)[-1].removesuffix(".yaml"))
        reason = bool(trailers.get("R57-Reason", "").strip())
        reopened = trailers.get("R57-Action") == "reopen" and reason
        if not old.data or not new.data:
            return  # unreadable: the validator reports it where it stays broken
        before, after = progress_of(old.data), progress_of(new.data)
        old_pct, new_pct = before.get("pct", 0), after.get("pct", 0)
        if whole(old_pct) and whole(new_pct) and new_pct < old_pct and not reason:
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
        for loc, was, now in recorded_dates(old.data, new.data):
            closed = self.closed_before
            # A date newly put in a closed week; changing one already there is R57E322.
            if is_day(now) and now < closed and now != was and not (is_day(was) and was < closed):
                self.backdated.append((path, new, loc, now))
            if not is_day(was) or was >= self.closed_before or was == now:
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
                new=now.isoformat() if is_day(now) else "-",
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


def check_step(
    step: Step, closed_before: date, today: date
) -> tuple[list[Diagnostic], dict[str, bytes]]:
    """The problems of one commit, and the file versions their places refer to (keyed
    `<commit>:<path>`). `closed_before` is the first day of the current week: dates before
    it belong to closed weeks; `today` is the day the check runs."""
    run = _Run(step, closed_before, today)
    run.run()
    return run.out, run.sources
