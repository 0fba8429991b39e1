"""Benchmark `r57 import` (issue 19): a 10,000-row appendix into an empty plan (<= 10 s),
and a re-import of that appendix with 100 rows changed into the 10,000-task plan (<= 3 s).

    python benchmarks/bench_import.py [--rows 10000] [--changed 100] [--repeat 3]
                                      [--code OLD_DIR,NEW_DIR]

Makes the appendix with tools/make_appendix.py (plan286's tasks repeated, each title
numbered), an `r57 init` plan with plan286's units.yaml, then times `r57 import` as a
user runs it (a subprocess: start-up, reading the workbook, the rows, validation of the
whole plan, writing the files and the one commit), best and median of --repeat runs,
each into a fresh copy of the plan. The changed appendix is the same table with
--changed rows edited, evenly spread: half get a new title (matched by their STT), half
a new submission level (matched by their title). `--code` runs each case with each
source tree (its src/ first on PYTHONPATH), old and new side by side; code that cannot
re-import (before issue 19's re-import) refuses the changed table, and that is printed.
Shared machines are noisy.
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
from typing import Any

from tools.make_appendix import LEVELS, PLAN, write_appendix

from benchenv import bench_env

ENV = bench_env(R57_TODAY="2025-02-10")
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


def env_for(code: Path | None) -> dict[str, str]:
    if code is None:
        return ENV
    return {**ENV, "PYTHONPATH": os.pathsep.join([str(code / "src"), str(code)])}


def run(args: list[str], cwd: Path, env: dict[str, str] = ENV, check: bool = True) -> int:
    proc = subprocess.run(args, cwd=cwd, env=env, check=check, capture_output=True)
    return proc.returncode


def empty_plan(root: Path) -> None:
    run([*R57, "init", str(root), *INIT], root.parent)
    shutil.copyfile(PLAN / "units.yaml", root / "plan" / "units.yaml")
    run(["git", "commit", "-q", "-am", "units"], root)


def change_rows(n: int) -> Any:
    """An edit for write_appendix: n task rows changed, evenly spread."""
    other = {v: k for k, v in LEVELS.items()}

    def edit(rows: list[list[Any]]) -> None:
        tasks = [r for r in rows if len(r) > 2]
        step = max(1, len(tasks) // max(n, 1))
        for i, row in enumerate(tasks[::step][:n]):
            if i % 2 == 0:
                row[1] = f"{row[1]} (sửa đổi)"
            else:
                row[6] = "Chính phủ" if other.get(row[6]) != "government" else "Bộ trưởng"

    return edit


def timed(
    template: Path, target: Path, source: Path, env: dict[str, str], warm: bool = False
) -> tuple[float, int]:
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(template, target, symlinks=True)
    if warm:
        # The validation cache is keyed by the plan folder's path, so a copy starts cold;
        # the clone a coordinator re-imports in has run r57 before (untimed).
        run([*R57, "validate"], target, env, check=False)
    began = time.perf_counter()
    code = run([*R57, "import", str(source)], target, env, check=False)
    return time.perf_counter() - began, code


def show(label: str, times: list[float], codes: list[int], target: str) -> None:
    if any(codes):
        print(f"  {label}: refused (exit {max(codes)}) after {min(times):.2f} s")
        return
    best, median = min(times), statistics.median(times)
    print(f"  {label}: best {best:.2f} s, median {median:.2f} s (target <= {target})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--changed", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--code", help="OLD_DIR,NEW_DIR: source trees to compare")
    parser.add_argument("--skip-first", action="store_true", help="Only the re-import.")
    args = parser.parse_args()
    codes: list[Path | None] = [None]
    if args.code:
        codes = [Path(c).resolve() for c in args.code.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        source = base / "appendix.xlsx"
        rows = write_appendix(source, args.rows)
        changed = base / "appendix-v2.xlsx"
        write_appendix(changed, args.rows, edit=change_rows(args.changed))
        template = base / "empty"
        empty_plan(template)
        full = base / "full"  # the plan after the first import, by the newest code
        shutil.copytree(template, full, symlinks=True)
        run([*R57, "import", str(source)], full, env_for(codes[-1]))
        size = source.stat().st_size / 1024
        print(f"r57 import: {rows} rows ({size:.0f} KB .xlsx); re-import: {args.changed} changed")
        for code in codes:
            env = env_for(code)
            print(f"code: {code or 'PYTHONPATH'}")
            if not args.skip_first:
                runs = [timed(template, base / "run", source, env) for _ in range(args.repeat)]
                made = len(list((base / "run" / "plan" / "tasks").glob("*/*.yaml")))
                assert made == rows or any(c for _, c in runs), (made, rows)
                show("first import into an empty plan", [t for t, _ in runs],
                     [c for _, c in runs], "10 s")  # fmt: skip
            runs = [timed(full, base / "re", changed, env, True) for _ in range(args.repeat)]
            show(f"re-import, {args.changed} rows changed, into the {rows}-task plan",
                 [t for t, _ in runs], [c for _, c in runs], "3 s")  # fmt: skip


if __name__ == "__main__":
    main()
