"""Record one change to one task as one git commit, or change nothing at all.

The steps, in order, under a lock that serialises r57 runs in one clone:
  1. finish or roll back a run that was killed half-way (the journal);
  2. refuse a repository state where a commit would go astray, a task file with edits of
     its own, or a stale index.lock;
  3. edit the task text in place and prove the edit (yamledit);
  4. validate the whole plan as the commit will have it: HEAD, plus this file;
  5. journal, write atomically, `git commit --only -- file`;
  6. if anything after the write fails, put the file back byte for byte.
Nothing prints here: the command module shows the Outcome.
"""

from __future__ import annotations

import contextlib
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from r57cli.errors import ExitCode, R57Error
from r57cli.git.repo import GitError, Repo
from r57cli.locale.texts import say
from r57cli.plan.model import Task
from r57cli.plan.workspace import Workspace
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
from r57cli.record.yamltext import EditError
from r57cli.validate.engine import ValidationResult

Step = Callable[[Task, YamlEditor], Change]


class PlanWouldBreak(R57Error):
    exit_code = ExitCode.INVALID

    def __init__(self, result: ValidationResult) -> None:
        super().__init__(say("plan-would-break"))
        self.result = result


class TaskInvalid(R57Error):
    exit_code = ExitCode.INVALID


@dataclass
class Outcome:
    change: Change
    relpath: str  # repository-relative
    before: bytes
    after: bytes
    message: str
    sha: str | None = None
    branch: str = ""
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def diff(self) -> str:
        old = self.before.decode("utf-8").splitlines(keepends=True)
        new = self.after.decode("utf-8").splitlines(keepends=True)
        return "".join(
            difflib.unified_diff(old, new, f"a/{self.relpath}", f"b/{self.relpath}", n=2)
        )


# ------------------------------------------------------------------------- recording


def _edit(ws: Workspace, plan_path: str, step: Step) -> tuple[Path, bytes, bytes, Change]:
    from pydantic import ValidationError

    from r57cli.plan.planfile import load

    path = ws.plan_dir / plan_path
    if path.is_symlink():
        # validate ignores links (not part of the plan), and a rename would replace one
        raise R57Error(say("task-symlink", path=ws.plan_rel + plan_path))
    before = path.read_bytes()
    loaded = load(plan_path, before)
    shown = ws.plan_rel + plan_path
    if loaded.data is None or any(d.severity.value == "error" for d in loaded.diagnostics):
        raise TaskInvalid(say("task-invalid", path=shown))
    try:
        task = Task.model_validate(loaded.data)
    except ValidationError:
        raise TaskInvalid(say("task-invalid", path=shown)) from None
    editor = YamlEditor(before.decode("utf-8"), loaded.data)
    try:
        change = step(task, editor)
        after = editor.result().encode("utf-8")
    except EditError as exc:
        raise R57Error(say("cannot-edit", path=shown, reason=str(exc))) from None
    return path, before, after, change


edit_task = _edit  # for record/planedit.py: the same load, check and step


def validate_as_committed(ws: Workspace, overrides: dict[str, bytes | None]) -> ValidationResult:
    """The plan as HEAD has it, plus `overrides` (plan-relative). Files with uncommitted
    edits are read from HEAD, and untracked ones left out: the commit will not carry them."""
    from r57cli.validate.engine import validate

    changed = ws.repo.changed_paths(ws.plan_rel or ".")
    dirty = [p for p in changed if p.startswith(ws.plan_rel)]
    heads = ws.repo.show_blobs(dirty)
    view: dict[str, bytes | None] = {p[len(ws.plan_rel) :]: heads[p] for p in dirty}
    view.update(overrides)
    return validate(ws.plan_dir, overrides=view)


_LAYOUT_NOTES = frozenset({"R57W008", "R57E112", "R57E001"})
_PLAN_FILE = re.compile(r"(?:plan|units)\.yaml\Z|tasks/(?:[^./][^/]*/)*[^./][^/]*\.ya?ml\Z", re.I)


def _validate_change(
    ws: Workspace, plan_path: str, before: bytes, after: bytes
) -> ValidationResult:
    """The plan as the commit will have it. Fast path: HEAD's report, stored by the run
    that made HEAD, with this one file's change applied (validate_change); else in full."""
    from r57cli.validate.engine import validate_change

    tree = ws.repo.tree_blobs(ws.plan_rel)
    blobs = {p: b for p, b in tree.items() if _PLAN_FILE.match(p)}
    quick = validate_change(ws.plan_dir, blobs, plan_path, before, after)
    result = quick if quick is not None else validate_as_committed(ws, {plan_path: after})
    # Layout notes come from a scan of the work tree: one about a file the commit will not
    # carry (untracked, ignored) must not stop the commit.
    result.diagnostics = [
        d
        for d in result.diagnostics
        if d.code not in _LAYOUT_NOTES or d.path in tree or not d.path.startswith("tasks/")
    ]
    return result


