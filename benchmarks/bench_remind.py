"""Benchmark `r57 remind` on the national history (10,000 tasks, 200,000 commits).

    python benchmarks/bench_remind.py [--repeat 5] [--repo PATH]

The national repository that benchmarks/genhistory.py builds (.bench/national, see
bench_report.py) is never written to: the runs happen in a `git clone --local` of it
(hard links, seconds), made at --repo (default: $TMPDIR/r57-bench-remind-national) when
missing. R57_TODAY is 2026-11-27, the history's last day, so the current week is its last.

Prints the best and the median of --repeat runs, each a fresh process with its output sent
to /dev/null, of:

- cold: <clone>/.git/r57 deleted before each run (no history cache, no kept output);
- warm: the same command again (the reminders kept from the last run);
- warm, recomputed: the history cache kept, the kept reminders deleted (what a new commit
  costs: the week is worked out again);
- warm, --format eml -o DIR: one .eml file per person.

Target: warm <= 1 s (issue 15).
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

ROOT = Path(__file__).resolve().parents[1]
NATIONAL = ROOT / ".bench" / "national"
TODAY = "2026-11-27"


def _env() -> dict[str, str]:
    return {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "R57_LANG": "en",
        "R57_TODAY": TODAY,
        # --format eml writes From: from the git identity when r57.smtp.from is not set.
        "GIT_AUTHOR_NAME": "Văn phòng Bộ",
        "GIT_AUTHOR_EMAIL": "vanphong@mic.example.gov.vn",
        "PYTHONPATH": str(ROOT / "src"),
    }


def _clone(target: Path) -> None:
    if (target / ".git").is_dir():
        return
    if not (NATIONAL / ".git").is_dir():
        sys.exit(f"{NATIONAL} is missing: run benchmarks/bench_report.py once to build it")
    subprocess.run(["git", "clone", "-q", "--local", str(NATIONAL), str(target)], check=True)


def _time(args: list[str], cwd: Path, before: Callable[[], None], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        before()
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "r57cli", *args],
            cwd=cwd,
            env=_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        out.append(time.perf_counter() - start)
        if proc.returncode != 0:
            sys.exit(f"r57 {' '.join(args)} failed: {proc.stderr.strip()[:300]}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--repo", type=Path, default=Path(tempfile.gettempdir()) / "r57-bench-remind-national"
    )
    args = parser.parse_args()
    repo = args.repo.resolve()
    _clone(repo)
    cache = repo / ".git" / "r57"
    history = cache / "history"
    outbox = Path(tempfile.mkdtemp(prefix="r57-remind-eml-"))

    def cold() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    def nothing() -> None:
        pass

    def recompute() -> None:
        for kept in history.glob("plan-*/output-*"):
            kept.unlink()

    rows = [
        ("remind, cold", ["remind"], cold),
        ("remind, warm", ["remind"], nothing),
        ("remind, warm, recomputed", ["remind"], recompute),
        (
            "remind --format eml -o DIR, warm",
            ["remind", "--format", "eml", "-o", str(outbox)],
            nothing,
        ),
    ]
    _time(["remind"], repo, nothing, 1)  # fills the caches the warm rows rely on
    print(f"r57 remind on {repo} (R57_TODAY={TODAY}), {args.repeat} runs each")
    print(f"{'what':40} {'best s':>8} {'median s':>9}")
    for name, argv, before in rows:
        if name.endswith("eml -o DIR, warm"):
            _time(argv, repo, nothing, 1)
        times = _time(argv, repo, before, args.repeat)
        print(f"{name:40} {min(times):8.3f} {statistics.median(times):9.3f}")
    print(f"({len(list(outbox.iterdir()))} .eml files in {outbox})")
    shutil.rmtree(outbox, ignore_errors=True)


if __name__ == "__main__":
    main()
