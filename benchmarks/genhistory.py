"""Generate a plan repository with a long, realistic r57 history, for the report benchmarks.

    python benchmarks/genhistory.py OUT --tasks 10000 --units 40 --commits 200000 --seed 1 \\
        [--start 2024-12-02 --days 730] [--force]

The plan comes from r57cli.demo.genplan, written to OUT; OUT becomes a git repository whose
history is written by one `git fast-import` process:

- an initial commit with the whole plan, every task at 0% / not_started and no blockers
  (genplan's percentages and blockers are dropped: a percentage only changes in a commit);
- then --commits commits on working days between --start and --start + --days, 08:00-17:30
  in +07:00, committer dates strictly increasing. Each follows a task's planned course from
  a little before its start to around its due date: `start`, `update` (the percentage goes
  up with the time elapsed), `report` (a note, an empty commit, ~3%), `block` / `unblock`
  for the tasks genplan gave a blocker, `done` (100%, status done, `completed:`) for the
  tasks whose course ends inside the history; ~2% are late reports whose R57-Date is a day
  of the previous ISO week. The messages are `progress.Change.message()`'s, the authors
  members of the task's unit (mostly the responsible person);
- ~1% of the commits are merges (git merge --no-ff) of a short-lived branch of 1-3
  reports, sometimes with one report on main in between; a handful are hand edits without
  trailers that change several tasks' percentages in one commit.

Task files are edited as text: each is kept as its genplan text cut into a head, the
`progress:` block, the `blockers:` block and a tail, and a change re-renders only the two
blocks (the format is ours, so the lines are exact). Then `git reset --hard` checks HEAD
out, `git repack -a -d -f --depth=50 --window=10`, `git prune-packed` and `git commit-graph
write --reachable`. The output is deterministic for a given seed and size: the same commit
IDs every run. The parameters and timings are stored in OUT/.git/genhistory.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import IO, Any

import yaml

from r57cli.demo.genplan import generate

TZ = timezone(timedelta(hours=7))
DAY_START = 8 * 3600  # 08:00
DAY_END = 17 * 3600 + 30 * 60  # 17:30
ENV = {
    **os.environ,
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "r57 genhistory",
    "GIT_AUTHOR_EMAIL": "office@example.gov.vn",
    "GIT_COMMITTER_NAME": "r57 genhistory",
    "GIT_COMMITTER_EMAIL": "office@example.gov.vn",
}
OFFICE = ("Plan Office", "office@example.gov.vn")

# Event kinds of a task's planned course; what a PROGRESS event becomes (start, update or
# a note-only report) is decided when it is written, from the task's state then.
PROGRESS, BLOCK, UNBLOCK, DONE = range(4)
# Items of the timeline besides task events.
MANUAL, MERGE = 10, 11

_NOTES = [
    "Draft sent to the Legal Department",
    "Comments received from the provinces",
    "Dự thảo đã gửi Vụ Pháp chế",
    "Đã họp với các đơn vị liên quan",
    "Báo cáo tháng đã gửi Bộ trưởng",
    "Waiting for the Ministry of Finance's opinion",
    "Survey of 63 provinces completed",
    "Đang tổng hợp ý kiến góp ý",
    "Pilot running in three provinces",
    "Hồ sơ trình Lãnh đạo Bộ",
]
_REPORT_NOTES = [
    "No change this week: waiting for comments",
    "Không có thay đổi trong tuần: đang chờ ý kiến",
    "Still waiting for the appraisal report",
    "Đang chờ Bộ Tư pháp thẩm định",
]
_UNBLOCK_NOTES = ["Decree amended", "Circular signed", "Budget approved", "Đã được phê duyệt"]


@dataclass
class Person:
    name: str
    email: str


@dataclass
class TaskState:
    """One task file as parts, and where its progress stands."""

    id: str
    unit: str
    path: str
    head: str  # everything up to and including "progress:\n"
    tail: str  # what follows the progress and blockers blocks
    start: date
    due: date
    responsible: str
    blocker: tuple[str, str | None, str, str] | None  # kind, ref value, ref line, description
    pct: int = 0
    status: str = "not_started"
    completed: date | None = None
    raised: date | None = None
    lifted: date | None = None
    window: tuple[date, date] = (date.min, date.min)  # planned course: first day, last day

    def text(self) -> str:
        parts = [self.head, f"  pct: {self.pct}\n  status: {self.status}\n"]
        if self.completed is not None:
            parts.append(f"  completed: {self.completed.isoformat()}\n")
        if self.blocker is not None and self.raised is not None:
            kind, _, ref_line, description = self.blocker
            parts.append(
                f"blockers:\n  - id: B-1\n    kind: {kind}\n{ref_line}"
                f"    description: {description}\n    raised: {self.raised.isoformat()}\n"
            )
            if self.lifted is not None:
                parts.append(f"    lifted: {self.lifted.isoformat()}\n")
        parts.append(self.tail)
        return "".join(parts)


@dataclass
class Item:
    """One commit of the timeline: a task event, a hand edit or a merge."""

    day: int  # index into the working days
    secs: int  # seconds after local midnight
    kind: int
    task: int = -1
    seq: int = 0
    target: float = 0.0  # planned fraction of the task's course at this event
    branch: int = 0  # 0: on main; >0: the merge (its number) whose branch holds it
    ts: int = 0


def parse_task(rel: str, text: str) -> TaskState:
    lines = text.splitlines(keepends=True)
    i = lines.index("progress:\n") + 1
    head = "".join(lines[:i])
    while i < len(lines) and lines[i].startswith("  "):
        i += 1
    blocker = None
    if i < len(lines) and lines[i] == "blockers:\n":
        i += 1
        fields: dict[str, str] = {}
        ref_line = ""
        while i < len(lines) and lines[i].startswith("  "):
            key, _, value = lines[i].strip().removeprefix("- ").partition(": ")
            fields[key] = value
            if key == "ref":
                ref_line = lines[i]
            i += 1
        ref = fields["ref"].strip('"') if "ref" in fields else None
        blocker = (fields["kind"], ref, ref_line, fields["description"])
    values = dict(
        line.rstrip("\n").split(": ", 1)
        for line in lines
        if not line.startswith((" ", "#"))
        if ": " in line
    )
    return TaskState(
        id=values["id"],
        unit=values["unit"],
        path=rel,
        head=head,
        tail="".join(lines[i:]),
        start=date.fromisoformat(values["start"]),
        due=date.fromisoformat(values["due"]),
        responsible=values["responsible"],
        blocker=blocker,
    )


def working_days(start: date, days: int) -> list[date]:
    out = [start + timedelta(days=i) for i in range(days)]
    return [d for d in out if d.weekday() < 5]


def next_working_day(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def allocate(total: int, weights: list[float]) -> list[int]:
    """`total` split in proportion to `weights`, largest remainders first (deterministic)."""
    whole = sum(weights)
    if whole <= 0:
        return [0] * len(weights)
    quotas = [total * w / whole for w in weights]
    counts = [int(q) for q in quotas]
    left = total - sum(counts)
    order = sorted(range(len(weights)), key=lambda i: (counts[i] - quotas[i], i))
    for i in order[:left]:
        counts[i] += 1
    return counts


class Timeline:
    """The planned commits, in order, before any file content is decided."""

    def __init__(
        self, rng: random.Random, tasks: list[TaskState], days: list[date], commits: int
    ) -> None:
        self.rng = rng
        self.days = days
        self.n_merges = commits // 100 if commits >= 200 else 0
        self.n_manual = min(20, commits // 1500)
        events = commits - self.n_merges - self.n_manual
        self.items = self._task_events(tasks, events)
        self._add_manual_edits()
        self._add_merges()

    def _task_events(self, tasks: list[TaskState], total: int) -> list[Item]:
        rng, days = self.rng, self.days
        first, last = days[0], days[-1]
        spans: list[tuple[int, int, bool]] = []
        weights: list[float] = []
        for t in tasks:
            a = max(first, t.start - timedelta(days=rng.randrange(0, 21)))
            b = next_working_day(max(t.start, t.due + timedelta(days=rng.randrange(-40, 61))))
            t.window = (a, b)
            ia = bisect_left(days, a)
            finishes = b <= last
            ib = bisect_right(days, b) - 1 if finishes else len(days) - 1
            spans.append((ia, ib, finishes))
            # Some people report more often than others.
            weights.append((ib - ia + 1) * rng.uniform(0.5, 1.5) if ia <= ib else 0.0)
        counts = allocate(total, weights)
        items: list[Item] = []
        for k, (t, (ia, ib, finishes), c) in enumerate(zip(tasks, spans, counts, strict=True)):
            if c == 0:
                continue
            need = 3 if t.blocker else 1
            finishes = finishes and c >= need
            fixed = (2 if t.blocker else 1) if finishes else 0
            picks = [ib] * fixed + [rng.randint(ia, ib) for _ in range(c - fixed)]
            stamps = sorted((d, rng.randrange(DAY_START + 60, DAY_END - 600)) for d in picks)
            kinds = [PROGRESS] * c
            if finishes:
                kinds[-1] = DONE
                if t.blocker:
                    kinds[-2] = UNBLOCK
            free = [i for i, kind in enumerate(kinds) if kind == PROGRESS]
            if t.blocker and free:
                # The blocker is raised at the report nearest the day genplan gave it.
                wanted = t.start + (t.due - t.start) * rng.random()
                at = min(free, key=lambda i: abs((days[stamps[i][0]] - wanted).days))
                kinds[at] = BLOCK
                later = [i for i in free if i > at]
                if not finishes and later and rng.random() < 0.4:
                    kinds[rng.choice(later)] = UNBLOCK
            a, b = t.window
            course = max(1, (b - a).days)
            for seq, ((d, s), kind) in enumerate(zip(stamps, kinds, strict=True)):
                frac = (days[d] - a).days / course
                items.append(Item(d, s, kind, k, seq, frac))
        items.sort(key=lambda it: (it.day, it.secs, it.task, it.seq))
        return items

    def _add_manual_edits(self) -> None:
        for _ in range(self.n_manual):
            other = self.rng.choice(self.items)  # on a busy day, as likely as any report
            secs = self.rng.randrange(DAY_START + 60, DAY_END - 600)
            self.items.append(Item(other.day, secs, MANUAL))
        self.items.sort(key=lambda it: (it.day, it.secs, it.kind == MANUAL, it.task, it.seq))

    def _add_merges(self) -> None:
        """Each merge closes a block of six items: 1-3 of the items before it go on a branch,
        forked from main just before them, and maybe one more report lands on main."""
        rng, items = self.rng, self.items
        blocks = [
            q
            for q in range(6, len(items) + 1, 6)
            if all(it.kind != MANUAL for it in items[q - 4 : q])
        ]
        points = sorted(rng.sample(blocks, min(self.n_merges, len(blocks))))
        if len(points) < self.n_merges:
            print(f"note: room for only {len(points)} merges", file=sys.stderr)
        out: list[Item] = []
        done = 0
        for number, q in enumerate(points, 1):
            k = rng.randint(1, 3)
            on_branch = items[q - k - (1 if rng.random() < 0.5 else 0) : q][:k]
            tasks = {it.task for it in on_branch}
            if items[q - 1] not in on_branch and items[q - 1].task in tasks:
                on_branch = items[q - k : q]  # that report cannot land on main in between
            for it in on_branch:
                it.branch = number
            out.extend(items[done:q])
            done = q
            prev = items[q - 1]
            secs = prev.secs + rng.randrange(1, 240)
            out.append(Item(prev.day, secs, MERGE, task=on_branch[0].task, seq=number))
        out.extend(items[done:])
        self.items = out

    def stamp(self, t0: int) -> None:
        """Commit times: each item's planned time, made strictly increasing."""
        base = [int(datetime(d.year, d.month, d.day, tzinfo=TZ).timestamp()) for d in self.days]
        prev = t0
        for it in self.items:
            it.ts = max(base[it.day] + it.secs, prev + 1)
            prev = it.ts


