"""What changed since the previous period (docs/report.md, "What changed"): the period
compared with the previous one of the same kind (week, month, or a span of the same length
before a --from/--to span). Pure, like compute.py: report/synthesis.py gives it the two
periods' figures, the previous one from the history cache when it is closed.

Status changes are grouped: completed (now done, early, on time or late), newly overdue,
newly at risk or behind plan, newly blocked, recovered (from a problem to on track or not
started), newly silent (no report, from no problem), the rest; a task new in the period
changed from nothing and is marked new. Blockers and requests are the events dated
in the period (raised, lifted, asked, decided), with the decision."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from r57cli.history.periods import Period
from r57cli.plan.taskfacts import TaskFacts
from r57cli.report.period import MOVES_TOP, PeriodReport, TaskRow, UnitRow

# A task's figures as the previous period left them: its status class and its %.
PrevTasks = dict[str, tuple[str, int]]
PROBLEMS = frozenset({"overdue", "blocked", "behind_plan", "at_risk", "stale"})
GROUPS = (
    "newly_overdue",
    "newly_at_risk",
    "newly_blocked",
    "newly_silent",
    "recovered",
    "completed",
    "other",
    "new",
)


@dataclass
class StatusChange:
    task: str
    unit: str
    group: str
    before: str | None  # None: the task is new in the period
    after: str
    pct_before: int | None
    pct_after: int


@dataclass
class Completed:
    task: str
    unit: str
    completed: date | None
    due: date  # the judged (approved) due
    delivery: str  # early, on_time, late
    days: int  # days early (early, on time) or late


@dataclass
class BlockerEvent:
    task: str
    unit: str
    blocker: str
    kind: str
    ref: str
    description: str
    raised: date | None
    lifted: date | None
    event: str  # raised, lifted, raised_and_lifted


@dataclass
class RequestEvent:
    task: str
    unit: str
    request: str
    kind: str
    asked_of: str
    need: str
    asked: date | None
    decided: date | None
    status: str  # the decision, or open
    event: str  # raised, decided, raised_and_decided


@dataclass
class UnitChange:
    unit: str
    avg_pct_before: float | None
    avg_pct_after: float
    rank_before: int | None  # None: unranked, or not in the previous period
    rank_after: int | None
    rank_period_before: int | None
    rank_period_after: int | None
    # Before is the unit's average at the period's start over the tasks it had then; the
    # change is over those same tasks (a task new in the period is no change), as the unit
    # table and the ranking give them.
    same_tasks_change: float | None = None

    @property
    def avg_change(self) -> float | None:
        if self.avg_pct_before is None:
            return None
        if self.same_tasks_change is not None:
            return round(self.same_tasks_change, 1)
        return round(self.avg_pct_after - self.avg_pct_before, 1)

    @property
    def rank_change(self) -> int | None:
        """Places gained (positive) or lost since the previous period's ranking."""
        if self.rank_before is None or self.rank_after is None:
            return None
        return self.rank_before - self.rank_after


@dataclass
class Changes:
    previous: Period | None  # None: the history does not reach the previous period
    status: list[StatusChange] = field(default_factory=list)
    completed: list[Completed] = field(default_factory=list)
    blockers: list[BlockerEvent] = field(default_factory=list)
    requests: list[RequestEvent] = field(default_factory=list)
    movements: list[TaskRow] = field(default_factory=list)
    units: list[UnitChange] = field(default_factory=list)


def group_of(before: str | None, after: str) -> str:
    if before is None:
        return "new"
    if after.startswith("done_"):
        return "completed"
    if after == "overdue":
        return "newly_overdue"
    if after in ("at_risk", "behind_plan") and before not in ("at_risk", "behind_plan", "overdue"):
        return "newly_at_risk"
    if after == "blocked" and before != "overdue":
        return "newly_blocked"
    if before in PROBLEMS and after not in PROBLEMS and after != "cancelled":
        return "recovered"
    if after == "stale" and before not in PROBLEMS:
        return "newly_silent"
    return "other"


