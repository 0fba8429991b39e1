"""Record one unit step (units.py) as one git commit of several files, or change nothing:
the same safety as record/commit.py's one-file commit. Under the lock: finish or undo an
interrupted run (the journal), refuse a file with edits of its own, validate the plan as
the commit will have it, journal every file's before and after, write, commit exactly those
paths, and put every file back if anything after the first write fails."""

from __future__ import annotations

import contextlib
import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from r57cli.errors import R57Error
from r57cli.git.repo import GitError
from r57cli.locale.texts import say
from r57cli.plan.workspace import Workspace
from r57cli.record.commit import PlanWouldBreak, validate_as_committed
from r57cli.record.durable import Journal, fault, locked, read_or_none, terminate_as_interrupt
from r57cli.record.durable import write_atomically as write
from r57cli.record.units import Files, UnitChange


@dataclass
class UnitOutcome:
    change: UnitChange
    message: str
    sha: str | None = None
    branch: str = ""
    notes: list[str] = field(default_factory=list)

    def diff(self) -> str:
        """The change as `git diff` shows it, a moved file as a rename."""
        out: list[str] = []
        files = self.change.files
        gone = {p: b for p, (b, a) in files.items() if a is None}
        for path, (before, after) in sorted(files.items()):
            if after is None:
                continue
            source = path
            if before is None:
                name = path.rsplit("/", 1)[-1]
                source = next((p for p in gone if p.rsplit("/", 1)[-1] == name), path)
                before = gone.get(source, b"")
            old = (before or b"").decode("utf-8").splitlines(keepends=True)
            new = after.decode("utf-8").splitlines(keepends=True)
            if source != path:
                out.append(f"rename {source} → {path}\n")
            out.extend(difflib.unified_diff(old, new, f"a/{source}", f"b/{path}", n=1))
        return "".join(out)


def record_units(
    ws: Workspace,
    build: Callable[[Workspace], UnitChange],
    *,
    when: date,
    dry_run: bool = False,
) -> UnitOutcome:
    """Build the step from the files as they are and commit it; see the module docstring."""
    repo = ws.repo
    with locked(repo):
        journal = Journal(repo)
        notes = journal.notes_before(dry_run)
        branch, head_before = repo.state()
        changed = repo.changed_paths(ws.plan_rel or ".")
        for rel in ("units.yaml", "plan.yaml"):
            state = changed.get(ws.plan_rel + rel)
            if state is not None:
                raise R57Error(say("task-dirty", path=ws.plan_rel + rel))
        change = build(ws)
        for path in change.files:
            state = changed.get(ws.plan_rel + path)
            if state is not None:
                key = "task-untracked" if state == "??" else "task-dirty"
                raise R57Error(say(key, path=ws.plan_rel + path))
        overrides = {p: after for p, (_before, after) in change.files.items()}
        result = validate_as_committed(ws, overrides)
        if result.errors:
            raise PlanWouldBreak(result)
        outcome = UnitOutcome(change, change.message(when), branch=branch, notes=notes)
        repo.identity()  # fails now, before any file is touched, if git has none
        lock_file = repo.git_dir / "index.lock"
        if lock_file.exists():
            raise R57Error(say("index-locked", path=lock_file))
        if dry_run:
            return outcome
        for path, (before, _after) in change.files.items():
            if read_or_none(ws.plan_dir / path) != before:
                raise R57Error(say("changed-meanwhile", path=ws.plan_rel + path))
        if repo.state() != (branch, head_before):
            raise R57Error(say("changed-meanwhile", path=ws.plan_rel + "units.yaml"))
        _commit(ws, change.files, outcome, head_before)
        return outcome


def _commit(ws: Workspace, files: Files, outcome: UnitOutcome, head_before: str) -> None:
    from r57cli.git.many import commit_paths, unstage

    repo = ws.repo
    rel = {ws.plan_rel + p: pair for p, pair in files.items()}
    journal = Journal(repo)
    with terminate_as_interrupt():
        try:
            journal.begin_files(rel, head_before)
        except OSError as exc:
            journal.end()
            reason = exc.strerror or str(exc)
            raise R57Error(say("write-failed", path=journal.path, reason=reason)) from None
        try:
            for path, (_before, after) in files.items():
                target = ws.plan_dir / path
                try:
                    if after is None:
                        target.unlink(missing_ok=True)
                    else:
                        target.parent.mkdir(parents=True, exist_ok=True)
                        write(target, after)
                except OSError as exc:
                    reason = exc.strerror or str(exc)
                    raise R57Error(say("write-failed", path=path, reason=reason)) from None
            fault("after-write")
            proc = commit_paths(repo, sorted(rel), outcome.message)
            if proc.returncode != 0:
                output = (proc.stderr or proc.stdout).strip()
                raise GitError(say("commit-failed", path=ws.plan_rel + "units.yaml", output=output))
        except BaseException:
            committed = False
            with contextlib.suppress(GitError, OSError):
                committed = repo.head() != head_before
            if committed:
                journal.end()  # the commit was made after all (an interrupt at its end)
                raise
            try:
                _put_back(ws, files)
                unstage(repo, sorted(rel))
            except OSError as exc:
                reason = exc.strerror or str(exc)
                raise R57Error(say("rollback-failed", path="units.yaml", reason=reason)) from None
            journal.end()
            raise
        journal.end()
    outcome.sha = repo.head()
    for path, (_before, after) in files.items():
        if after is None:  # the folder a merge emptied goes too, as git keeps no folders
            with contextlib.suppress(OSError):
                (ws.plan_dir / path).parent.rmdir()


def _put_back(ws: Workspace, files: Files) -> None:
    for path, (before, _after) in files.items():
        target = ws.plan_dir / path
        if before is None:
            target.unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                target.parent.rmdir()  # a folder the run made for it, if now empty
        elif read_or_none(target) != before:
            target.parent.mkdir(parents=True, exist_ok=True)
            write(target, before)