def late_date(rng: random.Random, today: date) -> date:
    """A working day of the ISO week before `today`'s."""
    monday = today - timedelta(days=today.weekday() + 7)
    return monday + timedelta(days=rng.randrange(5))


def timing(task: TaskState, when: date) -> str:
    days = (when - task.due).days
    if days < 0:
        return f"{-days} days early"
    if days > 0:
        return f"{days} days late"
    return "on the due date"


def message(
    task: TaskState,
    action: str,
    subject: str,
    note: str | None,
    trailers: dict[str, str],
    when: date,
) -> str:
    """The same text as r57cli.record.progress.Change.message()."""
    fields = {
        "R57-Task": task.id,
        "R57-Unit": task.unit,
        "R57-Action": action,
        **trailers,
        "R57-Date": when.isoformat(),
    }
    parts = [subject]
    if note:
        parts.append(note)
    parts.append("\n".join(f"{k}: {v}" for k, v in fields.items()))
    return "\n\n".join(parts) + "\n"


class Writer:
    """The fast-import stream: commits on refs/heads/main, each with an explicit parent when
    it is not the commit written just before."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.buf: list[bytes] = []
        self.size = 0
        self.mark = 0
        self.last = 0  # what fast-import has as refs/heads/main
        self.bytes = 0

    def commit(
        self,
        who: Person,
        ts: int,
        msg: str,
        parent: int,
        files: dict[str, str],
        merge: int = 0,
    ) -> int:
        self.mark += 1
        raw = msg.encode()
        ident = f"{who.name} <{who.email}> {ts} +0700\n"
        head = [
            f"commit refs/heads/main\nmark :{self.mark}\nauthor {ident}committer {ident}"
            f"data {len(raw)}\n".encode(),
            raw,
            b"\n",
        ]
        if parent and parent != self.last:
            head.append(f"from :{parent}\n".encode())
        if merge:
            head.append(f"merge :{merge}\n".encode())
        self.put(*head)
        for path, text in files.items():
            data = text.encode()
            self.put(f"M 100644 inline {path}\ndata {len(data)}\n".encode(), data, b"\n")
        self.put(b"\n")
        self.last = self.mark
        return self.mark

    def put(self, *chunks: bytes) -> None:
        for c in chunks:
            self.buf.append(c)
            self.size += len(c)
        if self.size > 1 << 20:
            self.flush()

    def flush(self) -> None:
        self.out.write(b"".join(self.buf))
        self.bytes += self.size
        self.buf.clear()
        self.size = 0


class History:
    """Writes the timeline, deciding each commit's content from the tasks' state."""

    def __init__(
        self,
        rng: random.Random,
        tasks: list[TaskState],
        people: dict[str, Person],
        units: dict[str, dict[str, Any]],
        days: list[date],
        writer: Writer,
    ) -> None:
        self.rng = rng
        self.tasks = tasks
        self.people = people
        self.units = units
        self.days = days
        self.w = writer
        self.by_unit: dict[str, list[TaskState]] = {}
        for t in tasks:
            self.by_unit.setdefault(t.unit, []).append(t)
        self.main = 0
        self.counts: dict[str, int] = {}

    def author(self, task: TaskState) -> Person:
        if self.rng.random() < 0.7:
            return self.people[task.responsible]
        return self.people[self.rng.choice(self.units[task.unit]["members"])]

    def run(self, timeline: Timeline, initial: dict[str, str], t0: int) -> None:
        office = Person(*OFFICE)
        self.main = self.w.commit(office, t0, "Plan 286: the action plan as adopted\n", 0, initial)
        fork = branch = 0
        branch_files: dict[str, int] = {}
        for it in timeline.items:
            day = self.days[it.day]
            if it.kind == MERGE:
                lead = self.units[self.tasks[it.task].unit]
                who = self.people[lead["focal"]]
                msg = f"Merge branch '{lead['id']}/reports-{it.seq}'\n"
                files = {p: self.tasks[k].text() for p, k in branch_files.items()}
                self.main = self.w.commit(who, it.ts, msg, self.main, files, merge=branch)
                self.counts["merge"] = self.counts.get("merge", 0) + 1
                fork = branch = 0
                branch_files = {}
                continue
            if it.kind == MANUAL:
                who, msg, files = self.manual(day)
                self.main = self.w.commit(who, it.ts, msg, self.main, files)
                self.counts["manual"] = self.counts.get("manual", 0) + 1
                continue
            task = self.tasks[it.task]
            who, msg, changed = self.event(it, task, day)
            files = {task.path: task.text()} if changed else {}
            if it.branch:
                if not branch:
                    fork = self.main
                branch = self.w.commit(who, it.ts, msg, branch or fork, files)
                if changed:
                    branch_files[task.path] = it.task
            else:
                self.main = self.w.commit(who, it.ts, msg, self.main, files)
        self.w.put(f"reset refs/heads/main\nfrom :{self.main}\n\ndone\n".encode())

    def event(self, it: Item, task: TaskState, day: date) -> tuple[Person, str, bool]:
        """One report on `task`: updates its state; the author, message, and whether the
        file changed."""
        rng = self.rng
        who = self.author(task)
        old = task.pct
        when = day
        if it.kind == DONE:
            task.pct, task.status, task.completed = 100, "done", day
            trailers = {"R57-Pct": "100", "R57-Prev-Pct": str(old), "R57-Status": "done"}
            subject = f"{task.id}: done, {old}% → 100% ({timing(task, day)})"
            note = rng.choice(_NOTES) if rng.random() < 0.3 else None
            return who, self._count("done", task, subject, note, trailers, when), True
        if it.kind == BLOCK:
            kind, ref, _, description = task.blocker or ("", None, "", "")
            task.raised = day
            trailers = {"R57-Blocker": "B-1", "R57-Blocker-Kind": kind}
            if ref:
                trailers["R57-Ref"] = ref
                subject = f"{task.id}: blocked by {ref} (B-1, {kind})"
            else:
                subject = f"{task.id}: blocked (B-1, {kind})"
            return who, self._count("block", task, subject, description, trailers, when), True
        if it.kind == UNBLOCK:
            kind, ref, _, _ = task.blocker or ("", None, "", "")
            task.lifted = day
            trailers = {"R57-Blocker": "B-1", "R57-Blocker-Kind": kind}
            if ref:
                trailers["R57-Ref"] = ref
            note = rng.choice(_UNBLOCK_NOTES) if rng.random() < 0.5 else None
            subject = f"{task.id}: blocker B-1 lifted"
            return who, self._count("unblock", task, subject, note, trailers, when), True
        # A progress report.
        if task.status == "not_started" and rng.random() < 0.3:
            task.status = "in_progress"
            trailers = {"R57-Pct": str(old), "R57-Status": "in_progress"}
            note = rng.choice(_NOTES) if rng.random() < 0.2 else None
            return (
                who,
                self._count("start", task, f"{task.id}: started", note, trailers, when),
                True,
            )
        if rng.random() < 0.02:
            when = late_date(rng, day)
            self.counts["late"] = self.counts.get("late", 0) + 1
        target = it.target * 100 + rng.gauss(0, 6)
        target = round(target / 5) * 5 if rng.random() < 0.7 else round(target)
        new = min(99, max(old + rng.choice((1, 1, 2, 3)), min(95, int(target))))
        if rng.random() < 0.03 or new <= old:
            trailers = {"R57-Pct": str(old), "R57-Prev-Pct": str(old), "R57-Status": task.status}
            subject = f"{task.id}: report, still {old}%"
            note = rng.choice(_REPORT_NOTES)
            return who, self._count("report", task, subject, note, trailers, when), False
        status = "in_progress"
        subject = f"{task.id}: {old}% → {new}%"
        if status != task.status:
            subject += " (in progress)"
        task.pct, task.status = new, status
        trailers = {"R57-Pct": str(new), "R57-Prev-Pct": str(old), "R57-Status": status}
        note = rng.choice(_NOTES) if rng.random() < 0.25 else None
        return who, self._count("update", task, subject, note, trailers, when), True

    def _count(
        self,
        action: str,
        task: TaskState,
        subject: str,
        note: str | None,
        trailers: dict[str, str],
        when: date,
    ) -> str:
        self.counts[action] = self.counts.get(action, 0) + 1
        return message(task, action, subject, note, trailers, when)

    def manual(self, day: date) -> tuple[Person, str, dict[str, str]]:
        """A focal person corrects several percentages of their unit's tasks by hand."""
        rng = self.rng
        unit_id = rng.choice(sorted(self.by_unit))
        open_tasks = [t for t in self.by_unit[unit_id] if t.status == "in_progress" and t.pct < 90]
        if len(open_tasks) < 3:
            open_tasks = [t for t in self.tasks if t.status == "in_progress" and t.pct < 90]
        who = self.people[self.units[unit_id]["focal"]]
        picked = rng.sample(open_tasks, min(len(open_tasks), rng.randint(3, 8)))
        files = {}
        for t in picked:
            t.pct = min(95, t.pct + rng.choice((5, 10)))
            files[t.path] = t.text()
        if not picked:  # nothing in progress yet: tidy a note instead
            t = rng.choice(self.tasks)
            t.tail = t.tail.replace(".\n", " (checked).\n", 1)
            files[t.path] = t.text()
        msg = (
            f"Correct progress figures of {unit_id} after the weekly meeting\n\n"
            f"Edited by hand on {day.isoformat()}: {len(files)} task files.\n"
        )
        return who, msg, files


