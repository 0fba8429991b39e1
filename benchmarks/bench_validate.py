"""Benchmark `r57 validate` on a generated national-size plan (issue 2's speed targets).

    python benchmarks/bench_validate.py [--tasks 10000] [--units 40] [--repeat 5]

Prints, from one run on one machine: Python's bare start-up, `r57 validate` cold (no cache)
and warm (nothing changed), warm after one file changed, and per-file parser costs. Targets:
cold <= 2 s, warm <= 0.5 s for 10,000 tasks and 40 units. Compare ratios, not absolutes:
shared machines are noisy, so each figure is the best of --repeat runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from r57cli.demo.genplan import generate
from r57cli.validate.cache import cache_path, summary_path


def wall(
    cmd: list[str], cwd: Path, repeat: int, before: Callable[[], None] | None = None
) -> tuple[float, float]:
    """Best and median wall time of `cmd`, running `before` untimed ahead of each run."""
    times = []
    for _ in range(repeat):
        if before:
            before()
        start = time.perf_counter()
        proc = subprocess.run(cmd, cwd=cwd, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
        if proc.returncode not in (0, 1):
            sys.exit(f"{' '.join(cmd)} failed: {proc.stderr.decode()}")
    return min(times), statistics.median(times)


def per_file_costs(sample: Path, n: int = 2000) -> list[tuple[str, float]]:
    import yaml
    from ruamel.yaml import YAML

    from r57cli.plan.model import Task
    from r57cli.plan.planfile import load

    raw = sample.read_bytes()
    text = raw.decode()
    rt = YAML(typ="rt")
    data = load("x", raw).data

    cases: list[tuple[str, Callable[[], object]]] = [
        ("ruamel.yaml round-trip load", lambda: rt.load(text)),
        ("PyYAML CSafeLoader load", lambda: yaml.load(text, Loader=yaml.CSafeLoader)),
        ("r57 loader (values, positions, safety checks)", lambda: load("x", raw)),
        ("pydantic Task validation", lambda: Task.model_validate(data)),
    ]
    out = []
    for name, fn in cases:
        fn()
        count = n // 10 if "ruamel" in name else n
        start = time.perf_counter()
        for _ in range(count):
            fn()
        out.append((name, (time.perf_counter() - start) / count * 1000))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--units", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the generated repository")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="r57-bench-"))
    repo = work / "repo"
    plan = repo / "plan"
    generate(plan, tasks=args.tasks, units=args.units, seed=args.seed)
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "b",
        "GIT_AUTHOR_EMAIL": "b@example.invalid",
        "GIT_COMMITTER_NAME": "b",
        "GIT_COMMITTER_EMAIL": "b@example.invalid",
    }
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    subprocess.run(["git", "commit", "-qm", "plan"], cwd=repo, check=True, env=env)

    r57 = [sys.executable, "-m", "r57cli", "validate", "--plan", str(plan), "--format", "json"]
    cache = cache_path(plan)

    def drop_cache() -> None:
        cache.unlink(missing_ok=True)
        summary_path(cache).unlink(missing_ok=True)

    sample = sorted((plan / "tasks").glob("*/*.yaml"))[1]
    original = sample.read_bytes()
    flip = [0]

    def touch_one() -> None:
        flip[0] += 1
        sample.write_bytes(original + f"# edit {flip[0]}\n".encode())

    rows = [
        ("python -c pass (bare start-up)", wall([sys.executable, "-c", "pass"], repo, args.repeat)),
        (
            "r57 --version (CLI start-up)",
            wall([sys.executable, "-m", "r57cli", "--version"], repo, args.repeat),
        ),
        ("r57 validate, cold (no cache)", wall(r57, repo, args.repeat, drop_cache)),
        (
            "r57 validate, cold, one process (-j1)",
            wall([*r57, "-j", "1"], repo, args.repeat, drop_cache),
        ),
        ("r57 validate, warm (nothing changed)", wall(r57, repo, args.repeat)),
        ("r57 validate, warm, one file changed", wall(r57, repo, args.repeat, touch_one)),
    ]
    sample.write_bytes(original)
    print(
        f"plan: {args.tasks} tasks, {args.units} units, seed {args.seed}; "
        f"{os.cpu_count()} CPUs; Python {sys.version.split()[0]}; best of {args.repeat}\n"
    )
    print("| run | best (s) | median (s) |\n|---|--:|--:|")
    for name, (best, median) in rows:
        print(f"| {name} | {best:.3f} | {median:.3f} |")
    print("\nTargets: cold <= 2.000 s, warm <= 0.500 s.\n")
    print("| per task file | ms |\n|---|--:|")
    for name, ms in per_file_costs(sample):
        print(f"| {name} | {ms:.3f} |")
    if args.keep:
        print(f"\nkept {work}")
    else:
        shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
