#!/usr/bin/env python3
"""Benchmark: one flat ``tasks/`` folder versus per-unit ``tasks/uNNN/`` folders.

Two bare git repositories are generated with ``git fast-import`` from the same
seeded logical history:

* ``flat``:    ``tasks/T-00001.yaml``
* ``folders``: ``tasks/u017/T-00001.yaml``

The first commit adds every task file; each later commit edits the ``pct:``
and ``note:`` lines of one randomly chosen task.  Both repositories are then
repacked like a server would (``git repack -a -d -f --depth=50 --window=10``
plus ``git commit-graph write --reachable``) and a handful of read-only git
commands are timed in each.  The result is printed as a Markdown table.

Only the standard library is used.  Everything is written under a fresh
temporary directory, removed afterwards unless ``--keep`` is given.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import IO

AUTHOR = b"Bench <bench@example.invalid>"
TZ = timezone(timedelta(hours=7))
START = datetime(2025, 1, 6, 8, 0, 0, tzinfo=TZ)
STEP_SECONDS = 300  # one commit every 5 minutes
BRANCH = "refs/heads/main"
DIFF_SPAN = 1000  # git diff-tree -r HEAD~DIFF_SPAN HEAD

STATUSES = ("planned", "in_progress", "at_risk", "blocked", "done")
PRIORITIES = ("low", "medium", "high")
VERBS = ("Upgrade", "Digitise", "Review", "Consolidate", "Publish", "Train", "Audit")
OBJECTS = (
    "provincial data centre network",
    "public service portal",
    "records management procedures",
    "inspection checklists",
    "budget reporting templates",
    "staff e-learning modules",
    "citizen feedback hotline",
    "procurement registry",
)
NOTES = (
    "Awaiting sign-off from the vice-minister's office.",
    "Vendor delivered the second batch; testing in progress.",
    "Coordination meeting held with provincial departments.",
    "Budget reallocation requested for next quarter.",
    "Draft circulated for comments; deadline end of month.",
    "Pilot completed in two provinces; scaling up.",
    "Blocked on legal review of the data-sharing decree.",
)


@dataclass
class Task:
    """Static and mutable fields of one task file."""

    number: int
    unit: int
    head: bytes  # lines before ``pct:``
    middle: bytes  # lines between ``pct:`` and ``note:``
    pct: int
    note: str

    @property
    def name(self) -> str:
        return f"T-{self.number:05d}.yaml"

    def render(self) -> bytes:
        return b"".join(
            (
                self.head,
                f"pct: {self.pct}\n".encode(),
                self.middle,
                f'note: "{self.note}"\n'.encode(),
            )
        )


@dataclass(frozen=True)
class Edit:
    """One later commit: task index, new pct and new note."""

    index: int
    pct: int
    note: str


@dataclass(frozen=True)
class History:
    tasks: list[Task]
    edits: list[Edit]


def make_task(rng: random.Random, number: int, folders: int) -> Task:
    unit = rng.randrange(folders)
    tid = f"T-{number:05d}"
    year_end = rng.choice(("2025-06-30", "2025-09-30", "2025-12-31"))
    head = (
        f"id: {tid}\n"
        f'title: "{rng.choice(VERBS)} {rng.choice(OBJECTS)}"\n'
        f"unit: u{unit:03d}\n"
        f'owner: "Department {rng.randint(1, 40)}"\n'
        f"status: {rng.choice(STATUSES)}\n"
        f"priority: {rng.choice(PRIORITIES)}\n"
    ).encode()
    dep = rng.randint(1, 99999)
    middle = (
        "start: 2025-01-06\n"
        f"due: {year_end}\n"
        "budget:\n"
        "  currency: VND\n"
        f"  planned: {rng.randint(1, 500) * 10_000_000}\n"
        f"  spent: {rng.randint(0, 200) * 10_000_000}\n"
        "tags:\n"
        "  - action-plan\n"
        f"  - u{unit:03d}\n"
        "depends_on:\n"
        f"  - T-{dep:05d}\n"
        "milestones:\n"
        '  - name: "Design approved"\n'
        f"    done: {rng.choice(('true', 'false'))}\n"
        '  - name: "Rollout complete"\n'
        "    done: false\n"
        "indicators:\n"
        f'  - "Share of offices covered (target {rng.randint(50, 100)}%)"\n'
    ).encode()
    return Task(number, unit, head, middle, rng.randint(0, 30), rng.choice(NOTES))


def make_history(tasks: int, commits: int, folders: int, seed: int) -> History:
    rng = random.Random(seed)
    items = [make_task(rng, n, folders) for n in range(1, tasks + 1)]
    pct = [t.pct for t in items]
    edits: list[Edit] = []
    for k in range(1, commits):
        i = rng.randrange(tasks)
        pct[i] = min(100, pct[i] + rng.randint(1, 5))
        edits.append(Edit(i, pct[i], f"Update {k}: {rng.choice(NOTES)}"))
    return History(items, edits)


def task_path(task: Task, layout: str) -> str:
    if layout == "flat":
        return f"tasks/{task.name}"
    return f"tasks/u{task.unit:03d}/{task.name}"


def data(payload: bytes) -> bytes:
    return b"data %d\n%s\n" % (len(payload), payload)


def commit_header(when: int, message: str) -> bytes:
    ident = b"%s %d +0700\n" % (AUTHOR, when)
    return b"".join(
        (
            f"commit {BRANCH}\n".encode(),
            b"author " + ident,
            b"committer " + ident,
            data(message.encode()),
        )
    )


def modify(path: str, content: bytes) -> bytes:
    return f"M 100644 inline {path}\n".encode() + data(content)


def stream(history: History, layout: str) -> Iterator[bytes]:
    """Yield a fast-import stream; task state is copied, not mutated."""
    tasks = [Task(t.number, t.unit, t.head, t.middle, t.pct, t.note) for t in history.tasks]
    when = int(START.timestamp())
    yield b"feature done\n"
    yield commit_header(when, f"Import action plan ({len(tasks)} tasks)\n")
    for t in tasks:
        yield modify(task_path(t, layout), t.render())
    yield b"\n"
    for edit in history.edits:
        when += STEP_SECONDS
        t = tasks[edit.index]
        t.pct, t.note = edit.pct, edit.note
        msg = f"{t.name[:-5]}: pct {t.pct}\n"
        yield commit_header(when, msg) + modify(task_path(t, layout), t.render())
        yield b"\n"
    yield b"done\n"


def git_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
        LC_ALL="C",
        GIT_PAGER="cat",
    )
    return env


def git(repo: Path, *args: str) -> str:
    res = subprocess.run(
        ["git", *args],
        cwd=repo,
        env=git_env(),
        check=True,
        capture_output=True,
        text=True,
    )
    return res.stdout


def build_repo(repo: Path, history: History, layout: str) -> None:
    repo.mkdir(parents=True)
    git(repo, "init", "--quiet", "--bare", "--initial-branch=main")
    proc = subprocess.Popen(
        ["git", "fast-import", "--quiet", "--done"],
        cwd=repo,
        env=git_env(),
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdin is not None
    assert proc.stderr is not None
    sink: IO[bytes] = proc.stdin
    try:
        buf: list[bytes] = []
        size = 0
        for chunk in stream(history, layout):
            buf.append(chunk)
            size += len(chunk)
            if size >= 1 << 20:
                sink.write(b"".join(buf))
                buf, size = [], 0
        sink.write(b"".join(buf))
    finally:
        sink.close()
    err = proc.stderr.read()
    if proc.wait() != 0:
        raise RuntimeError(f"git fast-import failed: {err.decode(errors='replace')}")
    git(repo, "repack", "-a", "-d", "-f", "--depth=50", "--window=10", "-q")
    git(repo, "commit-graph", "write", "--reachable", "--no-progress")


def run_once(repo: Path, args: Sequence[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(
        ["git", *args],
        cwd=repo,
        env=git_env(),
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    return time.perf_counter() - t0


def best_of(repo: Path, args: Sequence[str], repeat: int, slow: float) -> float:
    """Best of ``repeat`` runs; stop early once a single run exceeds ``slow``."""
    best = float("inf")
    for _ in range(repeat):
        elapsed = run_once(repo, args)
        best = min(best, elapsed)
        if elapsed > slow:
            break
    return best


@dataclass(frozen=True)
class Operation:
    label: str
    flat: list[str]
    folders: list[str]


def operations(history: History, commits: int, rng: random.Random) -> list[Operation]:
    probe = history.tasks[rng.randrange(len(history.tasks))]
    span = min(DIFF_SPAN, commits - 1)
    mid = START + timedelta(seconds=STEP_SECONDS * (commits // 2))
    since = mid.strftime("%Y-%m-%d %H:%M:%S %z")
    until = (mid + timedelta(days=7)).strftime("%Y-%m-%d %H:%M:%S %z")

    def same(*args: str) -> tuple[list[str], list[str]]:
        return list(args), list(args)

    ops: list[tuple[str, tuple[list[str], list[str]]]] = [
        ("`git log --name-only --format=%H` (all)", same("log", "--name-only", "--format=%H")),
        (
            f"`git log --format=%H -- <{probe.name}>`",
            (
                ["log", "--format=%H", "--", task_path(probe, "flat")],
                ["log", "--format=%H", "--", task_path(probe, "folders")],
            ),
        ),
        (
            f"`git diff-tree -r --name-only HEAD~{span} HEAD`",
            same("diff-tree", "-r", "--name-only", f"HEAD~{span}", "HEAD"),
        ),
        ("`git ls-tree -r HEAD`", same("ls-tree", "-r", "HEAD")),
        (
            "`git log --since/--until` (1 week) `--name-only`",
            same(
                "log",
                f"--since={since}",
                f"--until={until}",
                "--name-only",
                "--format=%H",
            ),
        ),
    ]
    return [Operation(label, f, d) for label, (f, d) in ops]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--tasks", type=int, default=10_000, help="task files (default 10000)")
    p.add_argument(
        "--commits",
        type=int,
        default=50_000,
        help="total commits incl. the initial import (default 50000)",
    )
    p.add_argument("--folders", type=int, default=100, help="unit folders (default 100)")
    p.add_argument("--seed", type=int, default=57, help="RNG seed (default 57)")
    p.add_argument(
        "--workdir",
        type=Path,
        default=Path("/tmp"),
        help="parent for the temporary directory (default /tmp)",
    )
    p.add_argument("--keep", action="store_true", help="keep the generated repositories")
    p.add_argument("--repeat", type=int, default=3, help="best of N runs (default 3)")
    p.add_argument(
        "--slow",
        type=float,
        default=60.0,
        help="stop repeating an operation once one run exceeds this many seconds",
    )
    p.add_argument("-v", "--verbose", action="store_true", help="progress on stderr")
    ns = p.parse_args(argv)
    if ns.tasks < 1 or ns.commits < 2 or ns.folders < 1 or ns.repeat < 1:
        p.error("--tasks, --folders, --repeat must be >= 1 and --commits >= 2")
    if ns.tasks > 99_999 or ns.folders > 1000:
        p.error("--tasks must be <= 99999 and --folders <= 1000")
    return ns


def main(argv: Sequence[str] | None = None) -> int:
    ns = parse_args(argv)

    def log(msg: str) -> None:
        if ns.verbose:
            print(msg, file=sys.stderr, flush=True)

    version = subprocess.run(
        ["git", "--version"], check=True, capture_output=True, text=True
    ).stdout.strip()
    history = make_history(ns.tasks, ns.commits, ns.folders, ns.seed)
    ops = operations(history, ns.commits, random.Random(ns.seed + 1))
    root = Path(tempfile.mkdtemp(prefix="r57-bench-", dir=ns.workdir))
    rows: list[tuple[str, float, float]] = []
    try:
        repos = {layout: root / f"{layout}.git" for layout in ("flat", "folders")}

        def build(layout: str) -> None:
            t0 = time.perf_counter()
            build_repo(repos[layout], history, layout)
            log(f"built {layout} in {time.perf_counter() - t0:.1f} s")

        # Build both repositories concurrently (fast-import is single-threaded);
        # timing starts only after both are done.
        with ThreadPoolExecutor(max_workers=2) as pool:
            for fut in [pool.submit(build, layout) for layout in repos]:
                fut.result()
        for op in ops:
            flat = best_of(repos["flat"], op.flat, ns.repeat, ns.slow)
            folders = best_of(repos["folders"], op.folders, ns.repeat, ns.slow)
            log(f"{op.label}: {flat:.3f} / {folders:.3f}")
            rows.append((op.label, flat, folders))
    finally:
        if ns.keep:
            log(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)

    print(
        f"Sizes: {ns.tasks} tasks, {ns.commits} commits, {ns.folders} folders, "
        f"seed {ns.seed}; {version}; best of {ns.repeat} "
        f"(single run if one run > {ns.slow:g} s)\n"
    )
    print("| operation | flat (s) | folders (s) | ratio |")
    print("|---|--:|--:|--:|")
    for label, flat, folders in rows:
        ratio = f"{flat / folders:.1f}x" if folders > 0 else "n/a"
        print(f"| {label} | {flat:.3f} | {folders:.3f} | {ratio} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
