"""The schedule steps: an approved reschedule, a request for more time, a completion with
its proof, and a coordinator's confirmation of a claimed completion date. Pure, like
progress.py: each takes the task as it is, edits it through a YamlEditor and returns the
commit's parts, or raises StepError when the step is not allowed.

A reschedule edits start, due and milestones in place and appends the record of it to
`reschedules:` (before: and after: hold exactly the keys that changed), so the task file
always says what the schedule was and who moved it (docs/schedule.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from r57cli.locale.reportwords import status_word
from r57cli.locale.texts import say
from r57cli.plan.model import Milestone, ResourceRequest, Task
from r57cli.record.progress import (
    _CONTROL,
    PROGRESS_ORDER,
    REQUEST_ORDER,
    TASK_ORDER,
    Change,
    StepError,
    _closed,
    _next_id,
    _timing,
    clean_text,
)
from r57cli.record.progress import done as progress_done
from r57cli.record.yamledit import YamlEditor

MILESTONE_ORDER = list(Milestone.model_fields)


@dataclass(frozen=True)
class NewMilestone:
    """One --milestone DATE:PCT[:LABEL] as given."""

    date: date
    planned_pct: int
    label: str | None = None


def one_line(value: str | None, option: str, limit: int = 300) -> str | None:
    """A one-line text option (a reason, a decision), its control characters named."""
    if value is None:
        return None
    if _CONTROL.search(value.strip()) or "\n" in value.strip():
        raise StepError(say("control-text", option=option, value=value))
    return clean_text(value, option, limit=limit, one_line=True)


def _recorded_day(when: date, today: date, task: Task, option: str = "--date") -> None:
    """A schedule change is recorded for today or a day before it, not before the task's
    start (for a task not started yet: today), nor before the last reschedule."""
    if when > today:
        raise StepError(say("future-date", option=option, value=when, today=today))
    floor = min(task.start, today)
    if task.reschedules:
        floor = max(floor, task.reschedules[-1].date)
    if when < floor:
        raise StepError(say("sched-date-floor", option=option, value=when, floor=floor))


# ------------------------------------------------------------------------- reschedule


def reschedule(
    task: Task,
    ed: YamlEditor,
    *,
    by: str,
    reason: str | None,
    decision: str | None,
    due: date | None,
    start: date | None,
    milestones: list[NewMilestone] | None,
    shift: bool,
    grants: str | None,
    require_decision: bool,
    when: date,
    today: date,
) -> Change:
    """`r57 reschedule`: move start, due and/or milestones, with the record of it."""
    _closed(task)
    _recorded_day(when, today, task)
    reason = one_line(reason, "--reason")
    if not reason:
        raise StepError(say("needs-reason", action="reschedule"))
    decision = one_line(decision, "--decision")
    if require_decision and not decision:
        raise StepError(say("sched-needs-decision", task=task.id))
    request = _granted(task, grants, when) if grants else None
    if due is None and request is not None:
        due = request.due  # granting an extension moves the due to the day asked for
    new_start, new_due = start or task.start, due or task.due
    if new_due < new_start:
        # name the option the user typed: only --start given means the start is what is wrong
        key = "sched-start-after-due" if due is None else "sched-due-before-start"
        raise StepError(say(key, due=new_due, start=new_start))
    if due is not None and due != task.due and due < today:
        raise StepError(say("sched-due-past", task=task.id, due=due, today=today))
    old_ms = [(m.date, m.planned_pct, m.label) for m in task.milestones]
    if milestones is not None:
        keep = len(milestones) == len(old_ms)
        new_ms = [
            (m.date, m.planned_pct, m.label or (old_ms[i][2] if keep else None))
            for i, m in enumerate(milestones)
        ]
    elif shift:
        new_ms = _shifted(old_ms, task, new_start, new_due, when)
    else:
        new_ms = old_ms
        outside = [d for d, _, _ in old_ms if not new_start <= d <= new_due]
        if outside:
            raise StepError(
                say(
                    "sched-ms-outside",
                    task=task.id,
                    dates=", ".join(map(str, outside)),
                    start=new_start,
                    due=new_due,
                )
            )
    _check_milestones(new_ms, new_start, new_due)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    if new_start != task.start:
        before["start"], after["start"] = task.start, new_start
    if new_due != task.due:
        before["due"], after["due"] = task.due, new_due
    if [m[:2] for m in new_ms] != [m[:2] for m in old_ms]:
        before["milestones"] = [_ms_item(m) for m in old_ms]
        after["milestones"] = [_ms_item(m) for m in new_ms]
    if not after:
        raise StepError(say("sched-nothing", task=task.id))
    for key in ("start", "due"):
        if key in after:
            ed.set((key,), after[key], TASK_ORDER)
    if "milestones" in after:
        _write_milestones(ed, old_ms, new_ms)
    entry_id = _next_id("S", [s.id for s in task.reschedules])
    item: dict[str, Any] = {"id": entry_id, "date": when, "by": by, "reason": reason}
    if decision:
        item["decision"] = decision
    if request is not None:
        item["request"] = request.id
    item |= {"before": before, "after": after}
    ed.append(("reschedules",), item, TASK_ORDER)
    trailers = {"R57-Reschedule": entry_id}
    if "due" in after:
        trailers |= {"R57-Due-From": str(task.due), "R57-Due-To": str(new_due)}
    if "start" in after:
        trailers |= {"R57-Start-From": str(task.start), "R57-Start-To": str(new_start)}
    if "milestones" in after:
        trailers["R57-Milestones"] = _ms_trailer(new_ms)
    trailers["R57-Reason"] = reason
    if decision:
        trailers["R57-Decision"] = decision
    if request is not None:
        i = [r.id for r in task.resources].index(request.id)
        ed.set(("resources", i, "status"), "granted", REQUEST_ORDER)
        ed.set(("resources", i, "decided"), when, REQUEST_ORDER)
        trailers |= {"R57-Request": request.id, "R57-Request-Status": "granted"}
    if "due" in after:
        days = (new_due - task.due).days
        subject = f"{task.id}: due {task.due} → {new_due} ({days:+d} days, {entry_id})"
    elif "start" in after:
        subject = f"{task.id}: start {task.start} → {new_start} ({entry_id})"
    else:
        subject = f"{task.id}: milestones rescheduled ({entry_id})"
    # The reason and the decision are in the trailers, which log and show read.
    return Change(task, "reschedule", subject, None, trailers)


def _granted(task: Task, request_id: str, when: date) -> ResourceRequest:
    """The open extension request of the task that this reschedule grants."""
    open_ext = [r for r in task.resources if r.kind == "extension" and r.status == "open"]
    found = next((r for r in open_ext if r.id == request_id), None)
    if found is None or found.due is None:
        ids = ", ".join(r.id for r in open_ext) or say("none")
        raise StepError(say("sched-no-extension", task=task.id, id=request_id, ids=ids))
    if when < found.asked:
        raise StepError(say("before-asked", value=when, asked=found.asked, id=found.id))
    return found


def _shifted(
    old: list[tuple[date, int, str | None]], task: Task, start: date, due: date, when: date
) -> list[tuple[date, int, str | None]]:
    """--shift-milestones: the milestones still ahead (after the day of the reschedule)
    keep their place in what is left of the task's period, stretched or shrunk with it: one
    on the old due lands on the new due, one that would fall on a weekend on the Friday
    before. The ones already passed stay where they were: they are history; except the one
    on the old due, which is the deadline itself: it moves to the new due even when the old
    due has passed (an overdue task given more time is planned to finish on the new due)."""
    old_from, new_from = max(when, task.start), max(when, start)
    span_old, span_new = (task.due - old_from).days, (due - new_from).days
    out = []
    for d, pct, lbl in old:
        moved = d
        if d == task.due:
            moved = due
        elif d > when and span_old > 0:
            moved = new_from + timedelta(days=round((d - old_from).days * span_new / span_old))
            if moved != due and moved.weekday() >= 5:
                moved -= timedelta(days=moved.weekday() - 4)  # the Friday before a weekend
        out.append((min(max(moved, start), due), pct, lbl))
    return out


def _check_milestones(ms: list[tuple[date, int, str | None]], start: date, due: date) -> None:
    previous: tuple[date, int, str | None] | None = None
    for n, (d, pct, _) in enumerate(ms, 1):
        if not start <= d <= due:
            raise StepError(say("sched-ms-window", n=n, date=d, start=start, due=due))
        if previous is not None and d <= previous[0]:
            raise StepError(say("sched-ms-order", n=n, date=d, previous=previous[0]))
        if previous is not None and pct < previous[1]:
            raise StepError(say("sched-ms-pct", n=n, pct=pct, previous=previous[1]))
        previous = (d, pct, None)


def _ms_item(m: tuple[date, int, str | None]) -> dict[str, Any]:
    item: dict[str, Any] = {"date": m[0], "planned_pct": m[1]}
    if m[2]:
        item["label"] = m[2]
    return item


def _ms_trailer(ms: list[tuple[date, int, str | None]]) -> str:
    return ", ".join(f"{d}:{pct}" for d, pct, _ in ms)


def _write_milestones(
    ed: YamlEditor, old: list[tuple[date, int, str | None]], new: list[tuple[date, int, str | None]]
) -> None:
    """In place when the count is the same (only the values that changed), else the list
    is written anew."""
    if len(old) == len(new) and old:
        for i, (o, n) in enumerate(zip(old, new, strict=True)):
            for j, key in enumerate(("date", "planned_pct", "label")):
                if o[j] != n[j] and n[j] is not None:
                    ed.set(("milestones", i, key), n[j], MILESTONE_ORDER)
        return
    ed.delete(("milestones",))
    for m in new:
        ed.append(("milestones",), _ms_item(m), TASK_ORDER)


# ------------------------------------------------------------------------- extension


def extend(task: Task, ed: YamlEditor, *, to: date, reason: str, when: date, today: date) -> Change:
    """`r57 extend`: the unit asks for a later due; a coordinator decides."""
    _closed(task)
    _recorded_day(when, today, task)
    need = one_line(reason, "--reason")
    assert need is not None
    if to <= task.due:
        raise StepError(say("extend-not-later", task=task.id, to=to, due=task.due))
    if to <= today:
        raise StepError(say("extend-past", to=to, today=today))
    pending = [r.id for r in task.resources if r.kind == "extension" and r.status == "open"]
    if pending:
        raise StepError(say("extend-pending", task=task.id, id=pending[0]))
    request_id = _next_id("R", [r.id for r in task.resources])
    item: dict[str, Any] = {"id": request_id, "kind": "extension", "due": to, "need": need}
    item |= {"asked": when, "status": "open"}
    ed.append(("resources",), item, TASK_ORDER)
    days = (to - task.due).days
    trailers = {
        "R57-Request": request_id,
        "R57-Request-Kind": "extension",
        "R57-Due-From": str(task.due),
        "R57-Due-To": str(to),
        "R57-Reason": need,
    }
    subject = f"{task.id}: asks to extend the due {task.due} → {to} ({days:+d} days, {request_id})"
    return Change(task, "extend", subject, None, trailers)


# ------------------------------------------------------------------------- completion


def done(
    task: Task,
    ed: YamlEditor,
    *,
    note: str | None,
    evidence: list[str],
    require_evidence: bool,
    max_backdate_days: int,
    when: date,
    today: date,
) -> Change:
    """`r57 done`, with its proof (progress.evidence) and, for a completion dated more than
    policy.max_backdate_days before today, the day it was recorded (a claim)."""
    proof = [p for p in (one_line(e, "--evidence") for e in evidence) if p]
    if require_evidence and not proof:
        raise StepError(say("done-needs-evidence", task=task.id))
    change = progress_done(task, ed, note=note, when=when, today=today)
    for key in ("recorded", "confirmed_by"):
        ed.delete(("progress", key))  # left by an earlier completion, since reopened
    if (today - when).days > max_backdate_days:
        ed.set(("progress", "recorded"), today, PROGRESS_ORDER)
        change.trailers["R57-Recorded"] = str(today)
        # The subject says both dates, so `git log` never reads "early" for a claim alone.
        late = (today - task.due).days
        recorded = f"{late} days late" if late > 0 else "before the due"
        change.subject = (
            f"{task.id}: done, {task.progress.pct}% → 100% (claimed for {when}, "
            f"{_timing(task, when)}; recorded {today}, {recorded})"
        )
    if proof:
        known = list(task.progress.evidence)
        ed.delete(("progress", "evidence"))
        merged = known + [p for p in proof if p not in known]
        ed.set(("progress", "evidence"), merged, PROGRESS_ORDER)
        change.trailers["R57-Evidence"] = "; ".join(proof)[:300]
    return change


def confirm(
    task: Task, ed: YamlEditor, *, by: str, note: str | None, when: date, today: date
) -> Change:
    """`r57 confirm`: a coordinator accepts a claimed completion date."""
    p = task.progress
    if p.status != "done":
        raise StepError(say("confirm-not-done", task=task.id, status=status_word(p.status)))
    if p.recorded is None:
        raise StepError(say("confirm-no-claim", task=task.id, date=p.completed))
    if p.confirmed_by is not None:
        raise StepError(say("confirm-already", task=task.id, who=p.confirmed_by))
    if when > today:
        raise StepError(say("future-date", option="--date", value=when, today=today))
    text = clean_text(note, "--note", limit=2000, one_line=False) if note is not None else None
    ed.set(("progress", "confirmed_by"), by, PROGRESS_ORDER)
    trailers = {
        "R57-Completed": str(p.completed),
        "R57-Recorded": str(p.recorded),
        "R57-Confirmed-By": by,
    }
    subject = f"{task.id}: completion on {p.completed} confirmed (recorded {p.recorded})"
    return Change(task, "confirm", subject, text, trailers)
