"""What will happen to each task of the demo, decided from the seed before its weeks are
played: its planned curve, when it finishes or is cancelled, and the blockers and resource
requests it meets. Pure."""

from __future__ import annotations

import random
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from r57cli.demo.texts import (
    BLOCKERS,
    CANCEL_REASONS,
    OUTCOMES,
    REQUESTS,
    decision_note,
    lift_note,
)
from r57cli.history.periods import week_start_of
from r57cli.plan.model import Task

# ------------------------------------------------------------------------- the calendar


@dataclass(frozen=True)
class Calendar:
    holidays: frozenset[date]
    zone: ZoneInfo

    def working(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.holidays

    def next_working(self, day: date) -> date:
        while not self.working(day):
            day += timedelta(days=1)
        return day

    def previous_working(self, day: date) -> date:
        while not self.working(day):
            day -= timedelta(days=1)
        return day


def kick_off(tasks: list[Task]) -> date:
    """The kick-off meeting: the Wednesday before the week the first task starts (for
    Plan 286, 5 February 2025)."""
    return week_start_of(min(t.start for t in tasks), "monday") - timedelta(days=5)


# ------------------------------------------------------------------------- the planned curve


def _curve(task: Task) -> list[tuple[int, float]]:
    """(day ordinal, planned %) from the start at 0% through the milestones to the due
    date at 100%."""
    points = [(task.start.toordinal(), 0.0)]
    for m in sorted(task.milestones, key=lambda m: m.date):
        points.append((m.date.toordinal(), float(m.planned_pct)))
    if points[-1][0] < task.due.toordinal() or points[-1][1] < 100:
        points.append((max(task.due.toordinal(), points[-1][0]), 100.0))
    return points


def _planned(points: list[tuple[int, float]], x: float) -> float:
    if x <= points[0][0]:
        return points[0][1]
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        if x <= x1:
            return y1 if x1 == x0 else y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return points[-1][1]


def actual(task: Task, points: list[tuple[int, float]], finish: date, day: date) -> float:
    """Where a task that reaches 100% on `finish` stands on `day`: the planned curve with
    its time stretched (late) or squeezed (early) so that its end falls on `finish`."""
    span = (finish - task.start).days
    if span <= 0:
        return 100.0
    x = task.start.toordinal() + (day - task.start).days * (task.due - task.start).days / span
    return _planned(points, x)


def _finish_for(task: Task, points: list[tuple[int, float]], day: date, pct: float) -> date:
    """The finish date at which the stretched curve stands at `pct` on `day`."""
    low, high = max(day, task.start) + timedelta(days=7), day + timedelta(days=2000)
    while (high - low).days > 1:
        middle = low + (high - low) / 2
        if actual(task, points, middle, day) > pct:
            low = middle
        else:
            high = middle
    return high


# ------------------------------------------------------------------------- the scripts


@dataclass
class Block:
    raised: date
    lifted: date | None
    kind: str
    ref: str | None
    description: str
    lift_note: str | None
    id: str = ""  # given when raised, the way progress.block numbers it


@dataclass
class Request:
    asked: date
    decided: date | None
    unit: str
    need: str
    amount: str | None
    outcome: str
    note: str | None
    id: str = ""


@dataclass
class Script:
    """What will happen to one task, decided before the weeks are played."""

    task: Task
    points: list[tuple[int, float]]
    finish: date | None = None  # the day it is done
    cancel: date | None = None
    cancel_reason: str = ""
    start_delay: int = 0  # weeks after the planned start before the first report
    explicit_start: bool = True
    blocks: list[Block] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)
    bias: float = 0.0  # how far above or below the curve this task reports
    fixed: bool = False  # done on the bundled plan's own completion date


