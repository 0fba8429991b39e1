"""`r57 demo DIR`: a plan repository with a believable, reproducible history.

It copies the bundled plan (plan286/), resets every task to "not started", commits that as
the kick-off, then replays a seeded history of weekly reports up to today. Every report goes
through `record()` with a step made by the functions of progress.py, exactly the code path
of `r57 update`, `r57 done`, `r57 block`...: the history is what staff would have made.

Two phases. `_History` simulates the plan week by week and yields a list of events (who
reports what, for which day, committed when); `build` then makes the repository and
records them in commit order. The simulation alone decides everything, from one
`random.Random(seed)`, so the same seed and the same today give the same commits, byte for
byte. Nothing prints here: the command passes a callback for its progress bar.

What the history holds, so that the reports have something to show:
- tasks start when planned (some units a week or two late), report progress that follows
  the planned curve through the milestones, a few ahead and more behind, and finish early,
  on time or late; the bundled plan's own completion dates, blockers, resource requests
  and cancellations are kept, and the seed adds more;
- some reports are only a note (an empty commit), some are recorded a few days late
  (`--date` in the week before the commit), some units go silent for weeks;
- blockers (a decree, a circular, the budget...) are raised and lifted weeks later, and
  progress slows while they are open; resource requests are asked and decided;
- a figure sometimes goes down, with a reason;
- in today's week about a third of the active tasks have reported.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from r57cli.errors import R57Error
from r57cli.model import Task
from r57cli.texts import say

DEFAULT_SEED = 57
# How often a task reports in a week (before the unit's habits): rarely in older months, so
# that the demo builds in seconds, more often in the weeks a weekly report looks at.
_RATE_OLD = 0.22
_RATE_RECENT = 0.55
_RECENT_WEEKS = 8
_LATE = 0.08  # share of reports recorded in the following week

Progress = Callable[[int, int], None]


# ------------------------------------------------------------------------- people


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    email: str


@dataclass
class UnitPeople:
    id: str
    members: list[Person]
    leader: str | None
    focal: str | None

    def get(self, person_id: str | None) -> Person | None:
        return next((m for m in self.members if m.id == person_id), None)


def _units(data: Any) -> tuple[dict[str, UnitPeople], Person, Person]:
    """Each unit's people, and the plan's coordinator and admin (the first with the role)."""
    units: dict[str, UnitPeople] = {}
    coordinator: Person | None = None
    admin: Person | None = None
    for unit in data.get("units") or [] if isinstance(data, dict) else []:
        people = []
        for member in unit.get("members") or []:
            emails = member.get("emails") or []
            if not emails:
                continue
            person = Person(str(member["id"]), str(member["name"]), str(emails[0]))
            people.append(person)
            roles = member.get("roles") or []
            if "coordinator" in roles and coordinator is None:
                coordinator = person
            if "admin" in roles and admin is None:
                admin = person
        units[str(unit["id"])] = UnitPeople(
            str(unit["id"]), people, unit.get("leader"), unit.get("focal")
        )
    everyone = [p for u in units.values() for p in u.members]
    if not everyone:
        raise R57Error(say("demo-no-people"))
    coordinator = coordinator or admin or everyone[0]
    return units, coordinator, admin or coordinator


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


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def kick_off(tasks: list[Task]) -> date:
    """The kick-off meeting: the Wednesday before the week the first task starts (for
    Plan 286, 5 February 2025)."""
    return monday(min(t.start for t in tasks)) - timedelta(days=5)


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


def _actual(task: Task, points: list[tuple[int, float]], finish: date, day: date) -> float:
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
        if _actual(task, points, middle, day) > pct:
            low = middle
        else:
            high = middle
    return high


# ------------------------------------------------------------------------- the script


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


@dataclass
class Event:
    task: str
    when: date  # the day the report is for (R57-Date)
    action: str
    author: Person
    fields: dict[str, Any] = field(default_factory=dict)
    expect: str | None = None  # the blocker or request ID the step must create
    at: datetime | None = None  # the commit time
    late: bool = False


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


# Extra blockers the seed adds: (kind, ref, description, note when lifted).
_BLOCKERS: list[tuple[str, str | None, str, str]] = [
    (
        "decree",
        "Decree 73/2019/ND-CP",
        "The decree on IT investment from the state budget has no procedure for renting "
        "cloud services; the contract cannot be signed until it is amended.",
        "Nghị định sửa đổi đã được ban hành, tiếp tục ký hợp đồng thuê dịch vụ.",
    ),
    (
        "decree",
        "Decree 47/2020/ND-CP",
        "Ministries and provinces read the data-sharing rules differently; the connection "
        "to the national data-sharing platform waits for a common interpretation.",
        "Bộ đã có văn bản hướng dẫn thống nhất, tiếp tục kết nối.",
    ),
    (
        "circular",
        "Circular 03/2024/TT-BTTTT",
        "The technical requirements in the circular conflict with the new national "
        "standard; the Legal Department is drafting an amendment.",
        "Thông tư sửa đổi đã được ký ban hành.",
    ),
    (
        "circular",
        "Circular 04/2020/TT-BTTTT",
        "The circular's rules on IT project management do not fit agile software "
        "development; the appraisal of the project is on hold.",
        "Vụ Pháp chế đã hướng dẫn áp dụng, hồ sơ được thẩm định.",
    ),
    (
        "law",
        "Law on Electronic Transactions 20/2023/QH15",
        "The implementing rules for electronic records in the law are not yet in force, so "
        "the pilot cannot accept electronic dossiers.",
        "Nghị định hướng dẫn Luật đã có hiệu lực.",
    ),
    (
        "regulation",
        "Decision 942/QD-TTg",
        "The e-Government strategy's list of national platforms must be updated before the "
        "platform can be named in the programme.",
        "Thủ tướng đã phê duyệt danh mục cập nhật.",
    ),
    (
        "budget",
        None,
        "The 2025 recurrent budget for the task was not allocated; the survey contract "
        "cannot be signed.",
        "Đã được bố trí kinh phí từ nguồn chi thường xuyên.",
    ),
    (
        "staffing",
        None,
        "Two of the three staff on the task moved to the new ministry after the reorganisation.",
        "Đã bổ sung 2 cán bộ từ phòng Tổng hợp.",
    ),
]

# Extra resource requests: (the unit asked, need, amount).
_REQUESTS: list[tuple[str, str, str | None]] = [
    ("planning-finance", "Funds to hire national experts for the impact assessment", None),
    ("planning-finance", "Additional budget for the nationwide survey", "850 million VND"),
    ("personnel", "One legal specialist seconded for the drafting team", "1 staff"),
    ("office", "Meeting rooms and video-conference links for 63 provinces", None),
    ("ndta", "Technical staff to connect the system to the data-sharing platform", "2 staff"),
    ("infosec", "A security assessment before the system goes live", None),
]

_OUTCOMES = ["granted", "granted", "partly_granted", "granted", "refused", "withdrawn"]
_DECISION_NOTES = {
    "granted": "Đồng ý, bố trí từ nguồn chi thường xuyên năm {year}.",
    "partly_granted": "Đáp ứng một phần, phần còn lại đề xuất trong năm {next}.",
    "refused": "Không còn nguồn năm {year}; đề nghị lồng ghép vào nhiệm vụ khác.",
    "withdrawn": "Đơn vị đã tự bố trí được, rút đề xuất.",
}

_NOTES = [
    "Đã gửi dự thảo lấy ý kiến các đơn vị phối hợp.",
    "Đã họp tổ soạn thảo, thống nhất đề cương chi tiết.",
    "Đang tổng hợp, tiếp thu ý kiến góp ý.",
    "Đã hoàn thiện dự thảo lần 2.",
    "Đã báo cáo Lãnh đạo Bộ, đang chỉnh sửa theo ý kiến chỉ đạo.",
    "Đã làm việc với các đơn vị phối hợp về phạm vi và số liệu.",
    "Đã gửi Vụ Pháp chế rà soát hồ sơ.",
    "Hoàn thành khảo sát, đang viết báo cáo.",
]
_QUIET_NOTES = [
    "Tuần này chưa có thay đổi: đang chờ ý kiến góp ý của các đơn vị phối hợp.",
    "Đang chờ Lãnh đạo Bộ cho ý kiến, chưa cập nhật tỷ lệ.",
    "Cán bộ phụ trách đi công tác, tiến độ giữ nguyên.",
    "Đang tổng hợp số liệu của các địa phương, chưa đủ để cập nhật.",
]
_SETBACKS = [
    "Dự thảo bị Vụ Pháp chế trả lại để hoàn thiện hồ sơ",
    "Phải khảo sát bổ sung theo ý kiến của Lãnh đạo Bộ",
    "Đánh giá lại khối lượng sau khi mở rộng phạm vi",
    "Số liệu báo cáo tuần trước bị nhầm",
]
_CANCEL_REASONS = [
    "Nội dung được lồng ghép vào nhiệm vụ khác theo chỉ đạo của Lãnh đạo Bộ",
    "Không còn phù hợp sau khi sắp xếp lại tổ chức bộ máy",
]
_SUBMITTED = {
    "party_secretariat": "Ban Bí thư",
    "national_assembly": "Quốc hội",
    "government": "Chính phủ",
    "prime_minister": "Thủ tướng Chính phủ",
    "minister": "Bộ trưởng",
    "unit": "Lãnh đạo đơn vị",
}


# ------------------------------------------------------------------------- the simulation


class _History:
    """The whole history as events, from the seed alone."""

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
        # The day the bundled plan's figures are as of: its latest recorded date.
        self.as_of = max((d for t in tasks for d in _recorded_dates(t)), default=today)
        # Units that report badly: late, rarely, with long silences.
        names = sorted(u for u in {t.unit for t in self.tasks} if u not in ("ndta", "office"))
        self.poor = set(self.rng.sample(names, k=min(3, len(names))))
        self.scripts = {t.id: self._script(t) for t in self.tasks}
        self._add_blockers()
        self._add_requests()
        self.states = {t.id: State() for t in self.tasks}
        self.events: list[Event] = []
        self.pending: dict[str, datetime] = {}

    # -------------------------------------------------------------- per task, up front

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
            s.cancel_reason = rng.choice(_CANCEL_REASONS)
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
            lift_note = _lift_note(b.kind, b.ref)
            s.blocks.append(Block(b.raised, lifted, b.kind, b.ref, b.description, lift_note))
            if not s.fixed and s.finish is not None and s.finish < lifted + timedelta(days=7):
                s.finish = self.cal.next_working(lifted + timedelta(days=rng.randint(7, 35)))
        for r in task.resources:
            decided, note = r.decided, r.note
            outcome: str = r.status
            if r.status == "open":
                decided = self.cal.next_working(self.as_of + timedelta(weeks=rng.randint(2, 9)))
                outcome = rng.choice(_OUTCOMES)
                note = _decision_note(outcome, decided)
            unit = r.unit or "planning-finance"
            s.requests.append(Request(r.asked, decided, unit, r.need, r.amount, outcome, note))
        return s

    def _end(self, s: Script) -> date:
        ends = [d for d in (s.finish, s.cancel) if d is not None]
        return min(ends) if ends else s.task.due

    def _add_blockers(self) -> None:
        """Blockers the seed adds, one of them always in the first months (raised and lifted
        by the time the first tasks are due), so that a short history has one too."""
        rng = self.rng
        free = [s for s in self.scripts.values() if not s.blocks]
        first = min(t.start for t in self.tasks)
        early = [s for s in free if (s.task.start - first).days < 28]
        chosen = rng.sample(early, k=1) if early else []
        rest = [s for s in free if s not in chosen]
        chosen += rng.sample(rest, k=min(len(rest), max(1, len(self.tasks) // 7)))
        kinds = list(_BLOCKERS)
        rng.shuffle(kinds)
        for i, s in enumerate(chosen):
            kind, ref, description, note = kinds[i % len(kinds)]
            end = self._end(s)
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
        free = [s for s in self.scripts.values() if not s.requests]
        first = min(t.start for t in self.tasks)
        early = [s for s in free if (s.task.start - first).days < 28]
        chosen = rng.sample(early, k=1) if early else []
        rest = [s for s in free if s not in chosen]
        chosen += rng.sample(rest, k=min(len(rest), max(1, len(self.tasks) // 8)))
        for i, s in enumerate(chosen):
            unit, need, amount = rng.choice(_REQUESTS)
            if unit == s.task.unit or unit not in self.units:
                unit = "planning-finance" if s.task.unit != "planning-finance" else "office"
                if unit not in self.units:
                    continue
            end = self._end(s)
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
            outcome = rng.choice(_OUTCOMES)
            note = _decision_note(outcome, decided)
            s.requests.append(Request(asked, decided, unit, need, amount, outcome, note))

    # -------------------------------------------------------------- the weeks

    def play(self) -> list[Event]:
        first = monday(min(t.start for t in self.tasks))
        last = monday(self.today)
        week = first
        while week <= last:
            self._week(week, current=week == last)
            week += timedelta(weeks=1)
        return self._ordered()

    def _week(self, week: date, *, current: bool) -> None:
        sunday = week + timedelta(days=6)
        days = [d for d in (week + timedelta(days=i) for i in range(5)) if d <= self.today]
        days = [d for d in days if self.cal.working(d)]
        recent = (monday(self.today) - week).days < 7 * _RECENT_WEEKS
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
            note = f"Giao {_name(unit, task.responsible, person)} chủ trì, lập kế hoạch chi tiết."
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
            self._emit(task, when, "done", self._author(task, "report"), {"note": _done_note(task)})
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
        target = _actual(task, s.points, s.finish, when) + s.bias + rng.gauss(0, 2)
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
            self._emit(task, when, "update", person, {"pct": pct, "note": rng.choice(_NOTES)})
            st.status, st.pct = "in_progress", pct
            return
        if st.pct >= 30 and st.frozen is None and rng.random() < 0.03:
            lower = st.pct - rng.choice([5, 5, 10, 15])
            fields = {"pct": lower, "reason": rng.choice(_SETBACKS), "note": None}
            self._emit(task, when, "update", person, fields)
            st.pct = lower
            return
        if pct <= st.pct or rng.random() < 0.06:
            if must or rng.random() < 0.6:
                quiet = rng.choice(_QUIET_NOTES)
                self._emit(task, when, "update", person, {"pct": None, "note": quiet})
            return
        note = _milestone_note(task, st.pct, pct)
        if note is None and rng.random() < 0.5:
            note = rng.choice(_NOTES)
        self._emit(task, when, "update", person, {"pct": pct, "note": note})
        st.pct = pct

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
        next_week = monday(when) + timedelta(weeks=1)
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
            assert event.at is not None
            if previous is not None and event.at <= previous:
                event.at = previous + timedelta(seconds=self.rng.randint(20, 90))
            previous = event.at
            out.append(event)
        return out


def _recorded_dates(task: Task) -> list[date]:
    dates = [task.progress.completed] if task.progress.completed else []
    for b in task.blockers:
        dates += [d for d in (b.raised, b.lifted) if d is not None]
    for r in task.resources:
        dates += [d for d in (r.asked, r.decided) if d is not None]
    return dates


def _name(unit: UnitPeople, person_id: str, fallback: Person) -> str:
    person = unit.get(person_id)
    return person.name if person else fallback.name


def _lift_note(kind: str, ref: str | None) -> str:
    if kind in ("law", "decree", "circular", "regulation") and ref:
        return f"Đã ban hành văn bản sửa đổi {ref}."
    if kind == "budget":
        return "Đã được bố trí kinh phí."
    if kind == "staffing":
        return "Đã bổ sung cán bộ cho nhiệm vụ."
    return "Vướng mắc đã được tháo gỡ."


def _decision_note(outcome: str, when: date | None) -> str:
    year = when.year if when else 2025
    return _DECISION_NOTES[outcome].format(year=year, next=year + 1)


def _done_note(task: Task) -> str:
    labels = [m.label for m in sorted(task.milestones, key=lambda m: m.date) if m.label]
    if labels:
        return f"Hoàn thành: {labels[-1]}."
    return f"Đã hoàn thành, trình {_SUBMITTED.get(task.submission, 'Lãnh đạo Bộ')}."


def _milestone_note(task: Task, old: int, new: int) -> str | None:
    """A note naming the milestone the new figure reaches ("Đạt mốc: ...")."""
    for m in sorted(task.milestones, key=lambda m: m.date):
        if old < m.planned_pct <= new and m.label and m.planned_pct < 100:
            return f"Đạt mốc: {m.label}."
    return None


# ------------------------------------------------------------------------- the repository


def bundled_plan() -> Path:
    """plan286/ of the source tree r57 runs from (an editable install or a checkout)."""
    here = Path(__file__).resolve()
    for folder in here.parents:
        if (folder / "plan286" / "plan.yaml").is_file():
            return folder / "plan286"
    raise R57Error(say("demo-no-bundled"))


def default_today(source: Path) -> date:
    """Today as `r57 update` sees it: R57_TODAY, else the date in the plan's time zone."""
    from r57cli.workspace import Workspace

    return Workspace(source).today()


