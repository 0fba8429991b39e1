"""Benchmark `r57 report --format docx` against `--format json` on the national week.

    python benchmarks/bench_docx.py [--repeat 5] [--repo .bench/national]

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
report_docx.render_docx. Target (issue 16): docx <= json + 1.5 s. The PDF (LibreOffice
converting that DOCX) is timed once, apart: it is another program's start and layout.
Shared machines are noisy: each figure is the best (and median) of --repeat runs; compare
within one run.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

# The same runs as the workbook's benchmark, another renderer.
from bench_xlsx import ENV, ROOT, TODAY, drop_outputs, in_process, run, show


def pdf_once(clone: Path, out: Path) -> str:
    """One PDF of the week (history warm, report not cached), when LibreOffice is here."""
    from r57cli.commands.reportpdf import find_soffice

    if find_soffice()[0] is None:
        return "pdf: skipped (no LibreOffice)"
    drop_outputs(clone)
    took = run(clone, "pdf", out)
    data = out.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    size = len(data) / 1e6
    return f"{'pdf, new commit (one run)':<34} {took:6.2f} s; {pages} pages, {size:.2f} MB"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--repo", type=Path, default=ROOT / ".bench" / "national")
    args = ap.parse_args()
    if not (args.repo / ".git").exists():
        sys.exit(f"{args.repo}: no repository; `python benchmarks/bench_report.py` builds it")
    with tempfile.TemporaryDirectory(prefix="r57-bench-docx-") as tmp:
        clone = Path(tmp) / "national"
        subprocess.run(
            ["git", "clone", "-q", "--local", str(args.repo), str(clone)], env=ENV, check=True
        )
        out = {fmt: Path(tmp) / f"week.{fmt}" for fmt in ("json", "docx")}
        for fmt in out:
            run(clone, fmt, out[fmt])  # warms the history cache; untimed
        fresh: dict[str, list[float]] = {"json": [], "docx": []}
        rerun: dict[str, list[float]] = {"json": [], "docx": []}
        for _ in range(args.repeat):
            for fmt in out:
                drop_outputs(clone)
                fresh[fmt].append(run(clone, fmt, out[fmt]))
                rerun[fmt].append(run(clone, fmt, out[fmt]))
        from r57cli.render.report_docx import render_docx

        alone = in_process(out["json"], args.repeat, "docx", render_docx)
        size = out["docx"].stat().st_size
        pdf = pdf_once(clone, Path(tmp) / "week.pdf")
        shutil.rmtree(clone / ".git" / "r57", ignore_errors=True)
    print(f"national week, R57_TODAY={TODAY}, best and median of {args.repeat}:")
    for fmt in out:
        print(show(f"{fmt}, new commit (history warm)", fresh[fmt]))
    for fmt in out:
        print(show(f"{fmt}, rerun (report cached)", rerun[fmt]))
    for fmt in out:
        print(show(f"{fmt} renderer alone, in-process", alone[fmt]))
    gap = min(fresh["docx"]) - min(fresh["json"])
    gap_median = statistics.median(fresh["docx"]) - statistics.median(fresh["json"])
    verdict = "ok" if gap <= 1.5 else "OVER"
    print(f"docx - json, new commit: best {gap:+.2f} s, median {gap_median:+.2f} s")
    print(f"target <= +1.50 s: {verdict}; document {size / 1e6:.2f} MB")
    print(pdf)


if __name__ == "__main__":
    main()
