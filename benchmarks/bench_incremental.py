"""The cases of issue 17 that old and new code must be timed on side by side: the report
after one new commit, and the warm rerun (`bench_report.py --code OLD,NEW` runs them).

    python benchmarks/bench_report.py --code /work/main,. --repeat 5 [--sizes national,small]

Each code tree DIR runs as `python -m r57cli` with DIR/src first on PYTHONPATH (its own
cache, being another version, never mixes with the other's: each gets its own `git clone
--local` of the bench repository under a temporary folder, hard-linked objects, the bench
repository itself untouched). R57_TODAY is the day of the last commit.

Cases, per repository:
- `report --week`, warm: the same report again (the finished output is cached);
- `report --week`, one new commit: the cache as a report at the tip left it, then one
  progress commit on top (a colleague's hand edit of a task in progress, its `pct:` line,
  committed with git at the time of the last commit, so that the week shown changes), then
  the report timed;
- `report --month`, one new commit, the same way.

The runs alternate old, new, old, new ... so that both see the same machine. After the
timings, the last report of each code tree after the new commit is compared with the same
report made with that clone's cache removed, and the old tree's with the new one's: all
must be byte-identical (printed as "outputs identical").
"""

from __future__ import annotations

import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchenv import bench_env


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=True
    ).stdout.strip()


def _task_in_progress(repo: Path) -> str:
    """The path under tasks/ of a task in progress below 90% at HEAD."""
    for path in sorted((repo / "tasks").rglob("T-*.yaml")):
        text = path.read_text(encoding="utf-8")
        pct = re.search(r"^  pct: (\d+)$", text, re.M)
        if "status: in_progress" in text and pct and int(pct[1]) < 90:
            return str(path.relative_to(repo))
    sys.exit(f"no task in progress below 90% in {repo}")


def _children_cpu() -> float:
    """User + system seconds of the finished child processes (r57 and its git and forks)."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


class Tree:
    """One code tree on its own clone of the repository."""

    def __init__(self, code: Path, source: Path, clone: Path, env: dict[str, str]) -> None:
        self.code = code
        self.repo = clone
        subprocess.run(["git", "clone", "-q", "--local", str(source), str(self.repo)], check=True)
        self.start = _git(self.repo, "rev-parse", "HEAD")
        self.env = {**env, "PYTHONPATH": f"{code / 'src'}:{code}"}
        self.cpu = 0.0  # CPU seconds of the last run

    def r57(self, *args: str) -> tuple[float, bytes]:
        cmd = [sys.executable, "-m", "r57cli", *args]
        began, cpu = time.perf_counter(), _children_cpu()
        proc = subprocess.run(cmd, cwd=self.repo, env=self.env, capture_output=True, check=False)
        elapsed = time.perf_counter() - began
        self.cpu = _children_cpu() - cpu
        if proc.returncode not in (0, 1):
            sys.exit(f"{self.code}: r57 {' '.join(args)} failed: {proc.stderr.decode()[-400:]}")
        return elapsed, proc.stdout

    def reset(self) -> None:
        _git(self.repo, "reset", "-q", "--hard", self.start)


def run(codes: list[Path], repos: list[tuple[str, Path]], repeat: int) -> None:
    env = bench_env()
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: byte code cached
    work = Path(tempfile.mkdtemp(prefix="r57-bench-"))
    try:
        for name, source in repos:
            today = _git(source, "log", "-1", "--format=%cs")
            trees = [
                Tree(code, source, work / f"{name}-{i}", {**env, "R57_TODAY": today})
                for i, code in enumerate(codes)
            ]
            task = _task_in_progress(trees[0].repo)
            print(f"\n{name}: {source} at {trees[0].start[:10]}, R57_TODAY={today}, {task}")
            print(f"{'':40} " + " ".join(f"{str(t.code)[-20:]:>20}" for t in trees))
            heads = f"{'best':>6} {'median':>6} {'CPU':>6}"
            print(f"{'case':40} " + " ".join(heads for _ in trees))
            _cases(trees, task, repeat)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _cases(trees: list[Tree], task: str, repeat: int) -> None:
    steps = iter(range(10**6))
    figure = [0]

    def new_commit(tree: Tree, args: list[str]) -> None:
        tree.reset()
        tree.r57("report", *args)  # the cache as a report at the tip leaves it
        path = tree.repo / task
        new = figure[0]
        text = re.sub(r"(?m)^  pct: \d+$", f"  pct: {new}", path.read_text(encoding="utf-8"))
        path.write_text(text, encoding="utf-8")
        last = _git(tree.repo, "log", "-1", "--format=%cI")
        stamp = {"GIT_AUTHOR_DATE": last, "GIT_COMMITTER_DATE": last}
        subprocess.run(
            ["git", "commit", "-q", "-a", "-m", f"{path.stem}: {new}% (by hand)"],
            cwd=tree.repo,
            env={**tree.env, **stamp},
            check=True,
        )

    outputs: dict[int, bytes] = {}
    for label, args, before in (
        ("report --week, warm", ["--week"], None),
        ("report --week, one new commit", ["--week"], new_commit),
        ("report --month, one new commit", ["--month"], new_commit),
    ):
        times: list[list[float]] = [[] for _ in trees]
        cpus: list[list[float]] = [[] for _ in trees]
        for tree in trees:  # untimed: the caches of the case filled once
            tree.reset()
            tree.r57("report", *args)
        for _ in range(repeat):
            # A new figure each round (the same for every tree): a commit no cache has seen.
            figure[0] = 1 + next(steps) % 98
            for i, tree in enumerate(trees):
                if before is not None:
                    before(tree, args)
                elapsed, out = tree.r57("report", *args)
                times[i].append(elapsed)
                cpus[i].append(tree.cpu)
                outputs[i] = out
        cells = [
            f"{min(t):6.3f} {statistics.median(t):6.3f} {statistics.median(c):6.3f}"
            for t, c in zip(times, cpus, strict=True)
        ]
        print(f"{label:40} " + " ".join(cells), flush=True)
    same = len(set(outputs.values())) == 1
    for tree in trees:
        shutil.rmtree(tree.repo / ".git" / "r57", ignore_errors=True)
        same = same and tree.r57("report", "--month")[1] == outputs[0]
        tree.reset()
    print("(wall best, median; CPU median; s) outputs identical" if same else "OUTPUTS DIFFER")
