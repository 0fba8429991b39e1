"""The schedule's record in a period report (docs/report.md, "Deadlines moved"): each
task judged against its approved due and its baseline, a claimed completion judged by the
day it was recorded, the reschedules and extension requests of the period, the schedules
that moved without approval, and the products delivered. Pure, like compute.py; the extra
work per task is a pass over its `reschedules:` list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from r57cli.history.periods import Period
from r57cli.plan.taskfacts import TaskFacts
from r57cli.report.period import ExtensionItem, MoveItem, Report_, TaskRow, UnapprovedItem


@dataclass
class Judged:
    """What the class is judged on (`task`, with the approved due and the recorded day of
    an unconfirmed claim) and the row's record fields."""

    task: TaskFacts
    baseline_due: date
    unapproved: list[tuple[str, date | None, date, date | None]]  # field, before, after, ok


def judge(task: TaskFacts, before: TaskFacts | None) -> Judged:
    """`task` as of the period's end, `before` as of its start (None when new)."""
    if (
        task.schedule_ok
        and not task.moves
        and not (task.recorded and not task.confirmed_by)
        and (before is None or (before.due == task.due and before.start == task.start))
    ):
        # Most tasks: never rescheduled, not moved in the period, no open claim. The same
        # answer as below, without a copy of the task (10,000 of them at national size).
        base = (
            (task.baseline_due or task.due)
            if before is None
            else (before.baseline_due or before.due)
        )
        return Judged(task, base, [])
    moved: list[tuple[str, date | None, date, date | None]] = []
    approved_due, approved_start = task.due, task.start
    # The plan is judged against the approved milestones too: a due moved by hand with its
    # milestones must not turn a gap of -25 into +19.
    approved_ms = task.milestones
    if not task.schedule_ok:
        approved_due = task.approved_due or task.due
        approved_start = task.approved_start or task.start
        approved_ms = task.approved_milestones or task.milestones
        for name, now, ok in (
            ("due", task.due, approved_due),
            ("start", task.start, approved_start),
        ):
            if now != ok:
                moved.append((name, ok, now, ok))
    elif before is not None:
        new = task.moves[len(before.moves) :] if len(task.moves) >= len(before.moves) else ()
        for name, was, now, was_ok, covered in (
            ("due", before.due, task.due, before.approved_due, {m.due_after for m in new}),
            (
                "start",
                before.start,
                task.start,
                before.approved_start,
                {m.start_after for m in new},
            ),
        ):
            if was != now and now not in covered:
                moved.append((name, was, now, was_ok or was))
                if name == "due":
                    approved_due = was_ok or was
                else:
                    approved_start = was_ok or was
        if moved and not new and before.milestones != task.milestones:
            approved_ms = before.milestones  # moved by hand with the dates: not approved
    baseline = task.baseline_due or task.due
    if before is not None and not any(m.due_before for m in task.moves):
        baseline = before.baseline_due or before.due  # a due moved by hand is no baseline
    completed = task.completed
    if task.recorded and not task.confirmed_by and (completed is None or task.recorded > completed):
        completed = task.recorded
    judged = task._replace(
        due=approved_due, start=approved_start, completed=completed, milestones=approved_ms
    )
    return Judged(judged, baseline, moved)


def fill_row(row: TaskRow, task: TaskFacts, j: Judged, ref: date) -> None:
    """The record's fields of a row built from the judged task."""
    row.due = task.due
    row.start = task.start
    row.approved_due = j.task.due
    row.baseline_due = j.baseline_due
    row.baseline_start = task.baseline_start or task.start
    row.slip_days = (task.due - j.baseline_due).days
    row.reschedules = len(task.moves)
    row.last_reason = task.moves[-1].reason if task.moves else ""
    row.unapproved = bool(j.unapproved)
    row.deliverable = task.deliverable
    row.evidence = task.evidence
    row.confirmed_by = task.confirmed_by
    if task.status == "done":
        row.completed = task.completed
        row.recorded = task.recorded if task.recorded and not task.confirmed_by else None
        finished = j.task.completed or j.task.due
        row.baseline_late = finished > j.baseline_due
    elif task.status != "cancelled" and ref > j.baseline_due:
        row.baseline_late = True
    if row.unapproved:
        row.flags.append("moved_unapproved")
    if row.recorded:
        row.flags.append("claimed")


def moves(
    rows: list[TaskRow], end: dict[str, TaskFacts], period: Period, people: dict[str, str]
) -> list[MoveItem]:
    items = []
    for row in rows:
        for m in end[row.id].moves:
            if m.day is None or not period.contains(m.day):
                continue
            name, was, now = (
                ("due", m.due_before, m.due_after)
                if m.due_after is not None
                else ("start", m.start_before, m.start_after)
            )
            items.append(
                MoveItem(
                    task=row.id,
                    unit=row.unit,
                    id=m.id,
                    day=m.day,
                    by=m.by,
                    by_name=people.get(m.by, m.by),
                    reason=m.reason,
                    decision=m.decision,
                    request=m.request,
                    field=name,
                    before=was,
                    after=now,
                    days=(now - was).days if now and was else 0,
                )
            )
    items.sort(key=lambda i: (i.day or date.min, i.task, i.id))
    return items


def extensions(
    rows: list[TaskRow], end: dict[str, TaskFacts], period: Period
) -> list[ExtensionItem]:
    """Extension requests still open, and those asked or refused in the period."""
    items = []
    for row in rows:
        for r in end[row.id].requests:
            if r.kind != "extension":
                continue
            asked_now = r.asked is not None and period.contains(r.asked)
            refused_now = r.status == "refused" and r.decided and period.contains(r.decided)
            if r.status == "open" or asked_now or refused_now:
                items.append(
                    ExtensionItem(
                        task=row.id,
                        unit=row.unit,
                        request=r.id,
                        status=r.status,
                        asked=r.asked,
                        due_asked=r.due,
                        due=row.approved_due or row.due,
                        need=r.need,
                        decided=r.decided,
                    )
                )
    items.sort(key=lambda i: (i.asked or date.min, i.task, i.request))
    return items


def unapproved(rows: list[TaskRow], judged: dict[str, Judged]) -> list[UnapprovedItem]:
    items = []
    for row in rows:
        j = judged.get(row.id)
        for name, was, now, ok in j.unapproved if j else ():
            authors = list(dict.fromkeys(r.author for r in row.reports))
            items.append(UnapprovedItem(row.id, row.unit, name, was, now, ok, authors))
    return items


def delivered(rows: list[TaskRow], period: Period) -> list[TaskRow]:
    """Tasks done in the period: completed in it, or their claim recorded in it."""
    return [
        r
        for r in rows
        if r.progress_status == "done"
        and any(d is not None and period.contains(d) for d in (r.completed, r.recorded))
    ]


def cancelled_late(
    task: TaskFacts, before: TaskFacts | None, in_period: list[Report_], ref: date
) -> int:
    """How many days past its due a task cancelled in this period was when it was
    cancelled (the day its `r57 cancel` reports on; the reference day for a cancellation
    by hand); 0 when it was cancelled before, or not late. Such a task is counted as
    cancelled, never as done or on time, but its report says it was already overdue."""
    if before is not None and before.status == "cancelled":
        return 0
    days = [r.report_date for r in in_period if r.action == "cancel"]
    day = max(days) if days else ref
    return max(0, (day - task.due).days)
