"""Edits of the plan that touch more than one task file's bytes in place: a new task file
(`r57 task add`) and a task file moved to its new unit's folder (`r57 assign`), each one
commit or nothing.

The safety is record/commit.py's: the lock, a recovered journal, no commit over a file with
edits of its own, the whole plan validated as the commit will have it before anything is
written, and, if anything fails after the first write, every file put back as it was. A
killed run is undone by the next one (Journal.begin_new with `restore`). A move is one
commit holding the deletion and the addition, with the content barely changed, so `git log
--follow` follows the file across it. Nothing prints here.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from r57cli.errors import R57Error
from r57cli.git.repo import GitError
from r57cli.locale.texts import say
from r57cli.plan.model import Task
from r57cli.plan.workspace import Workspace
from r57cli.record.commit import PlanWouldBreak, Step, edit_task, validate_as_committed
from r57cli.record.durable import (
    Journal,
    fault,
    locked,
    read_or_none,
    terminate_as_interrupt,
    write_atomically,
)
from r57cli.record.progress import Change
from r57cli.record.yamledit import YamlEditor


@dataclass
class Written:
    """What a plan edit wrote (or, on a dry run, would write): repository-relative paths."""

    change: Change
    message: str
    before: dict[str, bytes | None]  # None: the file is new
    after: dict[str, bytes | None]  # None: the file is removed
    branch: str = ""
    sha: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def relpath(self) -> str:
        """The file the task is in after the commit."""
        return next(p for p, raw in self.after.items() if raw is not None)

    def diff(self) -> str:
        import difflib

        gone = [p for p, raw in self.after.items() if raw is None]
        out = []
        for path, raw in self.after.items():
            if raw is None:
                continue
            source = gone[0] if gone else path
            old = self.before.get(source) or b""
            head = f"a/{source}" if self.before.get(source) is not None else "/dev/null"
            if gone:
                out.append(f"rename from {source}\nrename to {path}\n")
            lines = difflib.unified_diff(
                old.decode("utf-8").splitlines(keepends=True),
                raw.decode("utf-8").splitlines(keepends=True),
                head,
                f"b/{path}",
                n=2,
            )
            out.append("".join(lines))
        return "".join(out)


def add_task(
    ws: Workspace, plan_path: str, raw: bytes, change: Change, *, when: date, dry_run: bool
) -> Written:
    """A new task file at `plan_path` (plan-relative), committed alone."""
    rel = ws.plan_rel + plan_path
    with locked(ws.repo):
        notes = Journal(ws.repo).notes_before(dry_run)
        if os.path.lexists(ws.repo.root / rel):
            raise R57Error(say("edit-file-exists", path=rel))
        made = Written(change, change.message(when), {rel: None}, {rel: raw}, notes=notes)
        return _commit(ws, made, dry_run)


def move_task(ws: Workspace, task_id: str, step: Step, *, when: date, dry_run: bool) -> Written:
    """Edit the task (`step`, as record() does) and, when its unit changes, move the file
    to that unit's folder in the same commit."""
    repo = ws.repo
    with locked(repo):
        notes = Journal(ws.repo).notes_before(dry_run)
        plan_path = ws.task_path(task_id)
        rel = ws.plan_rel + plan_path
        state = repo.changed_paths(rel).get(rel)
        if state is not None:
            raise R57Error(say("task-untracked" if state == "??" else "task-dirty", path=rel))
        _, before, after, change = edit_task(ws, plan_path, step)
        new_rel = f"{ws.plan_rel}tasks/{change.task.unit}/{task_id}.yaml"
        if new_rel == rel:
            written: dict[str, bytes | None] = {rel: after}
        else:
            if os.path.lexists(repo.root / new_rel):
                raise R57Error(say("edit-file-exists", path=new_rel))
            written = {rel: None, new_rel: after}
        olds: dict[str, bytes | None] = {new_rel: None, rel: before}
        made = Written(change, change.message(when), olds, written, notes=notes)
        return _commit(ws, made, dry_run)