@dataclass
class Summary:
    root: Path
    plan_dir: Path
    commits: int  # the kick-off commit included
    first: date
    last: date
    people: int
    late: int
    seconds: float = 0.0


@contextlib.contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    """Set environment variables for the duration of the block, then put them back."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _identity(person: Person, at: datetime) -> dict[str, str]:
    stamp = at.isoformat(timespec="seconds")
    return {
        "GIT_AUTHOR_NAME": person.name,
        "GIT_AUTHOR_EMAIL": person.email,
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_NAME": person.name,
        "GIT_COMMITTER_EMAIL": person.email,
        "GIT_COMMITTER_DATE": stamp,
        "R57_TODAY": at.date().isoformat(),
    }


def check_target(target: Path) -> bool:
    """Refuse a DIR that is a file or a folder with something in it; True if it exists."""
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise R57Error(say("demo-not-a-folder", path=target))
    if target.is_dir():
        if any(target.iterdir()):
            raise R57Error(say("demo-not-empty", path=target))
        return True
    return False


def _load_plan(source: Path) -> tuple[dict[str, Any], Any, dict[str, bytes], list[Task]]:
    """plan.yaml, units.yaml, every task file (plan-relative path: bytes) and the tasks."""
    from pydantic import ValidationError

    from r57cli.planfile import load
    from r57cli.validate import validate
    from r57cli.workspace import Workspace

    for name in ("plan.yaml", "units.yaml"):
        if not (source / name).is_file():
            raise R57Error(say("demo-bad-source", path=source, reason=name))
    # An invalid plan would have its first report refused; say so now. (No cache: nothing
    # is written for the source plan.)
    if validate(source, use_cache=False).errors:
        raise R57Error(say("demo-invalid", path=source))
    plan = load("plan.yaml", (source / "plan.yaml").read_bytes()).data
    units = load("units.yaml", (source / "units.yaml").read_bytes()).data
    files: dict[str, bytes] = {}
    tasks: list[Task] = []
    for _, rel in sorted(Workspace(source).task_ids().items()):
        raw = (source / rel).read_bytes()
        data = load(rel, raw).data
        try:
            tasks.append(Task.model_validate(data))
        except ValidationError:
            raise R57Error(say("demo-bad-source", path=source, reason=rel)) from None
        files[rel] = raw
    if not tasks or not isinstance(plan, dict):
        raise R57Error(say("demo-bad-source", path=source, reason="tasks/"))
    return plan, units, files, tasks


def _reset(rel: str, raw: bytes) -> bytes:
    """The task file as it was at the kick-off: 0%, not started, no blockers, no requests."""
    from r57cli.planfile import load
    from r57cli.progress import PROGRESS_ORDER, TASK_ORDER
    from r57cli.yamledit import YamlEditor

    data = load(rel, raw).data
    ed = YamlEditor(raw.decode("utf-8"), data)
    for key in ("blockers", "resources"):
        ed.delete((key,))
    if isinstance(data, dict) and isinstance(data.get("progress"), dict):
        ed.delete(("progress", "completed"))
        ed.set(("progress", "pct"), 0, PROGRESS_ORDER)
        ed.set(("progress", "status"), "not_started", PROGRESS_ORDER)
    else:
        ed.set(("progress",), {"pct": 0, "status": "not_started"}, TASK_ORDER)
    text = ed.result()
    while text.endswith("\n\n"):
        text = text[:-1]
    return text.encode("utf-8")


@dataclass
class History:
    events: list[Event]  # in commit order
    kickoff: datetime  # the first commit


def plan_history(source: Path, today: date, seed: int = DEFAULT_SEED) -> History:
    """What the demo will record, without recording it."""
    plan, units_data, _, tasks = _load_plan(source)
    return _simulate(source, plan, units_data, tasks, today, seed)


def _simulate(
    source: Path, plan: dict[str, Any], units_data: Any, tasks: list[Task], today: date, seed: int
) -> History:
    from pydantic import ValidationError

    from r57cli.model import PlanFile

    units, _, _ = _units(units_data)
    try:
        plan_model = PlanFile.model_validate(plan)
    except ValidationError:
        raise R57Error(say("demo-bad-source", path=source, reason="plan.yaml")) from None
    zone = ZoneInfo(plan_model.timezone)
    calendar = Calendar(frozenset(h.date for h in plan_model.holidays), zone)
    start = kick_off(tasks)
    if today < start:
        raise R57Error(say("demo-too-early", today=today, kickoff=start))
    events = _History(tasks, units, calendar, today, seed).play()
    return History(events, datetime.combine(start, time(16, 30), zone))


def build(
    target: Path,
    *,
    source: Path,
    seed: int = DEFAULT_SEED,
    today: date,
    progress: Progress | None = None,
) -> Summary:
    """Make the demo repository at `target` (absent or empty) and return what it holds."""
    import time as clock

    began = clock.monotonic()
    existed = check_target(target)
    plan, units_data, files, tasks = _load_plan(source)
    history = _simulate(source, plan, units_data, tasks, today, seed)
    _, coordinator, admin = _units(units_data)
    try:
        target.mkdir(parents=True, exist_ok=True)
        summary = _make(target, source, files, history, coordinator, admin, progress)
    except BaseException:
        _remove(target, existed)
        raise
    summary.seconds = clock.monotonic() - began
    return summary


def _remove(target: Path, existed: bool) -> None:
    """Take back what a failed run made: the folder, or what it put in an empty one."""
    with contextlib.suppress(OSError):
        if not existed:
            shutil.rmtree(target)
            return
        for child in target.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()


def _make(
    target: Path,
    source: Path,
    files: dict[str, bytes],
    history: History,
    coordinator: Person,
    admin: Person,
    progress: Progress | None,
) -> Summary:
    from r57cli.gitrepo import Repo
    from r57cli.schemas import write_schemas
    from r57cli.workspace import Workspace

    root = target.resolve()
    # The plan in a folder of its own (plan286/), beside the schemas its files' first line
    # points to (../schemas/), as in r57's own repository; r57 finds it from the root.
    plan_dir = root / (source.resolve().name or "plan")
    repo = Repo(root, root / ".git")
    repo.run("init", "-q", "-b", "main")
    for key, value in (
        ("user.name", coordinator.name),
        ("user.email", coordinator.email),
        ("commit.gpgsign", "false"),
    ):
        repo.run("config", key, value)
    # The plan as agreed at the kick-off, with the schemas its files point to.
    plan_dir.mkdir()
    for name in ("plan.yaml", "units.yaml"):
        (plan_dir / name).write_bytes((source / name).read_bytes())
    for readme in sorted(source.glob("[Rr][Ee][Aa][Dd][Mm][Ee]*")):
        if readme.is_file():
            (plan_dir / readme.name).write_bytes(readme.read_bytes())
    for rel, raw in files.items():
        path = plan_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_reset(rel, raw))
    write_schemas(root / "schemas")
    start = history.kickoff.date()
    with _environment(_identity(admin, history.kickoff)):
        repo.run("add", "-A")
        repo.run("commit", "-q", "-F", "-", stdin=_kickoff_message(plan_dir, start))
    ws = Workspace(plan_dir)
    events = history.events
    total = len(events)
    if progress is not None:
        progress(0, total)
    for n, event in enumerate(events, 1):
        _record(ws, event)
        if progress is not None:
            progress(n, total)
    people = {e.author.email for e in events} | {admin.email}
    last = events[-1].at.date() if events and events[-1].at else start
    return Summary(
        root=root,
        plan_dir=plan_dir,
        commits=total + 1,
        first=start,
        last=last,
        people=len(people),
        late=sum(1 for e in events if e.late),
    )


def _kickoff_message(plan_dir: Path, start: date) -> str:
    from r57cli.planfile import load

    data = load("plan.yaml", (plan_dir / "plan.yaml").read_bytes()).data
    symbol = data.get("symbol") or data.get("number") if isinstance(data, dict) else None
    return (
        f"Plan {symbol}: tasks, owners and deadlines agreed at the kick-off meeting\n\n"
        f"Every task starts at 0%. Units report progress weekly from here on.\n\n"
        f"R57-Date: {start.isoformat()}\n"
    )


def _record(ws: Any, event: Event) -> None:
    """Record one event through record(), the code path of the staff commands."""
    from r57cli import progress as p
    from r57cli.model import Task as TaskModel
    from r57cli.progress import Change
    from r57cli.record import record
    from r57cli.yamledit import YamlEditor

    assert event.at is not None
    today = event.at.date()
    when = event.when
    f = event.fields

    def step(task: TaskModel, ed: YamlEditor) -> Change:
        a = event.action
        if a == "update":
            return p.update(
                task,
                ed,
                pct=f.get("pct"),
                status=None,
                note=f.get("note"),
                reason=f.get("reason"),
                when=when,
                today=today,
            )
        if a == "start":
            return p.start(task, ed, note=f.get("note"), when=when, today=today)
        if a == "done":
            return p.done(task, ed, note=f.get("note"), when=when, today=today)
        if a == "cancel":
            return p.cancel(task, ed, reason=f["reason"], note=None, when=when, today=today)
        if a == "block":
            return p.block(
                task, ed, kind=f["kind"], ref=f["ref"], reason=f["reason"], when=when, today=today
            )
        if a == "unblock":
            return p.unblock(
                task, ed, blocker_id=f["blocker_id"], note=f.get("note"), when=when, today=today
            )
        if a == "request":
            unit = ws.check_unit(f["unit"])
            return p.request(
                task, ed, unit=unit, need=f["need"], amount=f["amount"], when=when, today=today
            )
        if a == "decide":
            return p.decide(
                task,
                ed,
                request_id=f["request_id"],
                outcome=f["outcome"],
                note=f.get("note"),
                when=when,
                today=today,
            )
        raise AssertionError(a)

    with _environment(_identity(event.author, event.at)):
        outcome = record(ws, event.task, step, when_for_message=when)
    made = outcome.change.trailers.get("R57-Blocker") or outcome.change.trailers.get("R57-Request")
    if event.expect is not None and made != event.expect:
        raise AssertionError(f"{event.task}: expected {event.expect}, made {made}")
    if outcome.warnings:
        raise AssertionError("; ".join(outcome.warnings))