def record(
    ws: Workspace, task_id: str, step: Step, *, when_for_message: Any, dry_run: bool = False
) -> Outcome:
    """Apply `step` to the task and commit it; see the module docstring for the steps."""
    repo = ws.repo
    with locked(repo):
        journal = Journal(repo)
        notes = journal.notes_before(dry_run)
        branch, head_before = repo.state()
        plan_path = ws.task_path(task_id)
        relpath = ws.plan_rel + plan_path
        state = repo.changed_paths(relpath).get(relpath)
        if state == "??":
            raise R57Error(say("task-untracked", path=relpath))
        if state is not None:
            raise R57Error(say("task-dirty", path=relpath))
        path, before, after, change = _edit(ws, plan_path, step)
        result = _validate_change(ws, plan_path, before, after)
        if result.errors:
            raise PlanWouldBreak(result)
        outcome = Outcome(
            change, relpath, before, after, change.message(when_for_message), branch=branch
        )
        outcome.notes = notes
        _, email = repo.identity()  # fails now, before the file is touched, if git has none
        lock_file = repo.git_dir / "index.lock"
        if lock_file.exists():
            raise R57Error(say("index-locked", path=lock_file))
        if dry_run:
            return outcome
        # Nothing may have moved while the plan was being checked: the user's editor saving
        # the file, or a `git switch` in another terminal.
        if read_or_none(path) != before or repo.state() != (branch, head_before):
            raise R57Error(say("changed-meanwhile", path=relpath))
        _commit(repo, path, outcome, head_before)
        task = change.task
        if not ws.may_update(email, task.unit, task.co_units) and not _asked_decides(
            ws, email, outcome
        ):
            outcome.warnings.append(say("not-member", email=email, unit=task.unit, task=task.id))
        if _signatures_required(ws) and not repo.head_signed():
            outcome.warnings.append(say("not-signed"))
        return outcome


def _asked_decides(ws: Workspace, email: str, outcome: Outcome) -> bool:
    """The gate's rule (plan/decisions.py, as gate/rules.py applies it): with
    policy.asked_unit_may_decide a member of the asked unit may decide its request."""
    from r57cli.plan.decisions import asked_decision
    from r57cli.plan.planfile import load

    policy = ws.plan_data.get("policy")
    if not (isinstance(policy, dict) and policy.get("asked_unit_may_decide") is True):
        return False
    _, units, _ = ws.person_by_email(email)
    old, new = (load(outcome.relpath, raw).data for raw in (outcome.before, outcome.after))
    return asked_decision(old, new, frozenset(units))


def _signatures_required(ws: Workspace) -> bool:
    policy = ws.plan_data.get("policy")
    return isinstance(policy, dict) and policy.get("require_signed_commits") is True


def _commit(repo: Repo, path: Path, outcome: Outcome, head_before: str) -> None:
    journal = Journal(repo)
    with terminate_as_interrupt():
        try:
            journal.begin(outcome.relpath, outcome.before, outcome.after, head_before)
        except OSError as exc:
            journal.end()
            reason = exc.strerror or str(exc)
            raise R57Error(say("write-failed", path=journal.path, reason=reason)) from None
        try:
            try:
                write_atomically(path, outcome.after)
            except OSError as exc:
                raise R57Error(
                    say("write-failed", path=outcome.relpath, reason=exc.strerror or exc)
                ) from None
            fault("after-write")
            proc = repo.commit_only(
                outcome.relpath, outcome.message, allow_empty=outcome.before == outcome.after
            )
            if proc.returncode != 0:
                output = (proc.stderr or proc.stdout).strip()
                if "index.lock" in output:
                    raise R57Error(say("index-locked", path=repo.git_dir / "index.lock"))
                raise GitError(say("commit-failed", path=outcome.relpath, output=output))
        except BaseException:
            try:
                _roll_back(repo, path, outcome, head_before)
            except OSError as exc:
                # The journal stays: the next r57 run puts the file back.
                reason = exc.strerror or str(exc)
                raise R57Error(
                    say("rollback-failed", path=outcome.relpath, reason=reason)
                ) from None
            journal.end()
            raise
        journal.end()
    outcome.sha = repo.head()


def _roll_back(repo: Repo, path: Path, outcome: Outcome, head_before: str) -> None:
    """Put the file back unless the commit was made after all (an interrupt that arrived
    just as git finished)."""
    with contextlib.suppress(GitError, OSError):
        # Under the lock only this run commits, so a moved HEAD is this commit. (Comparing
        # blobs would be wrong with core.autocrlf or a clean filter: HEAD holds the
        # filtered bytes, the work tree the raw ones.)
        if repo.head() != head_before:
            return
    if read_or_none(path) == outcome.before:
        return
    write_atomically(path, outcome.before)
