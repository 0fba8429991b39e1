"""Old and new r57 side by side, in one run, on the same generated repository.

    python benchmarks/compare.py --old OLD/.venv/bin/r57 --new .venv/bin/r57 \\
        --repo .bench/national [--repeat 5] [--only report]

A shared machine is noisy, so the two versions are never timed minutes apart: each case runs
old, new, old, new ... --repeat times each, and the table gives both medians and new/old.
Each version gets its own `git clone --local` of --repo (hard-linked objects), because their
caches may differ in format and must not evict each other. R57_TODAY is the day of the last
commit, so the current week is the history's last week.

Cases: `r57 --help`; `r57 validate` warm and cold (its stored reports removed); `r57 report
--week` cold (.git/r57/history removed), warm, and recomputed (finished outputs removed,
history cache kept: the case after one new commit); `--month --months 12` warm and
recomputed; `r57 check HEAD~50..HEAD` (its caches removed); one `r57 update` of a task in
progress (the commit is undone after each run). A case that fails in a version prints its
first line of error instead of a time.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".bench" / "compare"


@dataclass
class Side:
    name: str
    r57: str
    repo: Path
    env: dict[str, str]


@dataclass
class Case:
    label: str
    args: list[str]
    before: Callable[[Side], None] | None = None
    after: Callable[[Side], None] | None = None
    warm_up: bool = True


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=True
    ).stdout.strip()


def clone(source: Path, name: str) -> Path:
    target = WORK / name
    if target.exists() and git(target, "rev-parse", "HEAD") == git(source, "rev-parse", "HEAD"):
        git(target, "reset", "-q", "--hard", "HEAD")
        return target
    shutil.rmtree(target, ignore_errors=True)
    WORK.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "clone", "-q", "--local", str(source), str(target)], check=True)
    return target


def open_task(repo: Path) -> tuple[str, int]:
    """A task in progress below 90% at HEAD, and its percentage."""
    for path in sorted((repo / "tasks").rglob("T-*.yaml")):
        text = path.read_text(encoding="utf-8")
        pct = re.search(r"^  pct: (\d+)$", text, re.M)
        if "status: in_progress" in text and pct and int(pct[1]) < 90:
            return path.stem, int(pct[1])
    sys.exit(f"no task in progress below 90% in {repo}")


def run_once(side: Side, args: list[str]) -> tuple[float, str | None]:
    start = time.perf_counter()
    proc = subprocess.run(
        [side.r57, *args], cwd=side.repo, env=side.env, capture_output=True, check=False
    )
    elapsed = time.perf_counter() - start
    # 0 = clean, 1 = problems found: both are a finished run for a benchmark.
    if proc.returncode not in (0, 1):
        first = (proc.stderr or proc.stdout).decode(errors="replace").strip().splitlines()
        return elapsed, first[0] if first else f"exit {proc.returncode}"
    return elapsed, None


def measure(case: Case, sides: list[Side], repeat: int) -> dict[str, list[float] | str]:
    times: dict[str, list[float] | str] = {side.name: [] for side in sides}
    if case.warm_up:
        for side in sides:
            run_once(side, case.args)
            if case.after:
                case.after(side)
    for _ in range(repeat):
        for side in sides:
            got = times[side.name]
            if isinstance(got, str):
                continue
            if case.before:
                case.before(side)
            elapsed, error = run_once(side, case.args)
            if case.after:
                case.after(side)
            if error is not None:
                times[side.name] = error
            else:
                got.append(elapsed)
    return times


def cases(task: str, pct: int) -> list[Case]:
    def rm(*globs: str) -> Callable[[Side], None]:
        def remove(side: Side) -> None:
            base = side.repo / ".git" / "r57"
            for pattern in globs:
                for path in base.glob(pattern):
                    if path.is_dir():
                        shutil.rmtree(path)
                    else:
                        path.unlink()

        return remove

    def undo(side: Side) -> None:
        # Back to the commit the case started from, whatever the update's subject says.
        start = git(side.repo, "rev-parse", "origin/HEAD").strip()
        if git(side.repo, "rev-parse", "HEAD").strip() != start:
            git(side.repo, "reset", "-q", "--hard", start)

    return [
        Case("r57 --help", ["--help"]),
        Case("validate, warm", ["validate"]),
        Case("validate, cold", ["validate"], before=rm("validate-*")),
        Case("report --week, cold", ["report", "--week"], before=rm("history"), warm_up=False),
        Case("report --week, warm", ["report", "--week"]),
        Case("report --week, recomputed", ["report", "--week"], before=rm("history/*/output-*")),
        Case("report --month --months 12, warm", ["report", "--month", "--months", "12"]),
        Case(
            "report --month --months 12, recomputed",
            ["report", "--month", "--months", "12"],
            before=rm("history/*/output-*"),
        ),
        Case("check HEAD~50..HEAD", ["check", "HEAD~50..HEAD"], before=rm("validate-*")),
        Case("update --pct (one commit)", ["update", task, "--pct", str(pct + 1)], after=undo),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--old", required=True, help="the old version's r57 executable")
    parser.add_argument("--new", required=True, help="the new version's r57 executable")
    parser.add_argument("--repo", type=Path, required=True, help="a plan repository")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", default="", help="run only the cases whose label has this")
    args = parser.parse_args()
    source = args.repo.resolve()
    today = git(source, "log", "-1", "--format=%cs")
    env = {
        **os.environ,
        "R57_TODAY": today,
        "R57_LANG": "en",
        "GIT_AUTHOR_NAME": "Bench",
        "GIT_AUTHOR_EMAIL": "bench@example.gov.vn",
        "GIT_COMMITTER_NAME": "Bench",
        "GIT_COMMITTER_EMAIL": "bench@example.gov.vn",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    sides = [
        Side("old", str(Path(args.old).resolve()), clone(source, "old"), env),
        Side("new", str(Path(args.new).resolve()), clone(source, "new"), env),
    ]
    task, pct = open_task(sides[0].repo)
    head = git(source, "rev-parse", "--short", "HEAD")
    print(f"repository {source} at {head}, R57_TODAY={today}")
    print(f"old = {sides[0].r57}\nnew = {sides[1].r57}\nmedians of {args.repeat} runs each\n")
    print(f"{'case':42} {'old s':>8} {'new s':>8} {'new/old':>8}")
    for case in cases(task, pct):
        if args.only and args.only not in case.label:
            continue
        got = measure(case, sides, args.repeat)
        cells = []
        for side in sides:
            value = got[side.name]
            median = f"{statistics.median(value):8.3f}" if isinstance(value, list) else None
            cells.append(median or "   fails")
        old, new = got["old"], got["new"]
        ratio = (
            f"{statistics.median(new) / statistics.median(old):8.2f}"
            if isinstance(old, list) and isinstance(new, list)
            else ""
        )
        print(f"{case.label:42} {cells[0]} {cells[1]} {ratio}", flush=True)
        for side in sides:
            if isinstance(got[side.name], str):
                print(f"    {side.name}: {got[side.name]}")


if __name__ == "__main__":
    main()
