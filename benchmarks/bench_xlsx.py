"""Benchmark `r57 report --format xlsx` against `--format json` on the national week.

    python benchmarks/bench_xlsx.py [--repeat 5] [--repo .bench/national]

The repository is benchmarks/genhistory.py's national one (10,000 tasks, 40 units,
200,000 commits; `python benchmarks/bench_report.py` builds it). It is cloned with
`git clone --local` into a temporary folder, so the original and its cache are never
written. Runs have cwd = the clone, R57_TODAY = 2026-11-27 (the history's last day) and
the report's history cache warm (one untimed run first). Each format is timed, in turns,
two ways:

- "new commit": the finished-report cache (output-*) removed before each run, as on the
  first run after a new commit: the week is rebuilt from the warm history cache and
  rendered;
- "rerun": the finished report kept, as on a second run on the same commit.

and, in-process, the renderer alone on the same JSON document: report_json.dumps against
report_xlsx.render_xlsx. Target (issue 16): xlsx <= json + 1.5 s. Shared machines are
noisy: each figure is the best (and median) of --repeat runs; compare within one run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TODAY = "2026-11-27"
ENV = {
    **os.environ,
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "R57_TODAY": TODAY,
    "R57_LANG": "vi",
}


def run(clone: Path, fmt: str, out: Path) -> float:
    cmd = [sys.executable, "-m", "r57cli", "report", "--week", "--format", fmt, "-o", str(out)]
    start = time.perf_counter()
    subprocess.run(cmd, cwd=clone, env=ENV, check=True, capture_output=True)
    return time.perf_counter() - start


def drop_outputs(clone: Path) -> None:
    for path in (clone / ".git" / "r57").rglob("output-*"):
        path.unlink()


def show(label: str, times: list[float]) -> str:
    return f"{label:<34} best {min(times):6.2f} s   median {statistics.median(times):6.2f} s"


def in_process(
    doc_path: Path, repeat: int, fmt: str = "xlsx", render: Callable[[Any], object] | None = None
) -> dict[str, list[float]]:
    """The renderer alone beside JSON's, on the document the CLI wrote (bench_docx.py too)."""
    from r57cli.locale.texts import set_language
    from r57cli.render.report_json import dumps

    if render is None:
        from r57cli.render.report_xlsx import render_xlsx

        render = render_xlsx
    doc = json.loads(doc_path.read_text(encoding="utf-8"))
    set_language(doc["language"], doc["language"])
    times: dict[str, list[float]] = {"json": [], fmt: []}
    for _ in range(repeat):
        start = time.perf_counter()
        dumps(doc)
        times["json"].append(time.perf_counter() - start)
        start = time.perf_counter()
        render(doc)
        times[fmt].append(time.perf_counter() - start)
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--repo", type=Path, default=ROOT / ".bench" / "national")
    args = ap.parse_args()
    if not (args.repo / ".git").exists():
        sys.exit(f"{args.repo}: no repository; `python benchmarks/bench_report.py` builds it")
    with tempfile.TemporaryDirectory(prefix="r57-bench-xlsx-") as tmp:
        clone = Path(tmp) / "national"
        subprocess.run(
            ["git", "clone", "-q", "--local", str(args.repo), str(clone)], env=ENV, check=True
        )
        out = {fmt: Path(tmp) / f"week.{fmt}" for fmt in ("json", "xlsx")}
        for fmt in out:
            run(clone, fmt, out[fmt])  # warms the history cache; untimed
        fresh: dict[str, list[float]] = {"json": [], "xlsx": []}
        rerun: dict[str, list[float]] = {"json": [], "xlsx": []}
        for _ in range(args.repeat):
            for fmt in out:
                drop_outputs(clone)
                fresh[fmt].append(run(clone, fmt, out[fmt]))
                rerun[fmt].append(run(clone, fmt, out[fmt]))
        alone = in_process(out["json"], args.repeat)
        size = out["xlsx"].stat().st_size
        shutil.rmtree(clone / ".git" / "r57", ignore_errors=True)
    print(f"national week, R57_TODAY={TODAY}, best and median of {args.repeat}:")
    for fmt in out:
        print(show(f"{fmt}, new commit (history warm)", fresh[fmt]))
    for fmt in out:
        print(show(f"{fmt}, rerun (report cached)", rerun[fmt]))
    for fmt in out:
        print(show(f"{fmt} renderer alone, in-process", alone[fmt]))
    gap = min(fresh["xlsx"]) - min(fresh["json"])
    gap_median = statistics.median(fresh["xlsx"]) - statistics.median(fresh["json"])
    verdict = "ok" if gap <= 1.5 else "OVER"
    print(f"xlsx - json, new commit: best {gap:+.2f} s, median {gap_median:+.2f} s")
    print(f"target <= +1.50 s: {verdict}; workbook {size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