def git(out: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=out, env=ENV, check=True)


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def build(args: argparse.Namespace) -> dict[str, Any]:
    out: Path = args.out
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = round(now - clock, 3)
        clock = now
        print(f"  {name:<34} {timings[name]:8.2f} s", flush=True)

    if out.exists() and any(out.iterdir()):
        if not args.force:
            sys.exit(f"{out}: not empty (use --force to replace it)")
        shutil.rmtree(out)
    generate(out, tasks=args.tasks, units=args.units, seed=args.seed)
    lap("genplan")

    rng = random.Random(f"genhistory-{args.seed}")
    units_data = yaml.safe_load((out / "units.yaml").read_text(encoding="utf-8"))["units"]
    people: dict[str, Person] = {}
    units: dict[str, dict[str, Any]] = {}
    for u in units_data:
        members = [m["id"] for m in u.get("members", [])]
        units[u["id"]] = {"id": u["id"], "focal": u.get("focal"), "members": members}
        for m in u.get("members", []):
            people[m["id"]] = Person(m["name"], m["emails"][0])
    tasks = []
    for path in sorted((out / "tasks").glob("*/T-*.yaml")):
        rel = path.relative_to(out).as_posix()
        tasks.append(parse_task(rel, path.read_text(encoding="utf-8")))
    days = working_days(args.start, args.days)
    t0 = int(datetime(days[0].year, days[0].month, days[0].day, 8, tzinfo=TZ).timestamp())
    initial = {
        name: (out / name).read_text(encoding="utf-8") for name in ("plan.yaml", "units.yaml")
    }
    initial |= {t.path: t.text() for t in tasks}
    timeline = Timeline(rng, tasks, days, args.commits)
    timeline.stamp(t0)
    lap("plan the history")

    git(out, "init", "-q", "-b", "main")
    proc = subprocess.Popen(
        ["git", "fast-import", "--quiet", "--done"], cwd=out, env=ENV, stdin=subprocess.PIPE
    )
    assert proc.stdin is not None
    writer = Writer(proc.stdin)
    history = History(rng, tasks, people, units, days, writer)
    history.run(timeline, initial, t0)
    writer.flush()
    proc.stdin.close()
    if proc.wait() != 0:
        sys.exit("git fast-import failed")
    lap("fast-import (one stream)")

    git(out, "reset", "-q", "--hard", "main")
    lap("check out HEAD")
    git(out, "repack", "-q", "-a", "-d", "-f", "--depth=50", "--window=10")
    lap("repack -a -d -f")
    git(out, "prune-packed")
    lap("prune-packed")
    git(out, "commit-graph", "write", "--reachable")
    lap("commit-graph write")

    last = timeline.items[-1].ts if timeline.items else t0
    last_day = datetime.fromtimestamp(last, TZ).date()
    iso = last_day.isocalendar()
    info: dict[str, Any] = {
        "tasks": args.tasks,
        "units": args.units,
        "commits": args.commits,
        "seed": args.seed,
        "start": args.start.isoformat(),
        "days": args.days,
        "stream_mb": round(writer.bytes / 2**20, 1),
        "actions": dict(sorted(history.counts.items())),
        "done_tasks": sum(t.status == "done" for t in tasks),
        "last_commit_day": last_day.isoformat(),
        "last_iso_week": f"{iso.year}-W{iso.week:02d}",
        "git_dir_mb": round(size_of(out / ".git") / 2**20, 1),
        "timings_s": timings,
        "total_s": round(sum(timings.values()), 2),
    }
    (out / ".git" / "genhistory.json").write_text(json.dumps(info, indent=2) + "\n")
    return info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path, help="folder for the new repository")
    parser.add_argument("--tasks", type=int, default=300)
    parser.add_argument("--units", type=int, default=8)
    parser.add_argument("--commits", type=int, default=5000, help="commits after the first")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--start", type=date.fromisoformat, default=date(2024, 12, 2))
    parser.add_argument("--days", type=int, default=730, help="length of the history")
    parser.add_argument("--force", action="store_true", help="replace OUT if it exists")
    args = parser.parse_args(argv)
    if args.tasks < 1 or args.units < 1 or args.commits < 0 or args.days < 7:
        parser.error("--tasks and --units must be >= 1, --commits >= 0, --days >= 7")
    print(
        f"genhistory: {args.tasks} tasks, {args.units} units, {args.commits} commits -> {args.out}"
    )
    info = build(args)
    print(
        f"  {'total':<34} {info['total_s']:8.2f} s\n"
        f"  .git {info['git_dir_mb']} MiB (stream {info['stream_mb']} MiB); "
        f"last commit {info['last_commit_day']} ({info['last_iso_week']}); "
        f"{info['done_tasks']} tasks done at HEAD\n"
        f"  commits by action: {info['actions']}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
