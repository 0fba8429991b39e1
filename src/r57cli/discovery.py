"""Finding the plan folder and the files that belong to it."""

from __future__ import annotations

import os
from pathlib import Path

from r57cli.errors import PlanNotFoundError

PLAN_FILE = "plan.yaml"
TASK_SUFFIXES = (".yaml", ".yml")


def find_plan(start: Path, explicit: Path | None = None) -> Path:
    """The plan folder: `explicit` if given, else the nearest folder at or above `start`
    that has plan.yaml, or the single child folder of such a folder that has one."""
    if explicit is not None:
        if not explicit.exists():
            raise PlanNotFoundError(f"{explicit}: no such folder. Check the --plan path.")
        if explicit.is_file() and explicit.name == PLAN_FILE:
            explicit = explicit.parent  # `--plan plan286/plan.yaml` means its folder
        if not explicit.is_dir():
            raise PlanNotFoundError(
                f"{explicit}: is a file. Give --plan the folder that holds plan.yaml."
            )
        if not os.access(explicit, os.R_OK | os.X_OK):
            raise PlanNotFoundError(f"{explicit}: permission denied. Check the folder's rights.")
        return explicit
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / PLAN_FILE).is_file():
            return folder
        candidates = sorted(p.parent for p in folder.glob(f"*/{PLAN_FILE}"))
        if len(candidates) == 1:
            return candidates[0]
        if len(candidates) > 1:
            names = ", ".join(str(c) for c in candidates)
            raise PlanNotFoundError(
                f"several plans found under {folder}: {names}. Choose one with --plan DIR."
            )
        if (folder / ".git").exists():
            break  # do not wander out of the repository
    raise PlanNotFoundError(
        f"no plan found in {here} or its parent folders (looked for {PLAN_FILE}). "
        "Run r57 inside a plan repository, or pass --plan DIR."
    )


def plan_files(plan_dir: Path) -> tuple[list[str], list[str]]:
    """Plan-relative POSIX paths of plan files, and of stray files under tasks/.

    os.scandir is used instead of Path.rglob: on 10,000 files it is several times faster.
    """
    found = [name for name in ("plan.yaml", "units.yaml") if (plan_dir / name).is_file()]
    stray: list[str] = []
    tasks = plan_dir / "tasks"
    if not tasks.is_dir():
        return found, stray
    pending = [("tasks", os.fspath(tasks))]
    task_files: list[str] = []
    while pending:
        rel, real = pending.pop()
        with os.scandir(real) as it:
            for entry in it:
                if entry.name.startswith("."):
                    continue
                child = f"{rel}/{entry.name}"
                if entry.is_dir(follow_symlinks=False):
                    pending.append((child, entry.path))
                elif entry.name.endswith(TASK_SUFFIXES):
                    task_files.append(child)
                elif not entry.name.lower().startswith("readme"):
                    stray.append(child)
    task_files.sort()
    stray.sort()
    return found + task_files, stray
