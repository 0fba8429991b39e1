"""Commits of many new files at once (`r57 init`, `r57 import`): the paths go to git
through a pathspec file, not the command line, which 10,000 task files would overflow."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

from r57cli.git.repo import Repo, _env


@contextmanager
def _pathspec(repo: Repo, relpaths: list[str]) -> Iterator[tuple[str, ...]]:
    spec = repo.git_dir / "r57" / "paths"
    spec.parent.mkdir(exist_ok=True)
    spec.write_bytes(b"\0".join(p.encode("utf-8") for p in relpaths))
    try:
        yield ("--pathspec-from-file", str(spec), "--pathspec-file-nul")
    finally:
        spec.unlink(missing_ok=True)


def _literal() -> dict[str, str]:
    env = _env()
    env["GIT_LITERAL_PATHSPECS"] = "1"  # a path is a path, never a glob or magic
    return env


def commit_paths(repo: Repo, relpaths: list[str], message: str) -> subprocess.CompletedProcess[str]:
    """Commit these paths (new files included) and nothing else staged. The caller judges
    the result."""
    env = _literal()
    with _pathspec(repo, relpaths) as spec:
        added = repo.run("add", *spec, env=env, check=False)
        if added.returncode != 0:
            return added
        return repo.run(
            "commit", "--only", "--no-edit", "--cleanup=whitespace", "-F", "-", *spec,
            stdin=message, env=env, check=False,
        )  # fmt: skip


def unstage(repo: Repo, relpaths: list[str]) -> None:
    """Take these paths out of the index again (a commit_paths whose commit failed, or a
    killed one)."""
    with _pathspec(repo, relpaths) as spec:
        repo.run("reset", "-q", *spec, env=_literal(), check=False)