class ScriptWriter:
    """Writes every task's script into `scripts` (by task ID), drawing from `rng` in the
    order of `tasks`; `poor` are the units that report badly (they start later)."""

    def __init__(
        self,
        tasks: list[Task],
        unit_ids: Collection[str],
        calendar: Calendar,
        today: date,
        poor: set[str],
        rng: random.Random,
    ) -> None:
        self.tasks = tasks
        self.unit_ids = unit_ids
        self.cal = calendar
        self.poor = poor
        self.rng = rng
        # The day the bundled plan's figures are as of: its latest recorded date.
        self.as_of = max((d for t in tasks for d in _recorded_dates(t)), default=today)
        self.scripts = {t.id: self._script(t) for t in tasks}
        self._add_blockers()
        self._add_requests()

    def _script(self, task: Task) -> Script:
        """The bundled plan's own facts (completion dates, blockers, requests,
        cancellations, the % as of its latest date) kept, the rest drawn from the seed."""
        rng = self.rng
        s = Script(task, _curve(task))
        s.bias = rng.gauss(0, 2.5)
        s.explicit_start = rng.random() < 0.75
        poor = task.unit in self.poor
        s.start_delay = rng.choice([0, 1, 1, 2, 3]) if poor else rng.choice([0, 0, 0, 0, 1])
        p = task.progress
        if p.status == "done" and p.completed is not None:
            s.finish, s.fixed = p.completed, True
        elif p.status == "cancelled":
            latest = min(task.due, self.as_of)
            span = max((latest - task.start).days, 28)
            s.cancel = task.start + timedelta(days=int(span * rng.uniform(0.55, 0.9)))
            s.cancel = self.cal.next_working(s.cancel)
            s.cancel_reason = rng.choice(CANCEL_REASONS)
            s.finish = _finish_for(task, s.points, s.cancel, max(p.pct, 5))
        elif p.status == "in_progress" and p.pct > 0:
            target = min(97.0, max(3.0, p.pct + rng.uniform(-4, 4)))
            s.finish = self.cal.next_working(_finish_for(task, s.points, self.as_of, target))
        else:
            roll = rng.random()
            if roll < 0.3:
                finish = self.cal.previous_working(task.due - timedelta(days=rng.randint(3, 25)))
            elif roll < 0.6:
                finish = self.cal.previous_working(task.due - timedelta(days=rng.randint(0, 2)))
            else:
                finish = self.cal.next_working(task.due + timedelta(days=rng.randint(5, 50)))
            s.finish = max(finish, task.start + timedelta(days=21))
        for b in task.blockers:
            lifted = b.lifted
            if lifted is None:
                weeks = rng.randint(2, 14)
                lifted = max(b.raised + timedelta(weeks=rng.randint(8, 26)), self.as_of)
                lifted = self.cal.next_working(lifted + timedelta(weeks=weeks))
            note = lift_note(b.kind, b.ref)
            s.blocks.append(Block(b.raised, lifted, b.kind, b.ref, b.description, note))
            if not s.fixed and s.finish is not None and s.finish < lifted + timedelta(days=7):
                s.finish = self.cal.next_working(lifted + timedelta(days=rng.randint(7, 35)))
        for r in task.resources:
            decided, decision = r.decided, r.note
            outcome: str = r.status
            if r.status == "open":
                decided = self.cal.next_working(self.as_of + timedelta(weeks=rng.randint(2, 9)))
                outcome = rng.choice(OUTCOMES)
                decision = decision_note(outcome, decided)
            unit = r.unit or "planning-finance"
            s.requests.append(Request(r.asked, decided, unit, r.need, r.amount, outcome, decision))
        return s

    def _choose(self, free: list[Script], per: int) -> list[Script]:
        """About one task in `per` of those `free`, one of them always among the first to
        start, so that a short history has one too."""
        rng = self.rng
        first = min(t.start for t in self.tasks)
        early = [s for s in free if (s.task.start - first).days < 28]
        chosen = rng.sample(early, k=1) if early else []
        rest = [s for s in free if s not in chosen]
        chosen += rng.sample(rest, k=min(len(rest), max(1, len(self.tasks) // per)))
        return chosen

    def _add_blockers(self) -> None:
        """Blockers the seed adds, the first one raised and lifted by the time the first
        tasks are due."""
        rng = self.rng
        chosen = self._choose([s for s in self.scripts.values() if not s.blocks], 7)
        kinds = list(BLOCKERS)
        rng.shuffle(kinds)
        for i, s in enumerate(chosen):
            kind, ref, description, note = kinds[i % len(kinds)]
            end = _end(s)
            fixed = s.fixed
            earliest = s.task.start + timedelta(days=14)
            latest = end - timedelta(days=35 if fixed else 21)
            if latest <= earliest:
                continue
            weeks = rng.randint(3, 6) if i == 0 else rng.randint(3, 12)
            raised = self.cal.next_working(
                earliest + timedelta(days=rng.randint(0, (latest - earliest).days))
            )
            lifted = self.cal.next_working(raised + timedelta(weeks=weeks))
            if fixed and lifted > end - timedelta(days=7):
                lifted = self.cal.previous_working(end - timedelta(days=7))
                if lifted <= raised:
                    continue
            s.blocks.append(Block(raised, lifted, kind, ref, description, note))
            pushed = s.finish is not None and s.finish < lifted + timedelta(days=7)
            if pushed and s.cancel is None and not fixed:
                s.finish = self.cal.next_working(lifted + timedelta(days=rng.randint(7, 28)))

    def _add_requests(self) -> None:
        rng = self.rng
        chosen = self._choose([s for s in self.scripts.values() if not s.requests], 8)
        for i, s in enumerate(chosen):
            unit, need, amount = rng.choice(REQUESTS)
            if unit == s.task.unit or unit not in self.unit_ids:
                unit = "planning-finance" if s.task.unit != "planning-finance" else "office"
                if unit not in self.unit_ids:
                    continue
            end = _end(s)
            earliest = s.task.start + timedelta(days=7)
            latest = end - timedelta(days=28)
            if latest <= earliest:
                continue
            asked = self.cal.next_working(
                earliest + timedelta(days=rng.randint(0, (latest - earliest).days))
            )
            decided = self.cal.next_working(asked + timedelta(weeks=rng.randint(1, 3 if i else 2)))
            if decided >= end:
                continue
            outcome = rng.choice(OUTCOMES)
            note = decision_note(outcome, decided)
            s.requests.append(Request(asked, decided, unit, need, amount, outcome, note))


def _end(s: Script) -> date:
    ends = [d for d in (s.finish, s.cancel) if d is not None]
    return min(ends) if ends else s.task.due


def _recorded_dates(task: Task) -> list[date]:
    dates = [task.progress.completed] if task.progress.completed else []
    for b in task.blockers:
        dates += [d for d in (b.raised, b.lifted) if d is not None]
    for r in task.resources:
        dates += [d for d in (r.asked, r.decided) if d is not None]
    return dates
