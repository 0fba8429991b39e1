"""Where the git repository is. No git command runs in this version; r57 only needs to know
the work-tree root (to show repository-relative paths) and the git directory (for its cache).
Later versions put every git call here too."""

from __future__ import annotations

from pathlib import Path


def repo_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` that has a `.git` (a folder, or a file in a
    linked worktree or submodule)."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def git_dir(start: Path) -> Path | None:
    """The repository's git directory, following the `gitdir:` line of a `.git` file."""
    root = repo_root(start)
    if root is None:
        return None
    dot_git = root / ".git"
    if dot_git.is_dir():
        return dot_git
    try:
        text = dot_git.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return None
    if not text.startswith("gitdir:"):
        return None
    target = Path(text.removeprefix("gitdir:").strip())
    return target if target.is_absolute() else (root / target).resolve()
