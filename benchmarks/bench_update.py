"""Benchmark `r57 update` and help start-up on a generated national-size plan (issue 3).

    python benchmarks/bench_update.py [--tasks 10000] [--units 40] [--repeat 7]

Prints, from one run on one machine: Python's bare start-up, the import cost of the heavy
libraries, `r57 --help` and `r57 update --help` (target <= 0.25 s), one `r57 update` with
the full re-validation (target <= 0.5 s), the same when the stored report of HEAD is
missing (the full, slower path), and the parts: the in-place edit, `git commit --only`, and
GitPython's index.add + index.commit for comparison. Shared machines are noisy: compare the
ratios within one run; each figure is the best (and median) of --repeat runs.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchenv import bench_env
from r57cli.demo.genplan import generate
from r57cli.validate.cache import cache_path, summary_path

ENV = bench_env(R57_TODAY="2026-11-22")


def timed(
    cmd: list[str], cwd: Path, repeat: int, before: Callable[[int], list[str] | None] | None = None
) -> tuple[float, float]:
    """Best and median wall time; `before(i)` may return the command for run i."""
    times = []
    for i in range(repeat):
        run_cmd = (before(i) if before else None) or cmd
        start = time.perf_counter()
        proc = subprocess.run(run_cmd, cwd=cwd, capture_output=True, env=ENV, check=False)
        times.append(time.perf_counter() - start)
        if proc.returncode != 0:
            sys.exit(f"{' '.join(run_cmd)} failed ({proc.returncode}): {proc.stderr.decode()}")
    return min(times), statistics.median(times)


def in_progress_tasks(plan: Path, n: int) -> list[tuple[str, int]]:
    """Tasks in progress below 90%, with their percentage: each can go up by one."""
    out = []
    for path in sorted((plan / "tasks").rglob("T-*.yaml")):
        text = path.read_text(encoding="utf-8")
        pct = re.search(r"^  pct: (\d+)$", text, re.M)
        if "status: in_progress" in text and pct and int(pct[1]) < 90:
            out.append((path.stem, int(pct[1])))
            if len(out) == n:
                break
    return out


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--units", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    r57 = [str(Path(sys.executable).with_name("r57"))]
    py = sys.executable
    work = Path(tempfile.mkdtemp(prefix="r57-bench-update-"))
    try:
        plan = work / "plan"
        generate(plan, tasks=args.tasks, units=args.units, seed=args.seed)
        for cmd in (["init", "-q", "-b", "main"], ["add", "."], ["commit", "-q", "-m", "plan"]):
            subprocess.run(["git", *cmd], cwd=work, env=ENV, check=True)
        subprocess.run([*r57, "validate"], cwd=work, env=ENV, capture_output=True, check=True)
        n = args.repeat
        tasks = in_progress_tasks(plan, 2 * n + 2)
        if len(tasks) < 2 * n + 2:
            sys.exit("not enough tasks in progress in the generated plan")

        rows: list[tuple[str, tuple[float, float]]] = []
        rows.append(("python -c pass (bare start-up)", timed([py, "-c", "pass"], work, n)))
        heavy = "import typer, rich, pydantic, ruamel.yaml, git"
        rows.append((heavy, timed([py, "-c", heavy], work, n)))
        rows.append(("r57 --help  (target <= 0.25 s)", timed([*r57, "--help"], work, n)))
        rows.append(
            ("r57 update --help  (target <= 0.25 s)", timed([*r57, "update", "--help"], work, n))
        )

        fast = iter(tasks[:n])
        rows.append(
            (
                "r57 update T --pct N, full re-validation  (target <= 0.5 s)",
                timed(r57, work, n, lambda i: _update(r57, next(fast))),
            )
        )
        slow = iter(tasks[n : 2 * n])

        def without_report(i: int) -> list[str]:
            summary_path(cache_path(plan)).unlink(missing_ok=True)
            return _update(r57, next(slow))

        rows.append(
            (
                "r57 update, HEAD's stored report missing (full path)",
                timed(r57, work, n, without_report),
            )
        )
        rows.append(("r57 validate after the updates", timed([*r57, "validate"], work, n)))
        print(f"plan: {args.tasks} tasks, {args.units} units; best / median of {n} runs\n")
        print(f"{'':60} {'best':>7} {'median':>7}")
        for name, (best, median) in rows:
            print(f"{name:60} {best:7.3f} {median:7.3f}")
        print()
        for name, ms in parts(work, plan, tasks[2 * n :]):
            print(f"{name:60} {ms:7.1f} ms")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _update(r57: list[str], task: tuple[str, int]) -> list[str]:
    return [*r57, "update", task[0], "--pct", str(task[1] + 1)]


def parts(work: Path, plan: Path, spare: list[tuple[str, int]]) -> list[tuple[str, float]]:
    """The pieces of one update, timed in-process on the same repository."""
    from r57cli.plan.planfile import load
    from r57cli.record.yamledit import YamlEditor

    (task_id, pct), (other_id, other_pct) = spare[0], spare[1]
    path = next((plan / "tasks").rglob(f"{task_id}.yaml"))
    raw = path.read_bytes()
    data = load("x", raw).data
    start = time.perf_counter()
    for _ in range(100):
        ed = YamlEditor(raw.decode(), data)
        ed.set(("progress", "pct"), pct + 1)
        new = ed.result()
    edit_ms = (time.perf_counter() - start) * 10
    rel = path.relative_to(work).as_posix()
    path.write_text(new, encoding="utf-8")
    start = time.perf_counter()
    subprocess.run(
        ["git", "commit", "-q", "--only", "-m", "bench", "--", rel], cwd=work, env=ENV, check=True
    )
    commit_ms = (time.perf_counter() - start) * 1000
    out = [
        ("in-place YAML edit, proved by re-reading", edit_ms),
        ("git commit --only -m ... -- path", commit_ms),
    ]
    try:
        import git
    except ImportError:
        return out
    other = next((plan / "tasks").rglob(f"{other_id}.yaml"))
    text = other.read_text(encoding="utf-8").replace(
        f"pct: {other_pct}\n", f"pct: {other_pct + 1}\n"
    )
    other.write_text(text, encoding="utf-8")
    os.environ.update({k: v for k, v in ENV.items() if k.startswith("GIT_")})
    with git.Repo(work) as repo:
        start = time.perf_counter()
        repo.index.add([other.relative_to(work).as_posix()])
        repo.index.commit("bench")
        out.append(("GitPython index.add + index.commit", (time.perf_counter() - start) * 1000))
    return out


if __name__ == "__main__":
    raise SystemExit(main())
