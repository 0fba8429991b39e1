"""Benchmark `r57 import` of a 10,000-row appendix into an empty plan (issue 19: <= 10 s).

    python benchmarks/bench_import.py [--rows 10000] [--repeat 3]

Makes the appendix with tools/make_appendix.py (plan286's tasks repeated, each title
numbered), an `r57 init` plan with plan286's units.yaml, then times `r57 import` as a
user runs it (a subprocess: start-up, reading the workbook, the rows, validation of the
whole plan, writing 10,000 files and the one commit), best and median of --repeat runs,
each into a fresh copy of the empty plan. Shared machines are noisy.
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
from pathlib import Path

from tools.make_appendix import PLAN, write_appendix

ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.gov.vn",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.gov.vn",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "R57_TODAY": "2025-02-10",
    "R57_LANG": "en",
}
# The subprocesses run in other folders: a relative PYTHONPATH (src:.) must still find r57.
ENV["PYTHONPATH"] = os.pathsep.join(
    str(Path(p).resolve()) for p in ENV.get("PYTHONPATH", "").split(os.pathsep) if p
)
R57 = [sys.executable, "-m", "r57cli"]
INIT = [
    "--number", "286", "--title-vi", "Kế hoạch 286", "--title-en", "Plan 286",
    "--body-vi", "Bộ", "--body-en", "Ministry", "--basis", "57-NQ/TW", "--unit", "mic",
    "--unit-vi", "Lãnh đạo Bộ", "--unit-en", "Ministry", "--person", "ha.minh.quan",
    "--person-name", "Hà Minh Quân", "--email", "quan.hm@mic.example.gov.vn",
]  # fmt: skip


def run(args: list[str], cwd: Path) -> None:
    subprocess.run(args, cwd=cwd, env=ENV, check=True, capture_output=True)


def empty_plan(root: Path) -> None:
    run([*R57, "init", str(root), *INIT], root.parent)
    shutil.copyfile(PLAN / "units.yaml", root / "plan" / "units.yaml")
    run(["git", "commit", "-q", "-am", "units"], root)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        source = base / "appendix.xlsx"
        rows = write_appendix(source, args.rows)
        template = base / "empty"
        empty_plan(template)
        times = []
        for n in range(args.repeat):
            target = base / f"run{n}"
            shutil.copytree(template, target, symlinks=True)
            began = time.perf_counter()
            run([*R57, "import", str(source)], target)
            times.append(time.perf_counter() - began)
            made = len(list((target / "plan" / "tasks").glob("*/*.yaml")))
            assert made == rows, (made, rows)
        size = source.stat().st_size / 1024
        print(f"r57 import: {rows} rows ({size:.0f} KB .xlsx) into an empty plan")
        print(
            f"  best {min(times):.2f} s, median {statistics.median(times):.2f} s (target <= 10 s)"
        )


if __name__ == "__main__":
    main()
