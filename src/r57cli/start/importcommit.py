"""The one commit of `r57 import`: the new task files, and for a re-import the edited
ones (a reassigned task's file moved to its new unit's folder), or nothing at all.

Under the lock the caller holds: the whole plan validated as the commit will have it
before a file is written; the journal (Journal.begin_new for new files only, begin_files
when files are edited or moved) so that the next run undoes a run killed before its
commit; one flush for all the files rather than an fsync each (10,000 new files); and on
any failure every file put back as it was. Only these files go into the commit, whatever
else is staged. Nothing prints here."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from r57cli.errors import R57Error
from r57cli.locale.reportwords import rsay
from r57cli.plan.workspace import Workspace

if TYPE_CHECKING:
    from r57cli.start.importer import Imported


def planned(ws: Workspace, made: Imported) -> dict[str, tuple[bytes | None, bytes | None]]:
    """Repository-relative path -> (before, after); None for a file absent."""
    out: dict[str, tuple[bytes | None, bytes | None]] = {
        p: (None, raw) for p, raw in made.files.items()
    }
    for change in made.changes:
        old, new = ws.plan_rel + change.rel, ws.plan_rel + change.new_rel
        if change.moved:
            out[old] = (change.before, None)
            out[new] = (None, change.after)
        else:
            out[old] = (change.before, change.after)
    return out


def commit(ws: Workspace, made: Imported, dry_run: bool) -> None:
    from r57cli.git.many import commit_paths, unstage
    from r57cli.git.repo import GitError
    from r57cli.record.commit import PlanWouldBreak, validate_as_committed
    from r57cli.record.durable import Journal, terminate_as_interrupt

    repo = ws.repo
    journal = Journal(repo)
    _, head = repo.state()
    root = repo.root
    files = planned(ws, made)
    taken = [p for p, (old, _) in files.items() if old is None and os.path.lexists(root / p)]
    if taken:
        raise R57Error(rsay("imp-file-exists", path=taken[0]))
    cut = len(ws.plan_rel)
    result = validate_as_committed(ws, {p[cut:]: new for p, (_, new) in files.items()})
    if result.errors:
        raise PlanWouldBreak(result)
    repo.identity()  # fails now, before a file is written, if git has no identity
    if dry_run:
        return
    done: list[str] = []
    new_dirs = {(root / p).parent for p, (_, raw) in files.items() if raw is not None}
    folders = sorted(d for d in new_dirs if not d.exists())
    paths = list(files)
    with terminate_as_interrupt():
        if made.changes:
            journal.begin_files(files, head)
        else:
            journal.begin_new(made.files, head)
        try:
            for rel, (old, raw) in files.items():
                path = root / rel
                done.append(rel)
                if raw is None:
                    path.unlink()
                elif old is None:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    _write_new(path, raw)
                else:
                    _replace(path, raw)
            if hasattr(os, "sync"):
                os.sync()  # one flush for all: an fsync per file costs seconds on 10,000
            proc = commit_paths(repo, paths, made.message)
            if proc.returncode != 0:
                output = (proc.stderr or proc.stdout).strip()
                raise GitError(rsay("imp-commit-failed", output=output))
        except BaseException:
            if repo.head() == head:
                _put_back(root, files, done, folders)
                unstage(repo, paths)
            journal.end()
            raise
        journal.end()
    made.sha = repo.head()


def _put_back(
    root: Path,
    files: dict[str, tuple[bytes | None, bytes | None]],
    done: list[str],
    folders: list[Path],
) -> None:
    from r57cli.record.durable import read_or_none, write_atomically

    for rel in done:
        before = files[rel][0]
        path = root / rel
        if before is None:
            path.unlink(missing_ok=True)
        elif read_or_none(path) != before:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, before)
    for folder in reversed(folders):
        with contextlib.suppress(OSError):
            folder.rmdir()


def _write_new(path: Path, raw: bytes) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, 0o644)
    try:
        view = memoryview(raw)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _replace(path: Path, raw: bytes) -> None:
    """A temp file renamed over the task file: a reader sees the old bytes or the new ones.
    The flush is the caller's, once for all the files."""
    from r57cli.record.durable import TEMP_SUFFIX

    tmp = path.with_name(f".{path.name}.{os.getpid()}{TEMP_SUFFIX}")
    mode = path.stat().st_mode & 0o7777
    try:
        _write_new(tmp, raw)
        tmp.chmod(mode)
        tmp.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