def events(
    rows: list[TaskRow], end: dict[str, TaskFacts], period: Period
) -> tuple[list[BlockerEvent], list[RequestEvent]]:
    """The blockers raised or lifted and the requests asked or decided in the period."""

    def within(day: date | None) -> bool:
        return day is not None and period.contains(day)

    found_b, found_r = [], []
    for row in rows:
        task = end[row.id]
        for b in task.blockers:
            up, down = within(b.raised), within(b.lifted)
            if up or down:
                event = "raised_and_lifted" if up and down else "raised" if up else "lifted"
                found_b.append(
                    BlockerEvent(
                        row.id,
                        row.unit,
                        b.id,
                        b.kind,
                        b.ref,
                        b.description,
                        b.raised,
                        b.lifted,
                        event,
                    )
                )
        for r in task.requests:
            asked, decided = within(r.asked), r.status != "open" and within(r.decided)
            if asked or decided:
                event = (
                    "raised_and_decided" if asked and decided else "raised" if asked else "decided"
                )
                found_r.append(
                    RequestEvent(
                        row.id,
                        row.unit,
                        r.id,
                        r.kind,
                        r.unit,
                        r.need,
                        r.asked,
                        r.decided if r.status != "open" else None,
                        r.status,
                        event,
                    )
                )
    found_b.sort(key=lambda e: (e.lifted or e.raised or date.min, e.task, e.blocker))
    found_r.sort(key=lambda e: (e.decided or e.asked or date.min, e.task, e.request))
    return found_b, found_r


def compare(
    main: PeriodReport,
    previous: Period | None,
    prev_tasks: PrevTasks,
    prev_units: list[UnitRow],
    found: tuple[list[BlockerEvent], list[RequestEvent]],
) -> Changes:
    out = Changes(previous, blockers=found[0], requests=found[1])
    for row in main.tasks if previous is not None else ():
        was = prev_tasks.get(row.id)
        if was is None and "new" not in row.flags:
            continue  # in the plan before, out of the previous report's reach (unreadable)
        if was is not None and was[0] == row.status:
            continue
        out.status.append(
            StatusChange(
                row.id,
                row.unit,
                group_of(was[0] if was else None, row.status),
                was[0] if was else None,
                row.status,
                was[1] if was else None,
                row.pct_end,
            )
        )
    order = {g: i for i, g in enumerate(GROUPS)}
    out.status.sort(key=lambda c: (order[c.group], c.unit, c.task))
    for row in main.delivered:
        days = row.days_late if row.status == "done_late" else row.days_early
        delivery = {"done_late": "late", "done_early": "early"}.get(row.status, "on_time")
        finished = row.recorded or row.completed
        out.completed.append(
            Completed(row.id, row.unit, finished, row.approved_due or row.due, delivery, days)
        )
    out.completed.sort(key=lambda d: (d.completed or date.min, d.task))
    moved = [r for r in main.tasks if r.pct_start is not None and "new" not in r.flags and r.change]
    moved.sort(key=lambda r: (-abs(r.change or 0), r.id))
    out.movements = moved[:MOVES_TOP]
    before_units = {u.id: u for u in prev_units} if previous is not None else {}
    for u in main.units if previous is not None else ():
        p = before_units.get(u.id)
        out.units.append(
            UnitChange(
                u.id,
                u.avg_pct_start if p else None,
                u.avg_pct_end,
                (p.rank or None) if p else None,
                u.rank or None,
                (p.rank_period or None) if p else None,
                u.rank_period or None,
                u.change if p else None,
            )
        )
    return out


def snapshot(report: PeriodReport) -> PrevTasks:
    """What a later period's comparison needs of this one's tasks (kept in the cache)."""
    return {r.id: (r.status, r.pct_end) for r in report.tasks}
