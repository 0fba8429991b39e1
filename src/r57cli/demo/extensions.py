"""The demo's requests for more time: one that a coordinator grants by decision, moving the
due (`r57 extend`, then `r57 reschedule --grants`), and one refused (`r57 decide --outcome
refused`). Pure, and decided from the simulated events alone, without drawing from the
seed's random stream: the rest of the history stays what it was.

The granted one lands in today's week, so that the week report has a moved deadline to
show; both go to tasks still open at the end, and never to one whose later requests the
simulation numbered already (their IDs would shift).
"""

from __future__ import annotations

import bisect
import calendar as months
from datetime import date, datetime, time, timedelta
from typing import Any

from r57cli.demo.people import Person, UnitPeople
from r57cli.demo.script import Calendar
from r57cli.demo.simulation import Event
from r57cli.history.periods import week_start_of
from r57cli.plan.model import Task
from r57cli.record.progress import Change
from r57cli.record.yamledit import YamlEditor

ACTIONS = frozenset({"extend", "reschedule"})

_GRANTED_NEED = (
    "Các tỉnh đề nghị bổ sung chỉ tiêu phù hợp với chính quyền địa phương hai cấp; cần thêm "
    "thời gian lấy ý kiến và hoàn thiện hồ sơ trình."
)
_GRANTED_REASON = "Chấp thuận gia hạn theo đề nghị của đơn vị để lấy thêm ý kiến các tỉnh."
_REFUSED_NEED = "Đơn vị đề nghị lùi hạn do thiếu nhân lực trong quý."
_REFUSED_NOTE = (
    "Không chấp thuận: nhiệm vụ thuộc danh mục ưu tiên; đơn vị bố trí thêm cán bộ để bảo "
    "đảm tiến độ."
)


def add(
    events: list[Event],
    tasks: list[Task],
    units: dict[str, UnitPeople],
    coordinator: Person,
    cal: Calendar,
    today: date,
) -> list[Event]:
    """`events` (in commit order) with the two extension stories put in their place."""
    grant_day = min(cal.next_working(week_start_of(today, "monday")), today)
    granted_ask = cal.next_working(grant_day - timedelta(days=10))
    refused_ask = cal.next_working(grant_day - timedelta(days=24))
    refused_day = cal.next_working(refused_ask + timedelta(days=7))
    out = list(events)
    chosen: set[str] = set()
    stories = [
        (granted_ask, grant_day, "granted"),
        (refused_ask, refused_day, "refused"),
    ]
    for ask, decide, outcome in stories:
        if decide > today or ask >= decide:
            continue
        # A unit asks the coordinator: not the coordinator's own unit, when there is another.
        others = [t for t in tasks if units[t.unit].get(coordinator.id) is None]
        task = _candidate(out, others, ask, chosen) or _candidate(out, tasks, ask, chosen)
        if task is None:
            continue
        chosen.add(task.id)
        unit = units[task.unit]
        askers = [unit.get(unit.focal), unit.get(task.responsible), *unit.members]
        asker = next((p for p in askers if p is not None and p != coordinator), coordinator)
        request = f"R-{1 + sum(1 for e in out if e.task == task.id and e.action == 'request')}"
        to = _month_end(max(task.due, decide) + timedelta(days=90))
        fields: dict[str, Any] = {"to": to, "reason": _GRANTED_NEED}
        if outcome == "refused":
            fields["reason"] = _REFUSED_NEED
        _insert(
            out, Event(task.id, ask, "extend", asker, fields, request, _at(ask, 10, cal), False)
        )
        if outcome == "granted":
            number = 1000 + decide.timetuple().tm_yday
            fields = {
                "grants": request,
                "reason": _GRANTED_REASON,
                "decision": f"Quyết định {number}/QĐ-BTTTT",
                "by": coordinator.id,
            }
            action = "reschedule"
        else:
            fields = {"request_id": request, "outcome": "refused", "note": _REFUSED_NOTE}
            action = "decide"
        at = _at(decide, 15, cal)
        _insert(out, Event(task.id, decide, action, coordinator, fields, None, at, False))
    return out


def _candidate(events: list[Event], tasks: list[Task], ask: date, taken: set[str]) -> Task | None:
    """A task under way on `ask`, never done or cancelled, with no request the simulation
    makes after it: the overdue ones first, then by ID."""
    closed = {e.task for e in events if e.action in ("done", "cancel")}
    started = {e.task for e in events if e.when <= ask}
    later = {e.task for e in events if e.action == "request" and e.at.date() >= ask}
    fit = [
        t
        for t in tasks
        if t.id in started and t.id not in closed | later | taken and t.start <= ask
    ]
    fit.sort(key=lambda t: (t.due >= ask, t.id))
    return fit[0] if fit else None


def _month_end(day: date) -> date:
    return day.replace(day=months.monthrange(day.year, day.month)[1])


def _at(day: date, hour: int, cal: Calendar) -> datetime:
    return datetime.combine(day, time(hour, 20), tzinfo=cal.zone)


def _insert(events: list[Event], event: Event) -> None:
    """In commit order, strictly between its neighbours."""
    i = bisect.bisect_right([e.at for e in events], event.at)
    if i > 0 and events[i - 1].at >= event.at:
        event.at = events[i - 1].at + timedelta(seconds=30)
    if i < len(events) and events[i].at <= event.at:
        middle = events[i - 1].at + (events[i].at - events[i - 1].at) / 2
        event.at = middle.replace(microsecond=0)
    events.insert(i, event)


def step(
    action: str, f: dict[str, Any], task: Task, ed: YamlEditor, when: date, today: date
) -> Change:
    """The step of one extension event, as `r57 extend` and `r57 reschedule` make it."""
    from r57cli.record import schedule

    if action == "extend":
        return schedule.extend(task, ed, to=f["to"], reason=f["reason"], when=when, today=today)
    return schedule.reschedule(
        task,
        ed,
        by=f["by"],
        reason=f["reason"],
        decision=f["decision"],
        due=None,
        start=None,
        milestones=None,
        shift=True,
        grants=f["grants"],
        require_decision=False,
        when=when,
        today=today,
    )