def _commit(ws: Workspace, made: Written, dry_run: bool) -> Written:
    from r57cli.git.many import commit_paths, unstage

    repo = ws.repo
    made.branch, head = repo.state()
    cut = len(ws.plan_rel)
    result = validate_as_committed(ws, {p[cut:]: raw for p, raw in made.after.items()})
    if result.errors:
        raise PlanWouldBreak(result)
    repo.identity()  # fails now, before a file is written, if git has no identity
    lock_file = repo.git_dir / "index.lock"
    if lock_file.exists():
        raise R57Error(say("index-locked", path=lock_file))
    if dry_run:
        return made
    root = repo.root
    for rel, raw in made.before.items():
        if read_or_none(root / rel) != raw:
            raise R57Error(say("changed-meanwhile", path=rel))
    journal = Journal(repo)
    new = {p: raw for p, raw in made.after.items() if raw is not None}
    restore = {p: raw for p, raw in made.before.items() if raw is not None}
    folders = sorted({(root / p).parent for p in new if not (root / p).parent.exists()})
    paths = list(made.after)
    with terminate_as_interrupt():
        journal.begin_new(new, head, restore=restore)
        try:
            for rel, raw in made.after.items():
                path = root / rel
                if raw is None:
                    path.unlink()
                    continue
                path.parent.mkdir(parents=True, exist_ok=True)
                write_atomically(path, raw)
            fault("after-write")
            proc = commit_paths(repo, paths, made.message)
            if proc.returncode != 0:
                output = (proc.stderr or proc.stdout).strip()
                if "index.lock" in output:
                    raise R57Error(say("index-locked", path=lock_file))
                raise GitError(say("commit-failed", path=made.relpath, output=output))
        except BaseException:
            if repo.head() == head:
                _put_back(root, made, folders)
                unstage(repo, paths)
            journal.end()
            raise
        journal.end()
    made.sha = repo.head()
    return made


def _put_back(root: Path, made: Written, folders: list[Path]) -> None:
    for rel in made.after:
        before = made.before.get(rel)
        path = root / rel
        if before is None:
            path.unlink(missing_ok=True)
        elif read_or_none(path) != before:
            write_atomically(path, before)
    for folder in reversed(folders):
        with contextlib.suppress(OSError):
            folder.rmdir()


def reassign(
    ws: Workspace,
    task: Task,
    ed: YamlEditor,
    *,
    unit: str | None,
    person: str | None,
    by: str,
    reason: str | None,
    decision: str | None,
) -> Change:
    """`r57 assign`: the task's unit and responsible edited in place. The person stays when
    they belong to the new unit too, else it is the new unit's focal person (else its leader,
    else its first member)."""
    from r57cli.record.newtask import people
    from r57cli.record.progress import TASK_ORDER, StepError

    if unit is None and person is None:
        raise StepError(say("edit-assign-nothing", task=task.id))
    new_unit = unit or task.unit
    new_person = person or task.responsible
    if person is None and new_unit not in people(ws).get(task.responsible, set()):
        # as r57 import picks a task's person: the focal, else the leader, else the first
        # member (a unit made by r57 unit add has members but no focal: line)
        data = next((u for u in ws.units_data if u.get("id") == new_unit), {})
        members = [m.get("id") for m in data.get("members") or [] if isinstance(m, dict)]
        focal = data.get("focal") or data.get("leader") or (members[0] if members else None)
        if not isinstance(focal, str):
            raise StepError(say("edit-assign-who", task=task.id, unit=new_unit))
        new_person = focal
    if (new_unit, new_person) == (task.unit, task.responsible):
        raise StepError(say("edit-assign-same", task=task.id, unit=new_unit, person=new_person))
    if new_unit != task.unit:
        ed.set(("unit",), new_unit, TASK_ORDER)
    if new_person != task.responsible:
        ed.set(("responsible",), new_person, TASK_ORDER)
    trailers = {"R57-By": by, "R57-From-Unit": task.unit}
    trailers["R57-Responsible"] = new_person
    trailers["R57-From-Responsible"] = task.responsible
    if reason:
        trailers["R57-Reason"] = reason
    if decision:
        trailers["R57-Decision"] = decision
    moved = task.model_copy(update={"unit": new_unit, "responsible": new_person})
    if new_unit != task.unit:
        subject = f"{task.id}: assigned to {new_unit} ({new_person}), from {task.unit}"
    else:
        subject = f"{task.id}: responsible {new_person}, was {task.responsible}"
    return Change(moved, "assign", subject, None, trailers)
