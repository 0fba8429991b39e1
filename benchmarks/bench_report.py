"""Benchmark `r57 report --week|--month` on generated histories, against the git floor.

    python benchmarks/bench_report.py [--repeat 5] [--rebuild]

Uses two repositories made by benchmarks/genhistory.py (built when missing, or when their
parameters changed; --rebuild forces it): .bench/small (300 tasks, 8 units, 5,000 commits)
and .bench/national (10,000 tasks, 40 units, 200,000 commits), both from Monday 2024-12-02
for 726 days, so that the history ends on Friday 2026-11-27 and its last ISO week,
2026-W48, is a full week.

Prints, from one run on one machine:

- the floor: Python's bare start-up plus the raw git calls a week report needs (the
  first-parent walk back to the week's start, the week's commits with their trailers and
  raw changes, the diff of the week's end points, the task tree at the week's end, every
  task blob at that commit through one `cat-file --batch`), each and their sum, on both
  repositories; the whole-history trailer `git log` for reference;
- the r57 runs, with cwd = the repository, R57_TODAY = the day of the last commit (so the
  current week is the history's last week) and the output sent to /dev/null: national week
  cold (<repo>/.git/r57/history deleted before each run) and warm, national 12 months warm,
  and on small the week, the month, JSON and HTML, warm. A command that fails is shown as
  "not available yet" with its first line of error.

With --code DIR1,DIR2 it times instead, for each source tree side by side, the report
after one new commit and the warm rerun (benchmarks/bench_incremental.py).

Targets: national week cold <= 2.5 s, warm <= 0.5 s; national --months 12 warm <= 1.5 s;
small, any, warm <= 0.4 s. Shared machines are noisy: each figure is the best (and median)
of --repeat runs; compare the ratios to the floor within one run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / ".bench"
GENHISTORY = Path(__file__).resolve().with_name("genhistory.py")
R57 = str(Path(sys.executable).with_name("r57"))
TZ = timezone(timedelta(hours=7))
HISTORY = {"seed": 1, "start": "2024-12-02", "days": 726}
SIZES = {
    "small": {"tasks": 300, "units": 8, "commits": 5_000},
    "national": {"tasks": 10_000, "units": 40, "commits": 200_000},
}
# What a week report reads of each commit: the shape the report command asks git for.
LOG_FORMAT = "%x1e%H%x1f%P%x1f%ct%x1f%an%x1f%ae%x1f%s%x1f%(trailers:unfold,only)"
ENV = {
    **os.environ,
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "R57_LANG": "en",
}

Timing = tuple[float, float]


@dataclass
class Repo:
    name: str
    path: Path
    info: dict[str, object]
    today: str  # the day of the last commit, in the plan's +07:00
    week: str  # its ISO week, e.g. 2026-W48
    week_start: datetime  # Monday 00:00 +07:00 of that week

    @property
    def env(self) -> dict[str, str]:
        return {**ENV, "R57_TODAY": self.today}


def ensure_repo(name: str, rebuild: bool, bench: Path = BENCH) -> Repo:
    """The generated repository `name`, built first when missing or made differently."""
    path = bench / name
    wanted = {**SIZES[name], **HISTORY}
    stamp = path / ".git" / "genhistory.json"
    info: dict[str, object] = json.loads(stamp.read_text()) if stamp.exists() else {}
    if rebuild or any(info.get(k) != v for k, v in wanted.items()):
        print(f"building {path} ...", flush=True)
        cmd = [sys.executable, str(GENHISTORY), str(path), "--force"]
        cmd += [f"--{k}={v}" for k, v in wanted.items()]
        subprocess.run(cmd, check=True)
        info = json.loads(stamp.read_text())
    out = git_out(path, "log", "-1", "--format=%ct", "HEAD")
    last = datetime.fromtimestamp(int(out), TZ)
    iso = last.date().isocalendar()
    monday = datetime(last.year, last.month, last.day, tzinfo=TZ) - timedelta(days=last.weekday())
    return Repo(name, path, info, last.date().isoformat(), f"{iso.year}-W{iso.week:02d}", monday)


def git_out(cwd: Path, *args: str, stdin: bytes | None = None) -> str:
    proc = subprocess.run(
        ["git", *args], cwd=cwd, env=ENV, input=stdin, capture_output=True, check=True
    )
    return proc.stdout.decode()


def timed(
    cmd: list[str],
    cwd: Path,
    repeat: int,
    *,
    env: dict[str, str] | None = None,
    stdin: bytes | None = None,
    before: Callable[[], None] | None = None,
    warm_up: bool = False,
    keep_output: bool = True,
) -> Timing | str:
    """Best and median wall time of `cmd` over `repeat` runs (`before` runs untimed ahead of
    each), or the first line of its error when it fails."""
    times = []
    for i in range(repeat + (1 if warm_up else 0)):
        if before:
            before()
        start = time.perf_counter()
        proc = subprocess.run(
            cmd,
            cwd=cwd,
            env=env or ENV,
            input=stdin,
            stdout=subprocess.PIPE if keep_output else subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            check=False,
        )
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            lines = proc.stderr.decode(errors="replace").strip().splitlines() or ["(no message)"]
            return f"exit {proc.returncode}: {lines[0][:70]}"
        if not (warm_up and i == 0):
            times.append(elapsed)
    return min(times), statistics.median(times)


def floor(repo: Repo, repeat: int) -> tuple[list[tuple[str, Timing | str]], dict[str, str]]:
    """The git calls a week report cannot avoid, on `repo`, each timed on its own."""
    since = repo.week_start.isoformat()
    walk = ["git", "log", "--first-parent", "--format=%H%x1f%ct%x1f%P", f"--since={since}"]
    lines = git_out(repo.path, *walk[1:]).splitlines()
    end = lines[0].split("\x1f")[0]
    start = lines[-1].split("\x1f")[2].split()[0]
    week_log = ["git", "log", f"{start}..{end}", f"--format={LOG_FORMAT}", "--raw", "--no-abbrev"]
    tree = ["git", "ls-tree", "-r", end, "--", "tasks"]
    blobs = [line.split()[2] for line in git_out(repo.path, *tree[1:]).splitlines()]
    batch = ("\n".join(blobs) + "\n").encode()
    facts = {
        "week": repo.week,
        "R57_TODAY": repo.today,
        "first-parent commits in the week": str(len(lines)),
        "commits in start..end": git_out(
            repo.path, "rev-list", "--count", f"{start}..{end}"
        ).strip(),
        "task files changed start..end": str(
            len(git_out(repo.path, "diff-tree", "-r", start, end, "--", "tasks").splitlines())
        ),
        "start": start,
        "end": end,
    }
    py = [sys.executable, "-c", "pass"]
    calls: list[tuple[str, list[str], bytes | None]] = [
        ("python -c pass (bare start-up)", py, None),
        ("git log --first-parent ... --since=<week start>", walk, None),
        ("git log start..end --format=<trailers> --raw", week_log, None),
        ("git diff-tree -r start end", ["git", "diff-tree", "-r", start, end], None),
        ("git ls-tree -r end -- tasks", tree, None),
        (f"git cat-file --batch ({len(blobs)} task blobs)", ["git", "cat-file", "--batch"], batch),
    ]
    rows: list[tuple[str, Timing | str]] = []
    for name, cmd, stdin in calls:
        rows.append((name, timed(cmd, repo.path, repeat, stdin=stdin)))
    return rows, facts


def r57_runs(
    national: Repo, small: Repo, repeat: int
) -> list[tuple[str, Repo, Timing | str, float]]:
    history = national.path / ".git" / "r57" / "history"

    def cold() -> None:
        shutil.rmtree(history, ignore_errors=True)

    def recompute() -> None:
        # Every cache stays warm except the finished outputs: the report is worked out
        # again from cached history, as after a new commit.
        for memo in (national.path / ".git" / "r57").rglob("output-*"):
            memo.unlink()

    def run(
        repo: Repo,
        args: list[str],
        before: Callable[[], None] | None = None,
        warm: bool | None = None,
    ) -> Timing | str:
        cmd = [R57, "report", *args]
        warm = before is None if warm is None else warm  # one untimed run fills the cache
        return timed(
            cmd, repo.path, repeat, env=repo.env, before=before, warm_up=warm, keep_output=False
        )

    week = ["--week", national.week]
    html = Path("/tmp/x.html")
    out: list[tuple[str, Repo, Timing | str, float]] = [
        (
            f"national: report --week {national.week}, cold",
            national,
            run(national, week, before=cold),
            2.5,
        ),
        (f"national: report --week {national.week}, warm", national, run(national, week), 0.5),
        (
            f"national: report --week {national.week}, warm, recomputed",
            national,
            run(national, week, before=recompute, warm=True),
            0.5,
        ),
        (
            "national: report --month --months 12, warm",
            national,
            run(national, ["--month", "--months", "12"]),
            1.5,
        ),
        (
            "national: report --month --months 12, warm, recomputed",
            national,
            run(national, ["--month", "--months", "12"], before=recompute, warm=True),
            1.5,
        ),
        (
            "reference: python -c 'import typer, rich, pydantic, yaml, git'",
            national,
            timed(
                [sys.executable, "-c", "import typer, rich, pydantic, yaml, git"],
                national.path,
                repeat,
            ),
            0.0,
        ),
    ]
    for args in (
        ["--week"],
        ["--month"],
        ["--week", "--format", "json"],
        ["--week", "--format", "html", "-o", str(html)],
    ):
        label = f"small: report {' '.join(args)}, warm"
        out.append((label, small, run(small, args), 0.4))
    return out


def show(value: Timing | str) -> str:
    return f"{value[0]:7.3f} {value[1]:7.3f}" if isinstance(value, tuple) else f"{'-':>7} {'-':>7}"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true", help="generate both repositories anew")
    parser.add_argument(
        "--code",
        default="",
        help="DIR1,DIR2: time the one-new-commit and warm cases of these r57 source trees "
        "side by side (benchmarks/bench_incremental.py), and nothing else",
    )
    parser.add_argument("--sizes", default="national,small", help="with --code: which repos")
    parser.add_argument("--bench", type=Path, default=BENCH, help="where the repos are built")
    args = parser.parse_args()
    n = args.repeat
    small = ensure_repo("small", args.rebuild, args.bench)
    national = ensure_repo("national", args.rebuild, args.bench)
    if args.code:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import bench_incremental

        codes = [Path(c).resolve() for c in args.code.split(",") if c]
        wanted = [s for s in args.sizes.split(",") if s]
        bench_incremental.run(codes, [(s, args.bench / s) for s in wanted], n)
        return 0

    floors: dict[str, float] = {}
    for repo in (national, small):
        rows, facts = floor(repo, n)
        info = repo.info
        print(
            f"\n{repo.name}: {info['tasks']} tasks, {info['units']} units, "
            f"{info['commits']} commits, .git {info['git_dir_mb']} MiB, "
            f"generated in {info['total_s']} s; best / median of {n} runs"
        )
        print("  " + "; ".join(f"{k} {v}" for k, v in facts.items() if k not in ("start", "end")))
        print(f"\n{'floor: ' + repo.name:60} {'best':>7} {'median':>7}")
        for name, value in rows:
            print(f"{name:60} {show(value)}" + ("" if isinstance(value, tuple) else f"  {value}"))
        total = sum(v[0] for _, v in rows if isinstance(v, tuple))
        floors[repo.name] = total
        print(f"{'the floor (sum of the best)':60} {total:7.3f}")
        if repo is national:
            whole = ["git", "log", f"--format={LOG_FORMAT}"]
            reference = timed(whole, repo.path, max(1, n // 2))
            print(f"{'(reference) whole-history git log --format=<trailers>':60} {show(reference)}")

    print(
        f"\nr57 runs: R57_TODAY={national.today} (national), {small.today} (small); "
        f"week {national.week}; output to /dev/null"
    )
    print(f"{'run':60} {'best':>7} {'median':>7} {'target':>7} {'x floor':>8}")
    for name, repo, value, target in r57_runs(national, small, n):
        if isinstance(value, tuple):
            ratio = value[0] / floors[repo.name]
            if not target:  # a reference figure, not a report run
                print(f"{name:60} {show(value)} {'':>7} {ratio:7.1f}x")
                continue
            mark = "" if value[0] <= target else "  over target"
            print(f"{name:60} {show(value)} {target:7.2f} {ratio:7.1f}x{mark}")
        else:
            print(f"{name:60} {show(value)} {target:7.2f} {'-':>8}  not available yet ({value})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
