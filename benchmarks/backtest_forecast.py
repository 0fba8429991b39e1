"""Back-test r57's forecast: for every task that finished, what did the report say four
weeks before it finished?

    python benchmarks/backtest_forecast.py --repo .demo [--r57 .venv/bin/r57] [--weeks-before 4]

Reads the repository's history through r57's own JSON reports (nothing private): the
latest weekly report lists each task's completion date; then, for every week of the
history, the weekly report gives each open task's forecast and range as of that week's
last day. For each finished task, the report of the last week ending at least
--weeks-before weeks before it finished is the one judged. It prints, for the forecasts
made from the task's own speed and for those from the plan, how many there were, the
median and mean error in days (actual minus forecast: positive means it finished later
than forecast), the share within 14 days, and how often the actual day fell inside the
forecast's range; and how many finished tasks had no date then, by reason. R57_TODAY is
the day of the last commit, as in compare.py.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any


def report(r57: str, repo: Path, env: dict[str, str], *args: str) -> dict[str, Any]:
    done = subprocess.run(
        [r57, "report", *args, "--format", "json", "--lang", "en"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"r57 report {' '.join(args)} failed: {done.stderr.strip()}")
    found: dict[str, Any] = json.loads(done.stdout)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repo", type=Path, required=True)
    parser.add_argument("--r57", default=str(Path(sys.executable).parent / "r57"))
    parser.add_argument("--weeks-before", type=int, default=4)
    args = parser.parse_args()
    repo = args.repo.resolve()
    last = subprocess.run(
        ["git", "log", "-1", "--format=%cs"], cwd=repo, capture_output=True, text=True, check=True
    ).stdout.strip()
    first = subprocess.run(
        ["git", "log", "--reverse", "--format=%cs"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n", 1)[0]
    env = {**os.environ, "R57_TODAY": last}
    final = report(args.r57, repo, env, "--week")
    finished = {
        t["id"]: date.fromisoformat(t["completed"])
        for t in final["tasks"]
        if t["progress_status"] == "done" and t["completed"]
    }
    # Every ISO week from the first commit's to the last one's.
    day = date.fromisoformat(first)
    weeks: list[tuple[date, dict[str, Any]]] = []
    end = date.fromisoformat(last)
    while day <= end:
        year, week, _ = day.isocalendar()
        doc = report(args.r57, repo, env, "--week", f"{year}-W{week:02d}")
        ref = date.fromisoformat(doc["period"]["reference_day"])
        weeks.append((ref, {t["id"]: t for t in doc["tasks"]}))
        day += timedelta(days=7)
    errors: dict[str, list[int]] = {"speed": [], "plan": []}
    inside: Counter[str] = Counter()
    no_date: Counter[str] = Counter()
    judged = 0
    for task_id, completed in sorted(finished.items()):
        cutoff = completed - timedelta(weeks=args.weeks_before)
        before = [(ref, rows) for ref, rows in weeks if ref <= cutoff and task_id in rows]
        if not before:
            continue
        row = before[-1][1][task_id]
        if row["progress_status"] in ("done", "cancelled"):
            continue  # already done (an earlier completion, since reopened)
        judged += 1
        if not row["forecast"]:
            no_date[row.get("forecast_reason") or "none"] += 1
            continue
        method = row.get("forecast_method", "speed")  # r57 before the range: speed only
        errors[method].append((completed - date.fromisoformat(row["forecast"])).days)
        low, high = row.get("forecast_low"), row.get("forecast_high")
        if low and high and low <= completed.isoformat() <= high:
            inside[method] += 1
    print(f"repository {repo}, {len(weeks)} weekly reports, R57_TODAY={last}")
    print(f"finished tasks judged {args.weeks_before} weeks before they finished: {judged}")
    print("| forecast from | tasks | median error (d) | mean error (d) | within 14 d | in range |")
    print("|---|--:|--:|--:|--:|--:|")
    for method, found in errors.items():
        if not found:
            print(f"| {method} | 0 | | | | |")
            continue
        near = sum(1 for e in found if abs(e) <= 14) / len(found)
        print(
            f"| {method} | {len(found)} | {statistics.median(found):+.0f} | "
            f"{statistics.fmean(found):+.1f} | {near:.0%} | {inside[method] / len(found):.0%} |"
        )
    print("no date then: " + (", ".join(f"{k} {v}" for k, v in no_date.most_common()) or "none"))


if __name__ == "__main__":
    main()
