"""The demo's seeded simulation: the plan played week by week into the events staff would
have recorded (who reports what, for which day, committed when). Pure: no git, no I/O.

Everything comes from one `random.Random(seed)`, so the same seed and the same today give
the same events; the order in which it is drawn from is part of that promise.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from r57cli.demo.people import Person, UnitPeople
from r57cli.demo.script import Block, Calendar, Script, ScriptWriter, actual
from r57cli.demo.texts import (
    NEXT_PLANS,
    NOTES,
    QUIET_NOTES,
    SETBACKS,
    done_note,
    milestone_note,
    start_note,
)
from r57cli.history.periods import week_start_of
from r57cli.plan.model import Task

# How often a task reports in a week (before the unit's habits): rarely in older months, so
# that the demo builds in seconds, more often in the weeks a weekly report looks at.
_RATE_OLD = 0.22
_RATE_RECENT = 0.55
_RECENT_WEEKS = 8
_LATE = 0.08  # share of reports recorded in the following week


# ------------------------------------------------------------------------- events


@dataclass
class Event:
    task: str
    when: date  # the day the report is for (R57-Date)
    action: str
    author: Person
    fields: dict[str, Any]
    expect: str | None  # the blocker or request ID the step must create
    at: datetime  # the commit time
    late: bool


@dataclass
class State:
    status: str = "not_started"
    pct: int = 0
    open_blocks: list[Block] = field(default_factory=list)
    blocks_made: int = 0
    requests_made: int = 0
    frozen: int | None = None  # the % when the open blocker was raised
    silent_until: date | None = None
    last_at: datetime | None = None


class Simulation:
    """The whole history as events, from the seed alone: `play()` gives them."""

    def __init__(
        self,
        tasks: list[Task],
        units: dict[str, UnitPeople],
        calendar: Calendar,
        today: date,
        seed: int,
    ) -> None:
        self.tasks = sorted(tasks, key=lambda t: t.id)
        self.units = units
        self.cal = calendar
        self.today = today
        self.rng = random.Random(seed)
        # Units that report badly: late, rarely, with long silences.
        names = sorted(u for u in {t.unit for t in self.tasks} if u not in ("ndta", "office"))
        self.poor = set(self.rng.sample(names, k=min(3, len(names))))
        writer = ScriptWriter(self.tasks, units, calendar, today, self.poor, self.rng)
        self.scripts = writer.scripts
        self.states = {t.id: State() for t in self.tasks}
        self.events: list[Event] = []

    # -------------------------------------------------------------- the weeks

    def play(self) -> list[Event]:
        """Every event in commit order, each commit strictly after the one before it."""
        first = week_start_of(min(t.start for t in self.tasks), "monday")
        last = week_start_of(self.today, "monday")
        week = first
        while week <= last:
            self._week(week, current=week == last)
            week += timedelta(weeks=1)
        return self._ordered()

    def _week(self, week: date, *, current: bool) -> None:
        sunday = week + timedelta(days=6)
        days = [d for d in (week + timedelta(days=i) for i in range(5)) if d <= self.today]
        days = [d for d in days if self.cal.working(d)]
        recent = (week_start_of(self.today, "monday") - week).days < 7 * _RECENT_WEEKS
        planned: dict[str, list[tuple[date, int, str, Any]]] = {}
        for task in self.tasks:
            st = self.states[task.id]
            if st.status not in ("done", "cancelled") and task.start <= min(sunday, self.today):
                planned[task.id] = self._scripted(task, week, sunday)
        chosen = self._current_reporters(planned) if current else None
        for task in self.tasks:
            if task.id not in planned:
                continue
            s, st = self.scripts[task.id], self.states[task.id]
            items = planned[task.id]
            day = self._report_day(task, s, st, week, days, recent, chosen)
            if day is not None:
                items.append((day, 5, "report", chosen is not None))
            for when, _, action, item in sorted(items, key=lambda i: (i[0], i[1])):
                if when > self.today or st.status in ("done", "cancelled"):
                    continue
                self._apply(task, s, st, when, action, item)

    def _scripted(self, task: Task, week: date, sunday: date) -> list[tuple[date, int, str, Any]]:
        """What the script has for the task this week: (day, order within a day, action,
        the blocker or request)."""
        s, st = self.scripts[task.id], self.states[task.id]
        items: list[tuple[date, int, str, Any]] = []
        first_day = task.start + timedelta(weeks=s.start_delay)
        if st.status == "not_started" and s.explicit_start and first_day <= sunday:
            start_day = self.cal.next_working(max(first_day, week))
            if start_day <= min(sunday, self.today):
                items.append((start_day, 0, "start", None))
        for b in s.blocks:
            if b.lifted is not None and week <= b.lifted <= sunday:
                items.append((b.lifted, 1, "unblock", b))
            if week <= b.raised <= sunday:
                items.append((b.raised, 2, "block", b))
        for r in s.requests:
            if week <= r.asked <= sunday:
                items.append((r.asked, 3, "request", r))
            if r.decided is not None and week <= r.decided <= sunday:
                items.append((r.decided, 4, "decide", r))
        if s.finish is not None and week <= s.finish <= sunday and s.cancel is None:
            items.append((s.finish, 6, "done", None))
        if s.cancel is not None and week <= s.cancel <= sunday:
            items.append((s.cancel, 6, "cancel", None))
        return [i for i in items if i[0] <= self.today]

    def _current_reporters(self, planned: dict[str, list[Any]]) -> set[str]:
        """The tasks that send a weekly report in today's week: with what the script has
        for them, about a third of the active tasks, good units first."""
        active = [t for t in self.tasks if t.id in planned]
        want = round(len(active) / 3) - sum(1 for t in active if planned[t.id])
        good = [t.id for t in active if t.unit not in self.poor and not planned[t.id]]
        poor = [t.id for t in active if t.unit in self.poor and not planned[t.id]]
        self.rng.shuffle(good)
        self.rng.shuffle(poor)
        return set((good + poor)[: max(0, want)])

    def _report_day(
        self,
        task: Task,
        s: Script,
        st: State,
        week: date,
        days: list[date],
        recent: bool,
        chosen: set[str] | None,
    ) -> date | None:
        rng = self.rng
        days = [d for d in days if d >= task.start + timedelta(weeks=s.start_delay)]
        ending = s.cancel or s.finish
        if ending is not None and ending < week + timedelta(days=14) and chosen is None:
            # The last report before the task is done or cancelled: nobody finishes a
            # task they never reported on.
            days = [d for d in days if d <= ending]
            if days and st.pct < 70:
                return rng.choice(days)
        if not days:
            return None
        poor = task.unit in self.poor
        if chosen is not None:
            wanted = task.id in chosen
        else:
            if st.silent_until is not None and week < st.silent_until:
                return None
            if rng.random() < (0.04 if poor else 0.015):
                st.silent_until = week + timedelta(weeks=rng.randint(3, 7))
                return None
            rate = _RATE_RECENT if recent else _RATE_OLD
            rate *= 0.6 if poor else 1.0
            if any(week <= m.date <= week + timedelta(days=6) for m in task.milestones):
                rate = max(rate, 0.6)
            wanted = rng.random() < rate
        return rng.choice(days) if wanted else None

    # -------------------------------------------------------------- one step

    def _apply(self, task: Task, s: Script, st: State, when: date, action: str, item: Any) -> None:
        unit = self.units[task.unit]
        if action == "start":
            if st.status != "not_started":
                return
            person = self._author(task, "report")
            note = start_note(_name(unit, task.responsible, person))
            self._emit(task, when, "start", person, {"note": note})
            st.status = "in_progress"
        elif action == "block":
            st.blocks_made += 1
            item.id = f"B-{st.blocks_made}"
            fields = {"kind": item.kind, "ref": item.ref, "reason": item.description}
            self._emit(task, when, "block", self._author(task, "raise"), fields, item.id)
            st.open_blocks.append(item)
            st.frozen = st.pct
        elif action == "unblock":
            if item not in st.open_blocks:
                return
            fields = {"blocker_id": item.id, "note": item.lift_note}
            self._emit(task, when, "unblock", self._author(task, "settle"), fields)
            st.open_blocks.remove(item)
            st.frozen = st.pct if st.open_blocks else None
        elif action == "request":
            st.requests_made += 1
            item.id = f"R-{st.requests_made}"
            fields = {"unit": item.unit, "need": item.need, "amount": item.amount}
            self._emit(task, when, "request", self._author(task, "raise"), fields, item.id)
        elif action == "decide":
            if not item.id:
                return
            fields = {"request_id": item.id, "outcome": item.outcome, "note": item.note}
            self._emit(task, when, "decide", self._author(task, "settle"), fields)
        elif action == "done":
            if st.open_blocks:
                return  # (never: the script lifts them first)
            self._emit(task, when, "done", self._author(task, "report"), {"note": done_note(task)})
            st.status, st.pct = "done", 100
        elif action == "cancel":
            fields = {"reason": s.cancel_reason}
            self._emit(task, when, "cancel", self._author(task, "raise"), fields)
            st.status = "cancelled"
        elif action == "report":
            self._report(task, s, st, when, must=bool(item))

    def _report(self, task: Task, s: Script, st: State, when: date, *, must: bool) -> None:
        """A weekly report: the new % where the task stands, or a note that nothing moved
        (always something when `must`: today's week), now and then a figure going down."""
        rng = self.rng
        assert s.finish is not None
        target = actual(task, s.points, s.finish, when) + s.bias + rng.gauss(0, 2)
        if st.frozen is not None:
            target = min(target, st.frozen + 12)
        target = min(95.0, target)
        rounded, exact = int(round(target / 5) * 5), int(round(target))
        pct = rounded if rng.random() < 0.7 and rounded > st.pct else exact
        pct = min(pct, 95)
        person = self._author(task, "report")
        if st.status == "not_started":
            if pct < 5 and not must:
                return
            pct = max(pct, 5)
            self._emit(task, when, "update", person, {"pct": pct, "note": rng.choice(NOTES)})
            st.status, st.pct = "in_progress", pct
            return
        if st.pct >= 30 and st.frozen is None and rng.random() < 0.03:
            lower = st.pct - rng.choice([5, 5, 10, 15])
            fields = {"pct": lower, "reason": rng.choice(SETBACKS), "note": None}
            self._emit(task, when, "update", person, fields)
            st.pct = lower
            return
        if pct <= st.pct or rng.random() < 0.06:
            if must or rng.random() < 0.6:
                quiet = rng.choice(QUIET_NOTES)
                fields = {"pct": None, "note": quiet, **self._next(when)}
                self._emit(task, when, "update", person, fields)
            return
        note = milestone_note(task, st.pct, pct)
        if note is None and rng.random() < 0.5:
            note = rng.choice(NOTES)
        self._emit(task, when, "update", person, {"pct": pct, "note": note, **self._next(when)})
        st.pct = pct

    def _next(self, when: date) -> dict[str, str]:
        """In the last weeks, what the person will do next week (`r57 update --next`), so
        that the report's next-period section has something to show. Chosen without the
        random stream, which the rest of the history follows."""
        if (self.today - when).days >= 21:
            return {}
        return {"next": NEXT_PLANS[when.toordinal() % len(NEXT_PLANS)]}

    def _author(self, task: Task, role: str) -> Person:
        """Who in the owner unit records it: mostly the person responsible or the unit's
        focal person; its leader raises some blockers and requests."""
        unit = self.units[task.unit]
        roll = self.rng.random()
        if role == "raise" and roll < 0.4:
            wanted = unit.leader
        elif roll < (0.5 if role == "settle" else 0.55):
            wanted = task.responsible
        elif roll < 0.85:
            wanted = unit.focal
        else:
            return self.rng.choice(unit.members)
        return unit.get(wanted) or self.rng.choice(unit.members)

    def _emit(
        self,
        task: Task,
        when: date,
        action: str,
        author: Person,
        fields: dict[str, Any],
        expect: str | None = None,
    ) -> None:
        st = self.states[task.id]
        at, late = self._commit_time(task, when)
        if st.last_at is not None and at <= st.last_at:
            at = st.last_at + timedelta(minutes=self.rng.randint(1, 9))
        st.last_at = at
        self.events.append(Event(task.id, when, action, author, fields, expect, at, late))

    def _commit_time(self, task: Task, when: date) -> tuple[datetime, bool]:
        """When the report is committed: on its day, in working hours; or (sometimes, and
        for days off) on one of the next working days: a late report."""
        rng = self.rng
        poor = task.unit in self.poor
        next_week = week_start_of(when, "monday") + timedelta(weeks=1)
        later = self.cal.next_working(next_week + timedelta(days=rng.choice([0, 0, 1])))
        late = rng.random() < (_LATE * 2.5 if poor else _LATE) and later <= self.today
        if late:
            day = later
        elif self.cal.next_working(when) <= self.today:
            day = self.cal.next_working(when)  # a day off: the next working day
        else:
            day = when
        minute = rng.randint(0, 419)  # 08:00-11:30 and 13:30-17:30
        if late:
            minute = rng.randint(0, 150)
        clock = 8 * 60 + minute if minute < 210 else 13 * 60 + 30 + minute - 210
        at = datetime.combine(day, time(clock // 60, clock % 60, rng.randint(0, 59)))
        return at.replace(tzinfo=self.cal.zone), late

    def _ordered(self) -> list[Event]:
        """Events in commit order, each commit strictly after the one before it."""
        events = sorted(enumerate(self.events), key=lambda p: (p[1].at, p[0]))
        out: list[Event] = []
        previous: datetime | None = None
        for _, event in events:
            if previous is not None and event.at <= previous:
                event.at = previous + timedelta(seconds=self.rng.randint(20, 90))
            previous = event.at
            out.append(event)
        return out


def _name(unit: UnitPeople, person_id: str, fallback: Person) -> str:
    person = unit.get(person_id)
    return person.name if person else fallback.name
