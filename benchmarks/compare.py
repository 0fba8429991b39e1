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
progress (the commit is undone after each run). Issue 17 added: cold `--week -o week.html`,
`--month --months 12` and `--weeks 52`; "one new commit" (the cache made by a report at
HEAD, then one hand edit committed, then the report timed; undone after); and the peak
memory of cold `--month --months 12` (the largest process of the run, r57 or one of its
forked children, from getrusage of the children). A case that fails in a version prints its
first line of error instead of a time. --cases lists the labels, --only picks by substring
(separated by |). Beside each time, the median CPU seconds (user + system of the run and
everything it started: forked children, git), which a loaded machine moves far less.
"""

from __future__ import annotations

import argparse
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from benchenv import bench_env

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".bench" / "compare"


@dataclass
class Side:
    name: str
    r57: str
    repo: Path
    env: dict[str, str]
    cpu: list[float] = field(default_factory=list)  # CPU seconds of each run (run_once)


@dataclass
class Case:
    label: str
    args: list[str]
    before: Callable[[Side], None] | None = None
    after: Callable[[Side], None] | None = None
    warm_up: bool = True
    memory: bool = False  # report the peak resident memory (MiB), not the time


# Runs a command and prints the largest resident set of its process tree (KiB on Linux).
_PEAK = (
    "import resource, subprocess, sys; "
    "code = subprocess.run(sys.argv[1:]).returncode; "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
    "sys.exit(code)"
)


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


def open_task(repo: Path) -> tuple[str, int, str]:
    """A task in progress below 90% at HEAD, its percentage and its path under tasks/."""
    for path in sorted((repo / "tasks").rglob("T-*.yaml")):
        text = path.read_text(encoding="utf-8")
        pct = re.search(r"^  pct: (\d+)$", text, re.M)
        if "status: in_progress" in text and pct and int(pct[1]) < 90:
            return path.stem, int(pct[1]), str(path.relative_to(repo / "tasks"))
    sys.exit(f"no task in progress below 90% in {repo}")


def _children_cpu() -> float:
    """User + system seconds of every finished child so far (r57, its forked children and
    its git calls): on a loaded machine, the figure that the other jobs do not move."""
    got = resource.getrusage(resource.RUSAGE_CHILDREN)
    return got.ru_utime + got.ru_stime


def run_once(side: Side, args: list[str], memory: bool = False) -> tuple[float, str | None]:
    """Seconds (or with `memory`, MiB of the largest process) of one run."""
    cmd = [side.r57, *args]
    if memory:
        cmd = [sys.executable, "-c", _PEAK, *cmd]
    start, used = time.perf_counter(), _children_cpu()
    proc = subprocess.run(cmd, cwd=side.repo, env=side.env, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    side.cpu.append(_children_cpu() - used)
    # 0 = clean, 1 = problems found: both are a finished run for a benchmark.
    if proc.returncode not in (0, 1):
        first = (proc.stderr or proc.stdout).decode(errors="replace").strip().splitlines()
        return elapsed, first[0] if first else f"exit {proc.returncode}"
    if memory:
        return int(proc.stderr.decode().strip().splitlines()[-1]) / 1024, None
    return elapsed, None


def measure(case: Case, sides: list[Side], repeat: int) -> dict[str, list[float] | str]:
    times: dict[str, list[float] | str] = {side.name: [] for side in sides}
    if case.warm_up:
        for side in sides:
            run_once(side, case.args, case.memory)
            if case.after:
                case.after(side)
    for _ in range(repeat):
        for side in sides:
            got = times[side.name]
            if isinstance(got, str):
                continue
            if case.before:
                case.before(side)
            elapsed, error = run_once(side, case.args, case.memory)
            if case.after:
                case.after(side)
            if error is not None:
                times[side.name] = error
            else:
                got.append(elapsed)
    return times


def cases(task: str, pct: int, task_path: str) -> list[Case]:
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

    edits = iter(range(10**6))

    def one_new_commit(args: list[str]) -> Callable[[Side], None]:
        """The cache as a report at HEAD left it, then a colleague's hand edit on top."""

        def before(side: Side) -> None:
            undo(side)
            rm("history/*/output-*")(side)
            run_once(side, args)
            path = side.repo / "tasks" / task_path
            text = path.read_text(encoding="utf-8")
            new_pct = 1 + next(edits) % 98  # a new figure each time: a commit not seen yet
            path.write_text(re.sub(r"(?m)^  pct: \d+$", f"  pct: {new_pct}", text), "utf-8")
            # Made on the last day of the history, so that its week's report changes.
            last = git(side.repo, "log", "-1", "--format=%cI")
            stamp = {"GIT_AUTHOR_DATE": last, "GIT_COMMITTER_DATE": last}
            subprocess.run(
                ["git", "commit", "-q", "-a", "-m", f"{task}: {new_pct}% (by hand)"],
                cwd=side.repo,
                env={**side.env, **stamp},
                check=True,
            )

        return before

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
        Case(
            "report --week -o week.html, cold",
            ["report", "--week", "-o", "week.html"],
            before=rm("history"),
            warm_up=False,
        ),
        Case(
            "report --month --months 12, cold",
            ["report", "--month", "--months", "12"],
            before=rm("history"),
            warm_up=False,
        ),
        Case(
            "report --weeks 52, cold",
            ["report", "--weeks", "52"],
            before=rm("history"),
            warm_up=False,
        ),
        Case(
            "report --week, one new commit",
            ["report", "--week"],
            before=one_new_commit(["report", "--week"]),
            after=undo,
            warm_up=False,
        ),
        Case(
            "report --month --months 12, one new commit",
            ["report", "--month", "--months", "12"],
            before=one_new_commit(["report", "--month", "--months", "12"]),
            after=undo,
            warm_up=False,
        ),
        Case(
            "peak MiB: --month --months 12, cold",
            ["report", "--month", "--months", "12"],
            before=rm("history"),
            warm_up=False,
            memory=True,
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
    parser.add_argument("--repo", type=Path, default=Path(), help="a plan repository")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--only", default="", help="run only the cases whose label has one of these (a|b|...)"
    )
    parser.add_argument("--cases", action="store_true", help="list the cases and stop")
    args = parser.parse_args()
    if args.cases:
        print("\n".join(case.label for case in cases("T-1", 0, "x/T-1.yaml")))
        return
    source = args.repo.resolve()
    today = git(source, "log", "-1", "--format=%cs")
    env = bench_env(R57_TODAY=today)
    sides = [
        Side("old", str(Path(args.old).resolve()), clone(source, "old"), env),
        Side("new", str(Path(args.new).resolve()), clone(source, "new"), env),
    ]
    task, pct, task_path = open_task(sides[0].repo)
    head = git(source, "rev-parse", "--short", "HEAD")
    print(f"repository {source} at {head}, R57_TODAY={today}")
    print(f"old = {sides[0].r57}\nnew = {sides[1].r57}\nmedians of {args.repeat} runs each\n")
    print(f"{'case':42} {'old s':>8} {'new s':>8} {'new/old':>8}   CPU s old / new (new/old)")
    wanted = [w for w in args.only.split("|") if w]
    for case in cases(task, pct, task_path):
        if wanted and not any(w in case.label for w in wanted):
            continue
        for side in sides:
            side.cpu.clear()
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
        cpu = ""
        if not case.memory and isinstance(old, list) and isinstance(new, list):
            # The timed runs' medians (a case's warm-up and before/after steps excluded).
            c_old, c_new = (statistics.median(s.cpu[-len(old) :]) for s in sides)
            cpu = f"   {c_old:.2f} / {c_new:.2f} ({c_new / c_old:.2f})"
        print(f"{case.label:42} {cells[0]} {cells[1]} {ratio}{cpu}", flush=True)
        for side in sides:
            if isinstance(got[side.name], str):
                print(f"    {side.name}: {got[side.name]}")


if __name__ == "__main__":
    main()
