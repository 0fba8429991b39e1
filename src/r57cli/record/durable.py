"""Writing a plan file so that nothing is ever lost or half-written: one r57 writer per
clone (a lock the kernel frees when a process dies), SIGTERM and SIGHUP unwinding like
Ctrl-C, atomic writes, and the journal with which the next run finishes or undoes a run
that was killed half-way. record/commit.py uses them around its one commit.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from types import FrameType

from r57cli.errors import R57Error
from r57cli.fingerprint import blob_id
from r57cli.git.repo import Repo
from r57cli.locale.texts import say

LOCK_TIMEOUT = 60.0
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)
TEMP_SUFFIX = ".r57-tmp"


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
        fault(fault_point)
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


def fault(point: str) -> None:
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

    def begin_new(
        self, written: dict[str, bytes], head: str, restore: dict[str, bytes] | None = None
    ) -> None:
        """A run about to create these files (repository-relative) in one commit (`r57
        import`): if it is killed before the commit, the next run removes them again, and
        puts back the files of `restore` as they were (a task moved, `r57 assign`)."""
        doc: dict[str, object] = {"new": {p: blob_id(raw) for p, raw in written.items()}}
        doc["head"] = head
        if restore is not None:
            doc["restore"] = {
                p: base64.b64encode(raw).decode("ascii") for p, raw in restore.items()
            }
        data = json.dumps(doc).encode("utf-8")
        write_atomically(self.path, data, fault_point="journal-before-rename")

    def begin_files(self, files: dict[str, tuple[bytes | None, bytes | None]], head: str) -> None:
        """A run about to change these files (repository-relative: before, after; None for
        absent) in one commit (`r57 unit merge`): a run killed before the commit is undone
        by the next one, file by file."""
        doc = {
            "files": {
                p: [
                    None if old is None else base64.b64encode(old).decode("ascii"),
                    None if new is None else blob_id(new),
                ]
                for p, (old, new) in files.items()
            },
            "head": head,
        }
        data = json.dumps(doc).encode("utf-8")
        write_atomically(self.path, data, fault_point="journal-before-rename")

    def end(self) -> None:
        self.path.unlink(missing_ok=True)

    def _recover_files(self) -> list[str] | None:
        """Undo a killed run of begin_files(): each file back as it was, unless the commit
        was made or the file was changed since. None when the journal is not such a run's."""
        try:
            doc = json.loads(self.path.read_bytes())
        except (OSError, ValueError):
            return None
        if not isinstance(doc, dict) or not isinstance(doc.get("files"), dict):
            return None
        head = doc.get("head", "")
        committed = bool(head) and self.repo.head() != head
        restored: list[str] = []
        for relpath, pair in doc["files"].items():
            parts = PurePosixPath(str(relpath)).parts
            if committed or not parts or ".." in parts or str(relpath).startswith("/"):
                continue
            if not isinstance(pair, list) or len(pair) != 2:
                continue
            before = None if pair[0] is None else base64.b64decode(pair[0])
            target = self.repo.root / relpath
            current = read_or_none(target)
            ours = current is None if pair[1] is None else blob_id(current or b"") == pair[1]
            if current == before or not ours:
                continue  # untouched, or changed by hand since: left as it is
            if before is None:
                target.unlink()
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                write_atomically(target, before)
            restored.append(str(relpath))
        if restored:
            from r57cli.git.many import unstage

            unstage(self.repo, restored)
        self.end()
        return [say("recovered-files", n=len(restored))] if restored else []

    def _recover_new(self) -> list[str] | None:
        """Undo a killed run of begin_new(): each file it made, unless its commit was made
        or the file was changed since. None when the journal is not such a run's."""
        try:
            doc = json.loads(self.path.read_bytes())
        except (OSError, ValueError):
            return None
        if not isinstance(doc, dict) or not isinstance(doc.get("new"), dict):
            return None
        head = doc.get("head", "")
        committed = bool(head) and self.repo.head() != head
        removed: list[str] = []
        for relpath, after in doc["new"].items():
            parts = PurePosixPath(str(relpath)).parts
            if committed or not parts or ".." in parts or str(relpath).startswith("/"):
                continue
            target = self.repo.root / relpath
            current = read_or_none(target)
            if current is not None and blob_id(current) == after:
                target.unlink()
                removed.append(str(relpath))
        restore = doc.get("restore") if not committed else None
        for relpath, encoded in (restore if isinstance(restore, dict) else {}).items():
            parts = PurePosixPath(str(relpath)).parts
            if not parts or ".." in parts or str(relpath).startswith("/"):
                continue
            try:
                before = base64.b64decode(str(encoded), validate=True)
            except ValueError:
                continue
            target = self.repo.root / relpath
            if read_or_none(target) != before:
                target.parent.mkdir(parents=True, exist_ok=True)
                write_atomically(target, before)
                removed.append(str(relpath))
        if removed:
            from r57cli.git.many import unstage

            unstage(self.repo, removed)  # killed after `git add`: the index named them too
        self.end()
        if not removed:
            return []
        if isinstance(doc.get("restore"), dict):  # r57 task add or assign (record/planedit.py)
            return [say("recovered-edit", paths=", ".join(sorted(set(removed))))]
        return [say("recovered-import", n=len(removed))]

    def notes_before(self, dry_run: bool) -> list[str]:
        """What a recording command says first: what recover() did, or, on a dry run
        (which changes nothing), that an interrupted run's journal waits."""
        if dry_run:
            return [say("journal-pending")] if self.path.exists() else []
        return self.recover()

    def recover(self) -> list[str]:
        """Bring an interrupted run to a consistent end; the notes say what was done."""
        for stray in self.path.parent.glob(f".{self.path.name}.*{TEMP_SUFFIX}"):
            stray.unlink(missing_ok=True)  # a run killed while writing the journal
        if self.path.is_dir() or self.path.is_symlink():
            raise R57Error(say("journal-odd", path=self.path))
        undone = self._recover_new()
        if undone is None:
            undone = self._recover_files()
        if undone is not None:
            return undone
        entry = self._load()
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

    def _load(self) -> tuple[str, bytes, str] | None:
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


def read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
