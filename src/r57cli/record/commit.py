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

import base64
import contextlib
import difflib
import json
import os
import re
import signal
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from types import FrameType
from typing import Any

from r57cli.errors import ExitCode, R57Error
from r57cli.fingerprint import blob_id
from r57cli.git.repo import GitError, Repo
from r57cli.locale.texts import say
from r57cli.plan.model import Task
from r57cli.plan.workspace import Workspace
from r57cli.record.progress import Change
from r57cli.record.yamledit import YamlEditor
from r57cli.record.yamltext import EditError
from r57cli.validate.engine import ValidationResult

LOCK_TIMEOUT = 60.0
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)
TEMP_SUFFIX = ".r57-tmp"

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


# ------------------------------------------------------------------------- lock


@contextlib.contextmanager
def locked(repo: Repo, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """One r57 writer per clone at a time. flock is released by the kernel when a process
    dies, so a killed run never leaves a stale lock behind."""
    folder = repo.git_dir / "r57"
    folder.mkdir(exist_ok=True)
    fd = os.open(folder / "lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                _try_lock(fd)
                break
            except (BlockingIOError, PermissionError):
                if time.monotonic() > deadline:
                    raise R57Error(say("lock-busy", seconds=int(timeout))) from None
                time.sleep(0.02)
        yield
    finally:
        os.close(fd)


def _try_lock(fd: int) -> None:
    """An exclusive lock on the open file, or BlockingIOError/PermissionError if taken."""
    if sys.platform == "win32":
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM (a CI timeout, kill) and SIGHUP (a closed terminal) unwind like Ctrl-C, so
    the rollback runs."""

    def handler(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    names = ("SIGTERM", "SIGHUP")
    signals = [getattr(signal, n) for n in names if hasattr(signal, n)]
    try:
        previous = {sig: signal.signal(sig, handler) for sig in signals}
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


# ------------------------------------------------------------------------- files


def write_atomically(path: Path, data: bytes, *, fault_point: str = "before-rename") -> None:
    """Temp file in the same folder, fsync, rename over, fsync the folder: a reader sees the
    old bytes or the new ones, never a mix, even if the machine stops."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}{TEMP_SUFFIX}")
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        mode = 0o644
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _NOFOLLOW | _BINARY, mode)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        _fault(fault_point)
        tmp.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    if sys.platform != "win32":  # Windows cannot open a folder to fsync it
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _fault(point: str) -> None:
    """Fault injection for the reliability tests: R57_TEST_KILL_AT=<point> kills this
    process at that point, as a power cut or `kill -9` would."""
    if os.environ.get("R57_TEST_KILL_AT") == point:
        os.kill(os.getpid(), signal.SIGKILL)


class Journal:
    """What a run is about to do, kept in .git/r57 until the commit is made, so that a run
    killed between the write and the commit is rolled back by the next one."""

    def __init__(self, repo: Repo) -> None:
        self.repo = repo
        self.path = repo.git_dir / "r57" / "journal.json"

    def begin(self, relpath: str, before: bytes, after: bytes, head: str = "") -> None:
        doc = {
            "path": relpath,
            "before": base64.b64encode(before).decode("ascii"),
            "after": blob_id(after),
            "head": head,
        }
        data = json.dumps(doc).encode("utf-8")
        write_atomically(self.path, data, fault_point="journal-before-rename")

    def end(self) -> None:
        self.path.unlink(missing_ok=True)

    def recover(self) -> list[str]:
        """Bring an interrupted run to a consistent end; the notes say what was done."""
        for stray in self.path.parent.glob(f".{self.path.name}.*{TEMP_SUFFIX}"):
            stray.unlink(missing_ok=True)  # a run killed while writing the journal
        if self.path.is_dir() or self.path.is_symlink():
            raise R57Error(say("journal-odd", path=self.path))
        entry = self._read()
        if entry is None:
            return []
        relpath, before, after = entry
        target = self.repo.root / relpath
        for stray in target.parent.glob(f".{target.name}.*{TEMP_SUFFIX}"):
            stray.unlink(missing_ok=True)
        try:
            current = target.read_bytes()
        except OSError:
            current = None  # deleted since: nothing of the interrupted run is left to undo
        notes = []
        if current is None or self._committed(relpath, after):
            pass  # the commit was made, or the file is gone: only the journal was left
        elif blob_id(current) == after:
            write_atomically(target, before)
            notes.append(say("recovered", path=relpath))
        elif current != before:
            raise R57Error(say("recovery-conflict", path=relpath, journal=self.path.as_posix()))
        self.end()
        return notes

    def _committed(self, relpath: str, after: str) -> bool:
        """Whether the interrupted run's commit was made: HEAD moved past the commit it
        started from and the file is clean against it (which holds with core.autocrlf or
        clean filters too), or HEAD holds exactly the bytes that were written."""
        try:
            head = json.loads(self.path.read_bytes()).get("head", "")
        except (OSError, ValueError, AttributeError):
            head = ""
        if head and self.repo.head() != head and not self.repo.changed_paths(relpath):
            return True
        committed = self.repo.show_blobs([relpath]).get(relpath)
        return committed is not None and blob_id(committed) == after

    def _read(self) -> tuple[str, bytes, str] | None:
        """The journal's entry, or None (and the journal removed) if there is none worth
        acting on: one that cannot be read was written half-way, before the task file was
        touched; one naming a path outside the work tree was not written by r57."""
        try:
            doc = json.loads(self.path.read_bytes())
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            self.end()
            return None
        relpath = doc.get("path") if isinstance(doc, dict) else None
        after = doc.get("after") if isinstance(doc, dict) else None
        try:
            before = base64.b64decode(doc["before"], validate=True)
        except (KeyError, TypeError, ValueError):
            before = None
        parts = PurePosixPath(relpath).parts if isinstance(relpath, str) else ("..",)
        if (
            before is None
            or not isinstance(after, str)
            or not parts
            or ".." in parts
            or relpath.startswith("/")  # type: ignore[union-attr]
        ):
            self.end()
            return None
        return str(relpath), before, after


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
        notes = [] if dry_run else journal.recover()
        if dry_run and journal.path.exists():
            notes.append(say("journal-pending"))
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
        if _read(path) != before or repo.state() != (branch, head_before):
            raise R57Error(say("changed-meanwhile", path=relpath))
        _commit(repo, path, outcome, head_before)
        task = change.task
        if not ws.may_update(email, task.unit, task.co_units):
            outcome.warnings.append(say("not-member", email=email, unit=task.unit, task=task.id))
        return outcome


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
            _fault("after-write")
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
    if _read(path) == outcome.before:
        return
    write_atomically(path, outcome.before)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
