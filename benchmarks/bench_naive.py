"""A naive reference for `r57 report --week`: the week's figures worked out the obvious way,
to say how much r57's history engine saves (issue 17).

    python benchmarks/bench_naive.py --repo .bench/small [--check week.json]
    python benchmarks/bench_naive.py --repo .bench/national --sample 2000

The naive way: walk every first-parent commit from the first with GitPython, oldest first,
diff each against its parent, parse every task file it changed with ruamel.yaml (the
round-trip loader a script would use), and keep the plan state as of the week's start (the
last commit that landed before Monday 00:00 +07:00) and its end (the last commit by the
week's end or R57_TODAY, whichever is earlier). Figures, as r57 computes them: tasks, the
average % at the start (tasks that existed then) and at the end (cancelled tasks left out),
tasks done, tasks whose file changed in the week, and each unit's task count and average %.
--check compares them with r57's `--format json` document of the same week. --code DIR
then times r57 (DIR/src first on PYTHONPATH) on the same week in the same run, on a `git
clone --local` of the repository: cold (its cache removed before each run) and warm, best
of --repeat, and prints the speed-up.

With --sample N the walk is not run to the end: the first commit (the whole plan) is
parsed, then N commits spread evenly over the history are diffed and parsed, and the time
of the whole walk is extrapolated as first commit + listing + (N's mean) x the other
commits. Every commit costs about the same here (one `git diff-tree` by GitPython, then one
or a few small files parsed), so the estimate is close; the figures are then not printed.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

TZ = timezone(timedelta(hours=7))


def parse(yaml: Any, data: bytes) -> dict[str, Any] | None:
    try:
        found = yaml.load(io.BytesIO(data))
    except Exception:  # a broken file counts as absent, as a careful script would do
        return None
    return found if isinstance(found, dict) and "id" in found else None


def apply(yaml: Any, commit: Any, state: dict[str, dict[str, Any]]) -> set[str]:
    """The task files `commit` changed against its first parent, parsed into `state`; their
    paths."""
    if commit.parents:
        changes = commit.parents[0].diff(commit, paths="tasks")
    else:
        from git import NULL_TREE

        changes = commit.diff(NULL_TREE, paths="tasks")  # the first commit adds every file
    paths = set()
    for change in changes:
        paths.add(change.b_path or change.a_path or "")
        if change.a_path and change.a_path in state and change.deleted_file:
            del state[change.a_path]
        if change.b_blob is not None and not change.deleted_file:
            path = change.b_path or ""
            if path.endswith(".yaml"):
                task = parse(yaml, change.b_blob.data_stream.read())
                if task is None:
                    state.pop(path, None)
                else:
                    state[path] = task
        if change.renamed_file and change.a_path:
            state.pop(change.a_path, None)
    return paths


def figures(
    start: dict[str, dict[str, Any]], end: dict[str, dict[str, Any]], changed: set[str]
) -> dict[str, Any]:
    def pct(task: dict[str, Any]) -> int:
        return int((task.get("progress") or {}).get("pct", 0))

    def status(task: dict[str, Any]) -> str:
        return str((task.get("progress") or {}).get("status", "not_started"))

    def mean(values: list[int]) -> float:
        return round(sum(values) / len(values), 1) if values else 0.0

    at_start = {str(t["id"]): t for t in start.values()}
    tasks = {str(t["id"]): t for t in end.values()}
    counted = [i for i, t in tasks.items() if status(t) != "cancelled"]

    def live(ids: list[str]) -> list[int]:
        return [pct(tasks[i]) for i in ids if status(tasks[i]) != "cancelled"]

    units: dict[str, list[str]] = {}
    for i, t in tasks.items():
        units.setdefault(str(t["unit"]), []).append(i)
    return {
        "tasks": len(tasks),
        "avg_pct_start": mean([pct(at_start[i]) for i in counted if i in at_start]),
        "avg_pct_end": mean([pct(tasks[i]) for i in counted]),
        "done": sum(1 for i in counted if status(tasks[i]) == "done"),
        "changed_in_week": len({str(end[p]["id"]) for p in changed if p in end}),
        "units": {
            u: {
                "tasks": len(ids),
                "avg_pct_end": mean(live(ids)),
            }
            for u, ids in sorted(units.items())
        },
    }


def check(found: dict[str, Any], path: Path) -> list[str]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    wrong = []
    for key in ("tasks", "avg_pct_start", "avg_pct_end", "done"):
        if found[key] != doc["totals"][key]:
            wrong.append(f"{key}: naive {found[key]}, r57 {doc['totals'][key]}")
    for unit in doc["units"]:
        mine = found["units"].get(unit["id"])
        theirs = {"tasks": unit["tasks"], "avg_pct_end": unit["avg_pct_end"]}
        if mine != theirs:
            wrong.append(f"unit {unit['id']}: naive {mine}, r57 {theirs}")
    return wrong


def time_r57(code: Path, repo: Path, today: str, repeat: int) -> tuple[float, float]:
    """Best seconds of `r57 report --week`, cold and warm, on a clone of `repo`."""
    import shutil
    import subprocess
    import tempfile

    env = {**os.environ, "PYTHONPATH": f"{code / 'src'}:{code}", "R57_LANG": "en"}
    env.update({"R57_TODAY": today, "GIT_CONFIG_GLOBAL": os.devnull})
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    cmd = [sys.executable, "-m", "r57cli", "report", "--week"]
    with tempfile.TemporaryDirectory() as tmp:
        clone = Path(tmp) / "repo"
        subprocess.run(["git", "clone", "-q", "--local", str(repo), str(clone)], check=True)
        best = {"cold": 1e9, "warm": 1e9}
        for kind in ("cold", "warm"):
            for _ in range(repeat):
                if kind == "cold":
                    shutil.rmtree(clone / ".git" / "r57", ignore_errors=True)
                began = time.perf_counter()
                subprocess.run(cmd, cwd=clone, env=env, stdout=subprocess.DEVNULL, check=True)
                best[kind] = min(best[kind], time.perf_counter() - began)
    return best["cold"], best["warm"]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repo", type=Path, required=True)
    parser.add_argument("--today", default=os.environ.get("R57_TODAY", ""))
    parser.add_argument("--sample", type=int, default=0, help="extrapolate from N commits")
    parser.add_argument("--check", type=Path, help="r57's JSON report of the same week")
    parser.add_argument("--code", type=Path, help="an r57 source tree to time beside it")
    parser.add_argument("--repeat", type=int, default=3, help="r57 runs of each kind")
    args = parser.parse_args()

    t0 = time.perf_counter()
    import git
    from ruamel.yaml import YAML

    yaml = YAML()  # round-trip, as a script that may write the file back would use
    repo = git.Repo(args.repo)
    commits = list(repo.iter_commits("HEAD", first_parent=True, reverse=True))
    listed = time.perf_counter() - t0
    last = datetime.fromtimestamp(commits[-1].committed_date, TZ).date()
    today = date.fromisoformat(args.today) if args.today else last
    monday = datetime(today.year, today.month, today.day, tzinfo=TZ) - timedelta(
        days=today.weekday()
    )
    start_ts = monday.timestamp()
    end_ts = (monday + timedelta(days=today.weekday() + 1)).timestamp()  # today's end
    print(f"{args.repo}: {len(commits)} first-parent commits, listed in {listed:.2f} s")

    state: dict[str, dict[str, Any]] = {}
    t1 = time.perf_counter()
    apply(yaml, commits[0], state)
    first = time.perf_counter() - t1
    print(f"first commit: {len(state)} task files parsed in {first:.2f} s")
    if args.sample:
        step = max(1, (len(commits) - 1) // args.sample)
        picked = commits[1::step][: args.sample]
        t2 = time.perf_counter()
        for commit in picked:
            apply(yaml, commit, dict(state))
        each = (time.perf_counter() - t2) / len(picked)
        total = listed + first + each * (len(commits) - 1)
        print(
            f"sample: {len(picked)} commits, one every {step}, {each * 1000:.2f} ms each\n"
            f"naive week report, extrapolated: {total:.0f} s"
        )
        repo.close()
        speed_up(args, total, today)
        return 0
    start: dict[str, dict[str, Any]] = {}
    changed: set[str] = set()
    for commit in commits[1:]:
        if commit.committed_date >= end_ts:
            break
        if commit.committed_date >= start_ts and not start:
            start = dict(state)
        paths = apply(yaml, commit, state)
        if commit.committed_date >= start_ts:
            changed |= paths
    found = figures(start or state, state, changed)
    repo.close()
    total = time.perf_counter() - t0
    print(f"naive week report: {total:.1f} s")
    summary = {k: v for k, v in found.items() if k != "units"}
    print(json.dumps(summary), f"{len(found['units'])} units")
    if args.check:
        wrong = check(found, args.check)
        print("matches r57's JSON" if not wrong else "differs from r57:\n  " + "\n  ".join(wrong))
        if wrong:
            return 1
    speed_up(args, total, today)
    return 0


def speed_up(args: argparse.Namespace, naive: float, today: date) -> None:
    if args.code is None:
        return
    cold, warm = time_r57(args.code.resolve(), args.repo.resolve(), today.isoformat(), args.repeat)
    print(
        f"r57 report --week ({args.code}), best of {args.repeat}: cold {cold:.2f} s "
        f"({naive / cold:.0f}x faster), warm {warm:.2f} s ({naive / warm:.0f}x faster)"
    )


if __name__ == "__main__":
    sys.exit(main())
