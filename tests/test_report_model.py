"""The report's pure parts: status classes, planned %, forecasts, unit figures and ranking,
roll-up groups and periods, on hand-made inputs whose answers are worked out by hand; then
snapshots of every output format, in English and Vietnamese, for one small fixed history."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from rich.cells import cell_len

from r57cli.errors import R57Error
from r57cli.git.reads import RangeCommit
from r57cli.history import periods as P
from r57cli.history.landed import LandedCommit
from r57cli.locale import texts
from r57cli.plan.taskfacts import Blocker, Request, TaskFacts
from r57cli.report import compute as C
from r57cli.report import forecast as F
from r57cli.report import period as R
from r57cli.report import ranking, views
from r57cli.report.scoping import Scope
from r57cli.report.scoping import grouper as _grouper
from tests.conftest import Result

R57 = Callable[..., Result]
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
SNAPSHOTS = Path(__file__).parent / "snapshots" / "report"


@pytest.fixture(autouse=True)
def pinned(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("R57_TODAY", "2025-02-20")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.delenv("R57_DEBUG", raising=False)
    monkeypatch.setattr(texts, "_language", "")


def d(text: str) -> date:
    return date.fromisoformat(text)


def facts(
    task_id: str = "T-001",
    *,
    unit: str = "ndta",
    start: str = "2025-01-01",
    due: str = "2025-03-31",
    pct: int = 50,
    status: str = "in_progress",
    completed: str | None = None,
    milestones: tuple[tuple[str, int], ...] = (),
    blockers: tuple[Blocker, ...] = (),
    requests: tuple[Request, ...] = (),
    responsible: str = "an",
) -> TaskFacts:
    return TaskFacts(
        id=task_id,
        unit=unit,
        title_en=f"Task {task_id}",
        title_vi=f"Nhiệm vụ {task_id}",
        responsible=responsible,
        start=d(start),
        due=d(due),
        pct=pct,
        status=status,
        completed=d(completed) if completed else None,
        milestones=tuple((d(day), p) for day, p in milestones),
        blockers=blockers,
        requests=requests,
    )


def blocker(lifted: str | None = None, kind: str = "decree") -> Blocker:
    return Blocker(
        "B-1",
        kind,
        "Decree 47/2020/ND-CP",
        "waiting",
        d("2025-01-10"),
        d(lifted) if lifted else None,
    )


_SHA = iter(range(1, 10**6))


def landed(
    when: str,
    *tasks: str,
    author: str = "An",
    report_day: str | None = None,
    body: str = "",
    landed_at: str | None = None,
    action: str | None = None,
) -> LandedCommit:
    """A commit authored at `when` (Hanoi time), that reached the branch at `landed_at`
    (default: when it was made), touching `tasks`."""
    authored = datetime.fromisoformat(f"{when}+07:00")
    arrived = datetime.fromisoformat(f"{landed_at}+07:00") if landed_at else authored
    trailers = {"R57-Date": report_day} if report_day else {}
    if action:
        trailers |= {"R57-Task": tasks[0], "R57-Action": action}
        body = f"{body}\n\nR57-Task: {tasks[0]}\nR57-Action: {action}".strip()
    sha = f"{next(_SHA):040x}"
    commit = RangeCommit(
        sha,
        ("0" * 40,),
        author,
        f"{author.lower()}@example.gov.vn",
        authored.isoformat(),
        trailers,
        body,
        tuple(f"plan286/tasks/ndta/{t}.yaml" for t in tasks),
    )
    return LandedCommit(commit, int(arrived.timestamp()), tasks)


def period_input(
    period: P.Period,
    today: str,
    end: list[TaskFacts],
    *,
    start: list[TaskFacts] | None = None,
    base: list[TaskFacts] | None = None,
    recent: list[TaskFacts] | None = None,
    commits: list[LandedCommit] = (),  # type: ignore[assignment]
    late_after: list[LandedCommit] = (),  # type: ignore[assignment]
) -> R.PeriodInput:
    ref = period.ref_day(d(today))
    return R.PeriodInput(
        period=period,
        today=d(today),
        zone=ZONE,
        start={t.id: t for t in (end if start is None else start)},
        end={t.id: t for t in end},
        base={t.id: t for t in (start if base is None else base) or end},
        base_day=ref - timedelta(days=R.VELOCITY_DAYS),
        commits=list(commits),
        late_after=list(late_after),
        units={
            "ndta": R.UnitInfo("ndta", "NDTA", "Cục CĐS", "mic"),
            "legal": R.UnitInfo("legal", "Legal", "Vụ Pháp chế", "mic"),
            "ext": R.UnitInfo("ext", "Outside", "Ngoài Bộ", None),
        },
        people={"an": "Nguyễn Văn An", "chi": "Lê Chi"},
        recent={t.id: t for t in recent or ()},
    )


W07 = P.week(d("2025-02-12"), ZONE)  # Monday 10 to Sunday 16 February 2025


# ------------------------------------------------------------------------- classify


def cls(
    task: TaskFacts,
    ref: str = "2025-02-16",
    *,
    planned: int | None = None,
    reported: bool = True,
    forecast: str | None = None,
    stuck: bool = False,
) -> tuple[str, int, int, list[str]]:
    day = d(ref)
    return C.classify(
        task,
        day,
        C.planned_pct(task, day) if planned is None else planned,
        reported,
        d(forecast) if forecast else None,
        stuck,
    )


DUE = "2025-03-31"


@pytest.mark.parametrize(
    ("task", "kwargs", "expected"),
    [
        # cancelled wins over everything, even an open blocker on an overdue task
        (
            facts(status="cancelled", due="2025-01-31", blockers=(blocker(),)),
            {},
            ("cancelled", 0, 0),
        ),
        # done: early from 7 days before due, on time up to the due date, late after it
        (facts(status="done", pct=100, completed="2025-03-24"), {}, ("done_early", 0, 7)),
        (facts(status="done", pct=100, completed="2025-01-02"), {}, ("done_early", 0, 88)),
        (facts(status="done", pct=100, completed="2025-03-25"), {}, ("done_on_time", 0, 6)),
        (facts(status="done", pct=100, completed=DUE), {}, ("done_on_time", 0, 0)),
        (facts(status="done", pct=100, completed="2025-04-01"), {}, ("done_late", 1, 0)),
        (
            facts(status="done", pct=100, completed="2025-04-30"),
            {"ref": "2025-05-04"},
            ("done_late", 30, 0),
        ),
        # overdue: the reference day after the due date; due on the reference day is not
        (facts(due="2025-02-15"), {}, ("overdue", 1, 0)),
        (facts(due="2025-02-16", pct=99), {}, ("on_track", 0, 0)),
        (facts(due="2025-02-01", status="not_started", pct=0), {}, ("overdue", 15, 0)),
        # blocked: an open blocker; a lifted one is nothing
        (facts(blockers=(blocker(),)), {}, ("blocked", 0, 0)),
        (facts(blockers=(blocker("2025-02-01"),)), {}, ("on_track", 0, 0)),
        # behind plan: 10 points or more under the plan
        (facts(pct=40), {"planned": 50}, ("behind_plan", 0, 0)),
        (facts(pct=41), {"planned": 50}, ("on_track", 0, 0)),
        (facts(status="not_started", pct=0), {"planned": 10}, ("behind_plan", 0, 0)),
        (facts(status="not_started", pct=0), {"planned": 9}, ("not_started", 0, 0)),
        # at risk: in progress and forecast after due, or stuck (as `_forecast` says),
        # stuck even when the forecast is in time; no forecast and not stuck is no risk
        (facts(), {"planned": 0, "forecast": "2025-04-01"}, ("at_risk", 0, 0)),
        (facts(), {"planned": 0, "forecast": DUE}, ("on_track", 0, 0)),
        (facts(), {"planned": 0, "stuck": True}, ("at_risk", 0, 0)),
        (facts(), {"planned": 0, "forecast": "2025-03-01", "stuck": True}, ("at_risk", 0, 0)),
        (facts(), {"planned": 0, "forecast": None}, ("on_track", 0, 0)),
        (
            facts(status="not_started", pct=0),
            {"planned": 0, "forecast": "2025-04-01", "stuck": True},
            ("not_started", 0, 0),
        ),
        (
            facts(status="done", pct=100, completed=DUE),
            {"forecast": "2025-04-01", "stuck": True},
            ("done_on_time", 0, 0),
        ),
        # stale: in progress, nothing reported in the period; not for tasks not started
        (facts(), {"planned": 0, "reported": False}, ("stale", 0, 0)),
        (
            facts(status="not_started", pct=0),
            {"planned": 0, "reported": False},
            ("not_started", 0, 0),
        ),
        (facts(), {"planned": 0}, ("on_track", 0, 0)),
    ],
)
def test_status_classes(
    task: TaskFacts, kwargs: dict[str, Any], expected: tuple[str, int, int]
) -> None:
    assert cls(task, **kwargs)[:3] == expected


def test_flags_keep_what_a_higher_class_hid() -> None:
    task = facts(due="2025-02-10", pct=20, blockers=(blocker(),))
    name, late, _, flags = cls(task, planned=100, reported=False, forecast="2025-06-01")
    assert (name, late) == ("overdue", 6)
    assert flags == ["blocked", "behind_plan", "at_risk", "stale"]
    name, _, _, flags = cls(facts(blockers=(blocker(),)), planned=60, reported=False)
    assert (name, flags) == ("blocked", ["blocked", "behind_plan", "stale"])
    name, _, _, flags = cls(facts(blockers=(blocker(),)), planned=0, stuck=True)
    assert (name, flags) == ("blocked", ["blocked", "at_risk"])
    assert cls(facts(status="done", pct=100, completed=DUE, blockers=(blocker(),)))[3] == []


# ------------------------------------------------------------------------- planned %


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        ("2024-12-31", 0),
        ("2025-01-01", 0),  # the start day
        ("2025-01-11", 10),  # 10 of 30 days to the 30% milestone on 31 Jan
        ("2025-01-31", 30),
        ("2025-02-14", 45),  # 14 of 28 days from 30% to 60% on 28 Feb
        ("2025-02-28", 60),
        ("2025-03-16", 81),  # 16 of 31 days from 60% to 100% on 31 Mar: 80.6
        ("2025-03-31", 100),
        ("2025-12-31", 100),
    ],
)
def test_planned_pct_is_linear_through_milestones(on: str, expected: int) -> None:
    task = facts(milestones=(("2025-02-28", 60), ("2025-01-31", 30)))
    assert C.planned_pct(task, d(on)) == expected


def test_planned_pct_without_milestones() -> None:
    task = facts(start="2025-01-01", due="2025-01-11")
    assert [C.planned_pct(task, d(f"2025-01-{n:02d}")) for n in (1, 2, 6, 11, 12)] == [
        0,
        10,
        50,
        100,
        100,
    ]


def test_planned_pct_of_a_one_day_task() -> None:
    """A one-day task (start == due, which the validator accepts) is planned at 100% once
    its day is over, with or without a milestone on that day; `r57 list` agrees."""
    bare = facts(start="2025-01-05", due="2025-01-05")
    marked = bare._replace(milestones=((d("2025-01-05"), 100),))
    after = ["2025-01-06", "2025-01-31", "2026-01-01"]
    for task in (bare, marked):
        assert C.planned_pct(task, d("2025-01-04")) == 0
        assert [C.planned_pct(task, d(day)) for day in after] == [100, 100, 100]
        listed = [{"date": day, "planned_pct": p} for day, p in task.milestones]
        for day in ["2025-01-04", "2025-01-05", *after]:
            on = d(day)
            assert views.planned_pct(listed, task.start, on, task.due) == C.planned_pct(task, on)


# ------------------------------------------------------------------------- forecast

REF = d("2025-02-28")
BASE_DAY = REF - timedelta(days=R.VELOCITY_DAYS)  # 31 January; 14 days before REF: 14 Feb


def speed_only(
    task: TaskFacts, base: TaskFacts | None, base_day: date, recent: TaskFacts | None, ref: date
) -> tuple[date | None, float | None, bool]:
    """The speed estimate alone (None when the forecast came from the plan), its speed and
    whether the task is stuck: what these tests check of the task's own reports."""
    got = F.forecast(task, base, base_day, recent, ref)
    return (got.when if got.method == "speed" else None), got.speed, got.stuck


def test_forecast_extends_the_speed_of_the_last_28_days() -> None:
    task = facts(start="2025-01-01", due="2025-06-30", pct=50)
    # 50 - 36 = 14 points in 28 days: half a point a day, 50 points to go: 100 days. It was
    # at 45% 14 days ago: it moved, it is not stuck.
    got = speed_only(task, facts(pct=36), BASE_DAY, facts(pct=45), REF)
    assert got == (REF + timedelta(days=100), 3.5, False)
    # 10 points in 28 days: 40 points to go at 10/28 a day is 112 days.
    forecast, speed, stuck = speed_only(
        task._replace(pct=60), facts(pct=50), BASE_DAY, facts(pct=55), REF
    )
    assert (forecast, stuck) == (REF + timedelta(days=112), False)
    assert speed == pytest.approx(2.5)


def test_forecast_since_the_start_when_it_is_later() -> None:
    task = facts(start="2025-02-18", due="2025-03-31", pct=20)
    # 20 points in 11 days, its start day counted (the base is ignored): 80 to go = 44 days.
    for base in (facts(pct=90), None):  # its file need not be there on the base day
        forecast, speed, stuck = speed_only(task, base, BASE_DAY, None, REF)
        assert (forecast, stuck) == (d("2025-04-13"), False)
        assert speed == pytest.approx(20 / 11 * 7)
    # On its start day there is no speed yet.
    assert speed_only(task, None, BASE_DAY, None, d("2025-02-18")) == (None, None, False)


@pytest.mark.parametrize(("recent_pct", "stuck"), [(50, True), (49, False)])
def test_stuck_when_the_pct_has_not_moved_for_14_days(recent_pct: int, stuck: bool) -> None:
    """README: at risk when "the % has not moved for 14 days or more", even though it went
    from 40% to 50% in the first half of the 28 days: that speed still gives a forecast
    long before the due date, and does not hide that it stopped."""
    task = facts(start="2025-01-01", due="2025-12-31", pct=50)
    forecast, speed, got = speed_only(task, facts(pct=40), BASE_DAY, facts(pct=recent_pct), REF)
    # 10 points in 28 days, 50 to go; a task that stopped gets no date, and says why
    assert forecast == (None if stuck else REF + timedelta(days=140))
    assert speed == pytest.approx(2.5)
    assert got is stuck
    full = F.forecast(task, facts(pct=40), BASE_DAY, facts(pct=recent_pct), REF)
    assert (full.reason, full.stalled_days) == (("stalled", 14) if stuck else ("", 0))
    name, _, _, flags = C.classify(task, REF, 0, True, full.high, got)
    assert (name, flags) == (("at_risk", ["at_risk"]) if stuck else ("on_track", []))


@pytest.mark.parametrize(("begun", "stuck"), [(13, False), (14, True)])
def test_stuck_only_once_begun_14_days_before(begun: int, stuck: bool) -> None:
    # At 30% since its file was written (before its start), 30 points since the start.
    task = facts(start=(REF - timedelta(days=begun)).isoformat(), pct=30)
    forecast, _, got = speed_only(task, None, BASE_DAY, task, REF)
    assert (forecast is None) is stuck  # stalled: no date, the reason instead
    assert got is stuck


def test_not_stuck_without_the_plan_of_14_days_ago() -> None:
    # The file was not there 14 days ago: nothing says the % stood still.
    task = facts(start="2025-01-01", pct=50)
    assert speed_only(task, facts(pct=40), BASE_DAY, None, REF)[2] is False


@pytest.mark.parametrize(("recent_pct", "stuck"), [(None, False), (50, True), (45, False)])
def test_no_forecast_when_the_file_appeared_after_the_base_day(
    recent_pct: int | None, stuck: bool
) -> None:
    """Begun 1 January, but its file was first committed after 31 January (the base
    day), already at 50%: how fast it got there is unknown, so no speed and no forecast.
    Whether it is stuck still comes from the plan 14 days before."""
    task = facts(start="2025-01-01", pct=50)
    recent = facts(pct=recent_pct) if recent_pct is not None else None
    assert speed_only(task, None, BASE_DAY, recent, REF) == (None, None, stuck)


@pytest.mark.parametrize(("days", "stuck"), [(13, False), (14, True), (27, True)])
def test_no_progress_since_the_start_for_14_days_or_more(days: int, stuck: bool) -> None:
    task = facts(start=(REF - timedelta(days=days)).isoformat(), pct=0)
    assert speed_only(task, None, BASE_DAY, None, REF) == (None, 0.0, stuck)


def test_no_net_progress_over_the_window_is_stuck() -> None:
    flat = facts(start="2024-01-01", pct=40)
    assert speed_only(flat, flat, BASE_DAY, None, REF) == (None, 0.0, True)
    # Up to 60% two weeks ago and back to 40%: it moved, but got nowhere in 28 days.
    assert speed_only(flat, flat, BASE_DAY, flat._replace(pct=60), REF) == (None, 0.0, True)
    # Lower than 28 days ago.
    assert speed_only(flat._replace(pct=30), flat, BASE_DAY, None, REF) == (None, 0.0, True)


def test_no_forecast_for_tasks_not_in_progress() -> None:
    for status in ("not_started", "done", "cancelled"):
        task = facts(status=status)
        # Unchanged for 28 days and for 14: still neither a forecast nor stuck.
        assert speed_only(task, task, BASE_DAY, task, REF) == (None, None, False)


# ------------------------------------------------------------------------- one period


def example() -> R.PeriodReport:
    """Week 7 of 2025 (10-16 Feb), judged on Sunday 16 Feb, with two units' tasks.

    ndta: T-101 done 11 Feb, due 28 Feb (17 days early); T-102 done 13 Feb, due 10 Feb
    (3 days late); T-103 at 50%, due 11 Feb (5 days overdue), last touched 5 Feb;
    T-104 at 50%, due 31 May, on track; T-105 cancelled; T-106 deleted in the week.
    legal: T-201 done 12 Feb, due 15 Feb (on time), reported late (for 7 Feb); T-202 at
    10%, due 12 Feb (4 days overdue), blocked, not reported; T-203 new, starts 1 March."""
    jan1 = "2025-01-01"
    end = [
        facts(
            "T-101", start=jan1, due="2025-02-28", pct=100, status="done", completed="2025-02-11"
        ),
        facts(
            "T-102", start=jan1, due="2025-02-10", pct=100, status="done", completed="2025-02-13"
        ),
        facts("T-103", start=jan1, due="2025-02-11", pct=50),
        facts(
            "T-104",
            start=jan1,
            due="2025-05-31",
            pct=50,
            requests=(
                Request("R-1", "legal", "A lawyer", "1 person", d("2025-02-01"), "open", None),
                Request("R-2", "legal", "Budget", "", d("2025-01-05"), "granted", d("2025-01-20")),
            ),
        ),
        facts(
            "T-105", start=jan1, due="2025-02-01", pct=10, status="cancelled", blockers=(blocker(),)
        ),
        facts(
            "T-201",
            unit="legal",
            start=jan1,
            due="2025-02-15",
            pct=100,
            status="done",
            completed="2025-02-12",
            responsible="em",
        ),
        facts(
            "T-202",
            unit="legal",
            start=jan1,
            due="2025-02-12",
            pct=10,
            responsible="chi",
            blockers=(blocker(),),
        ),
        facts(
            "T-203",
            unit="legal",
            start="2025-03-01",
            due="2025-06-30",
            pct=0,
            status="not_started",
            responsible="chi",
        ),
    ]
    before = {t.id: t for t in end}
    start = [
        before["T-101"]._replace(pct=80, status="in_progress", completed=None),
        before["T-102"]._replace(pct=90, status="in_progress", completed=None),
        before["T-103"],
        before["T-104"]._replace(pct=46),
        before["T-105"],
        facts("T-106", start=jan1, due="2025-06-30", pct=5),
        before["T-201"]._replace(pct=70, status="in_progress", completed=None),
        before["T-202"],
    ]
    base = [t._replace(pct=20) if t.id == "T-104" else t for t in start]
    commits = [
        landed("2025-02-05T10:00:00", "T-103"),
        landed("2025-02-11T10:00:00", "T-101", body="Signed.", action="done"),
        landed("2025-02-12T10:00:00", "T-104"),
        landed("2025-02-12T11:00:00", "T-201", author="Em", report_day="2025-02-07"),
        landed("2025-02-13T10:00:00", "T-102"),
    ]
    late_after = [
        landed("2025-02-18T10:00:00", "T-104", report_day="2025-02-14"),
        landed("2025-02-18T11:00:00", "T-104", report_day="2025-02-17"),
        landed("2025-02-14T09:00:00", "T-202", landed_at="2025-02-19T09:00:00"),
    ]
    inp = period_input(
        W07, "2025-02-20", end, start=start, base=base, commits=commits, late_after=late_after
    )
    return C.build(inp)


def test_each_task_of_a_period() -> None:
    rep = example()
    assert rep.ref_day == d("2025-02-16")
    rows = {r.id: r for r in rep.tasks}
    assert {k: (r.status, r.days_late, r.days_early) for k, r in rows.items()} == {
        "T-101": ("done_early", 0, 17),
        "T-102": ("done_late", 3, 0),
        "T-103": ("overdue", 5, 0),
        "T-104": ("on_track", 0, 0),
        "T-105": ("cancelled", 0, 0),
        "T-201": ("done_on_time", 0, 3),
        "T-202": ("overdue", 4, 0),
        "T-203": ("not_started", 0, 0),
    }
    assert {k: (r.pct_start, r.pct_end, r.planned_pct_end) for k, r in rows.items()} == {
        "T-101": (80, 100, 79),  # 46 of 58 days
        "T-102": (90, 100, 100),
        "T-103": (50, 50, 100),
        "T-104": (46, 50, 31),  # 46 of 150 days
        "T-105": (10, 10, 100),
        "T-201": (70, 100, 100),
        "T-202": (10, 10, 100),
        "T-203": (None, 0, 0),
    }
    assert {k: r.flags for k, r in rows.items() if r.flags} == {
        # Half-way at its due date and not moved in 28 days.
        "T-103": ["behind_plan", "at_risk", "stale"],
        "T-202": ["blocked", "behind_plan", "at_risk", "stale"],
        "T-201": ["late_report"],
        "T-203": ["new"],
    }
    assert {k for k, r in rows.items() if r.reports} == {"T-101", "T-102", "T-104", "T-201"}
    assert {k for k, r in rows.items() if r.expected} == {
        "T-101",
        "T-102",
        "T-103",
        "T-104",
        "T-201",
        "T-202",
    }
    # T-103's last report is from before the week; it still is its last report.
    last = rows["T-103"].last_report
    assert last is not None
    assert last.recorded == datetime(2025, 2, 5, 10, tzinfo=ZONE)
    # T-104: 30 points in 28 days, 50 to go: 47 days after 16 Feb.
    assert rows["T-104"].forecast == d("2025-04-04")
    assert rows["T-104"].velocity_per_week == 7.5
    assert rows["T-101"].reports[0].note == "Signed."
    assert rows["T-201"].reports[0].report_date == d("2025-02-07")


def test_sections_of_a_period() -> None:
    rep = example()
    assert [r.id for r in rep.finished_early] == ["T-101"]
    assert [r.id for r in rep.overdue] == ["T-103", "T-202"]  # most days late first
    assert rep.removed == ["T-106"]
    assert [(b.task, b.kind, b.days_open) for b in rep.blockers] == [("T-202", "decree", 37)]
    assert [(r.task, r.request, r.days_open) for r in rep.requests] == [("T-104", "R-1", 15)]
    assert [(r.task, r.report_date) for r in rep.late_in_period] == [("T-201", d("2025-02-07"))]
    # Landed after the week closed, for a day of it; the one for 17 Feb is not W07's.
    assert [(r.task, r.report_date) for r in rep.late_after] == [
        ("T-104", d("2025-02-14")),
        ("T-202", d("2025-02-14")),
    ]
    assert rep.silent_units == []
    assert rep.silent_people == ["chi"]  # T-202 is hers and went unreported


def test_unit_figures_and_rank() -> None:
    rep = example()
    units = {u.id: u for u in rep.units}
    ndta, legal, total = units["ndta"], units["legal"], rep.total
    # ndta judges T-101 (early), T-102 (3 days late), T-103 (5 days overdue).
    assert (ndta.tasks, ndta.due_or_done, ndta.on_time, ndta.done) == (5, 3, 1, 2)
    assert ndta.on_time_rate == pytest.approx(1 / 3)
    assert ndta.avg_delay == 2.7  # (0 + 3 + 5) / 3
    assert (ndta.active, ndta.reported, ndta.reported_share) == (4, 3, 0.75)
    assert (ndta.avg_pct_start, ndta.avg_pct_end, ndta.avg_planned) == (66.5, 75.0, 77.5)
    assert ndta.counts == {
        "done_early": 1,
        "done_late": 1,
        "overdue": 1,
        "on_track": 1,
        "cancelled": 1,
    }
    # legal judges T-201 (on time) and T-202 (4 days overdue); T-203 has not begun.
    assert (legal.tasks, legal.due_or_done, legal.on_time, legal.on_time_rate) == (3, 2, 1, 0.5)
    assert (legal.avg_delay, legal.active, legal.reported, legal.reported_share) == (
        2.0,
        2,
        1,
        0.5,
    )
    assert legal.avg_pct_end == 36.7  # (100 + 10 + 0) / 3
    # Legal delivers on time more often (1 of 2), but on fewer than RANK_MIN_JUDGED tasks:
    # it is listed after ndta (1 of 3), unranked (rank 0).
    assert R.RANK_MIN_JUDGED == 3
    assert [(u.rank, u.id) for u in rep.units] == [(1, "ndta"), (0, "legal")]
    assert (total.due_or_done, total.on_time, total.on_time_rate, total.avg_delay) == (
        5,
        2,
        0.4,
        2.4,
    )
    assert (total.active, total.reported) == (6, 4)
    assert total.reported_share == pytest.approx(4 / 6)


def unit_row(
    uid: str, rate: float | None, delay: float | None, share: float | None, ahead: float = 0.0
) -> R.UnitRow:
    return R.UnitRow(
        id=uid,
        name_en=uid,
        name_vi=uid,
        tasks=1,
        counts={},
        avg_pct_start=0.0,
        avg_pct_end=50.0 + ahead,
        avg_planned=50.0,
        done=0,
        due_or_done=0,
        on_time=0,
        on_time_rate=rate,
        avg_delay=delay,
        active=0,
        reported=0,
        reported_share=share,
    )


def test_ranking_order() -> None:
    rows = [
        unit_row("z-nothing-due", None, None, None),
        unit_row("y-nothing-due-reports", None, None, 1.0),
        unit_row("h-all-late", 0.0, 30.0, 1.0),
        unit_row("g-half-slow", 0.5, 2.0, 0.5),
        unit_row("f-half-slow-ahead", 0.5, 2.0, 0.5, ahead=10.0),
        unit_row("e-half-slow-reports", 0.5, 2.0, 1.0),
        unit_row("c-half", 0.5, 1.0, 0.0),
        unit_row("b-perfect", 1.0, 0.0, 0.0),
        unit_row("a-perfect", 1.0, 0.0, 0.0),
        unit_row("d-half", 0.5, 1.0, 0.0),
    ]
    assert [u.id for u in sorted(rows, key=ranking.key)] == [
        "a-perfect",  # ties broken by id
        "b-perfect",
        "c-half",
        "d-half",
        "e-half-slow-reports",  # same rate and delay: the better reporter first
        "f-half-slow-ahead",  # then further ahead of plan
        "g-half-slow",
        "h-all-late",  # judged, however badly, before units with nothing due
        "y-nothing-due-reports",
        "z-nothing-due",
    ]


def test_a_task_that_stopped_moving_three_weeks_ago_is_at_risk() -> None:
    """README, status classes: at risk when "the % has not moved for 14 days or more"."""
    task = facts(start="2025-01-01", due="2025-12-31", pct=50)
    moved = landed("2025-01-27T10:00:00", "T-001")  # 40% -> 50%, 20 days before 16 Feb
    note = landed("2025-02-12T10:00:00", "T-001", body="Still waiting for Legal.", action="report")
    inp = period_input(
        W07,
        "2025-02-20",
        [task],
        base=[task._replace(pct=40)],
        recent=[task],  # 2 February: already at 50%
        commits=[moved, note],
    )
    row = C.build(inp).tasks[0]
    assert row.reports  # the note is this week's report; the % did not move
    assert (row.pct_start, row.pct_end) == (50, 50)
    # Not moved for 14 days: no date, and the reason says so; being stuck makes it at risk
    # (10 points in 28 days would have forecast 6 July, well before 31 December).
    assert (row.forecast, row.velocity_per_week) == (None, 2.5)
    assert (row.forecast_reason, row.stalled_days) == ("stalled", 14)
    assert (row.status, row.flags) == ("at_risk", ["at_risk"])
    # Had it been at 45% on 2 February, it would have moved in the last 14 days.
    inp.recent = {task.id: task._replace(pct=45)}
    assert C.build(inp).tasks[0].status == "on_track"


def test_a_task_whose_file_appeared_in_the_window_is_forecast_from_the_plan() -> None:
    """T-001 and T-002 both began on 1 January and are at 50%; T-001's file was committed
    only after the base day (19 January), T-002's was there at 40%."""
    one = facts("T-001", start="2025-01-01", due="2025-03-31", pct=50)
    two = one._replace(id="T-002")
    inp = period_input(
        W07,
        "2025-02-20",
        [one, two],
        base=[two._replace(pct=40)],
        commits=[landed("2025-02-12T10:00:00", "T-001", "T-002")],
    )
    rows = {r.id: r for r in C.build(inp).tasks}
    # T-001: no speed of its own. The plan (0% on 1 Jan to 100% on 31 Mar) reached 50% on
    # 15 Feb (45 of 89 days), a day before the 16th: one day behind, it ends on 1 April.
    # Its average since the start (50 points in 47 days) says 4 April: the range is 1-4
    # April, and its latest end is after the due: at risk.
    t1 = rows["T-001"]
    assert (t1.forecast, t1.forecast_method, t1.velocity_per_week) == (
        d("2025-04-01"),
        "plan",
        None,
    )
    assert (t1.forecast_low, t1.forecast_high) == (d("2025-04-01"), d("2025-04-04"))
    assert t1.status == "at_risk"
    # T-002: 10 points in 28 days, 50 to go: 140 days, after its due date.
    t2 = rows["T-002"]
    assert (t2.forecast, t2.forecast_method, t2.velocity_per_week) == (
        d("2025-07-06"),
        "speed",
        2.5,
    )
    assert (t2.forecast_low, t2.forecast_high) == (d("2025-04-01"), d("2025-07-06"))
    assert t2.status == "at_risk"


# ------------------------------------------------------------------------- roll-up

PARENTS: dict[str, str | None] = {
    "mic": None,
    "ndta": "mic",
    "ndta-lab": "ndta",
    "lab-x": "ndta-lab",
    "legal": "mic",
    "ext": None,
}


def test_no_rollup_keeps_every_unit() -> None:
    group = _grouper(Scope(), PARENTS)
    assert [group(u) for u in PARENTS] == list(PARENTS)


def test_rollup_under_a_unit_counts_into_its_children() -> None:
    group = _grouper(Scope(units={"ndta", "ndta-lab", "lab-x"}, rollup_under="ndta"), PARENTS)
    assert {u: group(u) for u in PARENTS} == {
        "mic": "mic",  # not under ndta: itself
        "ndta": "ndta",
        "ndta-lab": "ndta-lab",
        "lab-x": "ndta-lab",
        "legal": "legal",
        "ext": "ext",
    }


def test_rollup_without_unit_counts_into_the_units_below_the_root() -> None:
    """README: "`--rollup` counts each unit into its department: the units just below the
    root (below `--unit` when one is given)". Under the ministry (the root) that is ndta
    and legal; a root with no children stays itself."""
    group = _grouper(Scope(rollup_under=""), PARENTS)
    assert {u: group(u) for u in PARENTS} == {
        "mic": "mic",
        "ndta": "ndta",
        "ndta-lab": "ndta",
        "lab-x": "ndta",
        "legal": "legal",
        "ext": "ext",
    }


def test_rollup_survives_a_cycle_of_parents() -> None:
    group = _grouper(Scope(rollup_under="a"), {"a": "b", "b": "a", "c": "a"})
    assert group("c") == "c"
    assert group("a") == "a"


# ------------------------------------------------------------------------- periods


def test_iso_week() -> None:
    w = P.week(d("2025-02-12"), ZONE)
    assert (w.kind, w.id, w.first_day, w.last_day) == (
        "week",
        "2025-W07",
        d("2025-02-10"),
        d("2025-02-16"),
    )
    assert w.start == datetime(2025, 2, 10, tzinfo=ZONE)
    assert w.end == datetime(2025, 2, 17, tzinfo=ZONE)
    assert w.start.isoformat() == "2025-02-10T00:00:00+07:00"
    for day in ("2025-02-10", "2025-02-16"):
        assert P.week(d(day), ZONE) == w
    assert P.week(d("2025-02-17"), ZONE).id == "2025-W08"
    assert P.parse_week("2025-W07", ZONE, "monday") == w
    assert P.parse_week("2025w7", ZONE, "monday") == w
    assert (w.ref_day(d("2025-02-12")), w.ref_day(d("2025-03-01"))) == (
        d("2025-02-12"),
        d("2025-02-16"),
    )
    assert (w.contains(d("2025-02-16")), w.contains(d("2025-02-17"))) == (True, False)


def test_week_starting_on_sunday() -> None:
    w = P.parse_week("2025-W07", ZONE, "sunday")
    # Named after the Monday it holds: Sunday 9 to Saturday 15 February.
    assert (w.id, w.first_day, w.last_day) == ("2025-W07", d("2025-02-09"), d("2025-02-15"))
    assert P.week(d("2025-02-09"), ZONE, "sunday") == w
    assert P.week(d("2025-02-15"), ZONE, "sunday") == w
    assert P.week(d("2025-02-16"), ZONE, "sunday").id == "2025-W08"
    first = P.parse_week("2026-W01", ZONE, "sunday")
    assert (first.first_day, first.last_day) == (d("2025-12-28"), d("2026-01-03"))
    run = P.run_of(P.parse_week("2025-W02", ZONE, "sunday"), 3, ZONE, "sunday")
    assert [(p.id, p.first_day.isoformat()) for p in run] == [
        ("2024-W52", "2024-12-22"),
        ("2025-W01", "2024-12-29"),
        ("2025-W02", "2025-01-05"),
    ]


def test_weeks_at_year_boundaries() -> None:
    w01 = P.parse_week("2025-W01", ZONE, "monday")
    assert (w01.first_day, w01.last_day) == (d("2024-12-30"), d("2025-01-05"))
    assert P.week(d("2024-12-31"), ZONE).id == "2025-W01"
    # 2026 begins on a Thursday: it has 53 ISO weeks, the last running into 2027.
    w53 = P.parse_week("2026-W53", ZONE, "monday")
    assert (w53.id, w53.first_day, w53.last_day) == ("2026-W53", d("2026-12-28"), d("2027-01-03"))
    assert P.week(d("2027-01-01"), ZONE).id == "2026-W53"
    assert [
        p.id for p in P.run_of(P.parse_week("2027-W01", ZONE, "monday"), 2, ZONE, "monday")
    ] == [
        "2026-W53",
        "2027-W01",
    ]
    assert [
        p.id for p in P.run_of(P.parse_week("2025-W02", ZONE, "monday"), 3, ZONE, "monday")
    ] == [
        "2024-W52",
        "2025-W01",
        "2025-W02",
    ]


@pytest.mark.parametrize(
    "text", ["2025-W53", "2027-W53", "2025-W00", "2025-W60", "2025-07", "W07", "2025-W7x", ""]
)
def test_not_a_week(text: str) -> None:
    with pytest.raises(R57Error, match="is not a week"):
        P.parse_week(text, ZONE, "monday")


def test_months() -> None:
    lengths = [
        (P.month(date(2025, m, 15), ZONE).end - P.month(date(2025, m, 15), ZONE).start).days
        for m in range(1, 13)
    ]
    assert lengths == [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    feb = P.parse_month("2024-02", ZONE)
    assert (feb.id, feb.first_day, feb.last_day) == ("2024-02", d("2024-02-01"), d("2024-02-29"))
    dec = P.parse_month("2025-12", ZONE)
    assert (dec.last_day, dec.end) == (d("2025-12-31"), datetime(2026, 1, 1, tzinfo=ZONE))
    assert P.parse_month("2025-2", ZONE).id == "2025-02"
    run = P.run_of(P.parse_month("2025-02", ZONE), 3, ZONE, "monday")
    assert [p.id for p in run] == ["2024-12", "2025-01", "2025-02"]
    assert all(a.end == b.start for a, b in zip(run, run[1:], strict=False))


@pytest.mark.parametrize("text", ["2025-13", "2025-00", "0000-01", "2025-1x", "2025", "25-01"])
def test_not_a_month(text: str) -> None:
    with pytest.raises(R57Error, match="is not a month"):
        P.parse_month(text, ZONE)


def test_at_and_ranges() -> None:
    assert P.parse_instant("2025-02-14", ZONE) == datetime(2025, 2, 15, tzinfo=ZONE)
    assert P.parse_instant("2025-02-14T17:00", ZONE) == datetime(2025, 2, 14, 17, tzinfo=ZONE)
    utc = P.parse_instant("2025-02-14T10:00:00+00:00", ZONE)
    assert utc == datetime(2025, 2, 14, 17, tzinfo=ZONE)
    with pytest.raises(R57Error, match="is not a date or time"):
        P.parse_instant("tomorrow", ZONE)
    p = P.at(datetime(2025, 2, 14, 10, tzinfo=UTC), ZONE)
    assert (p.kind, p.id) == ("at", "2025-02-14T17:00+07:00")
    assert (p.start, p.end) == (
        datetime(2025, 2, 7, 17, tzinfo=ZONE),
        datetime(2025, 2, 14, 17, tzinfo=ZONE),
    )
    assert (p.first_day, p.last_day) == (d("2025-02-07"), d("2025-02-14"))
    midnight = P.at(P.parse_instant("2025-02-14", ZONE), ZONE)
    assert (midnight.first_day, midnight.last_day) == (d("2025-02-08"), d("2025-02-14"))
    r = P.between(d("2025-02-01"), d("2025-03-31"), ZONE)
    assert (r.id, r.first_day, r.last_day) == (
        "2025-02-01..2025-03-31",
        d("2025-02-01"),
        d("2025-03-31"),
    )
    assert r.end == datetime(2025, 4, 1, tzinfo=ZONE)
    one = P.between(d("2025-02-01"), d("2025-02-01"), ZONE)
    assert (one.first_day, one.last_day) == (d("2025-02-01"), d("2025-02-01"))
    with pytest.raises(R57Error, match="is after --to"):
        P.between(d("2025-02-02"), d("2025-02-01"), ZONE)
    run = P.run_of(P.between(d("2025-02-01"), d("2025-02-10"), ZONE), 3, ZONE, "monday")
    assert [p.id for p in run] == [
        "2025-01-12..2025-01-21",
        "2025-01-22..2025-01-31",
        "2025-02-01..2025-02-10",
    ]


def test_periods_in_a_zone_with_daylight_saving() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    w = P.week(d("2025-03-26"), berlin)  # clocks go forward on Sunday 30 March
    assert (w.start.isoformat(), w.end.isoformat()) == (
        "2025-03-24T00:00:00+01:00",
        "2025-03-31T00:00:00+02:00",
    )
    assert (w.first_day, w.last_day) == (d("2025-03-24"), d("2025-03-30"))
    oct_ = P.parse_month("2025-10", berlin)
    assert oct_.end.isoformat() == "2025-11-01T00:00:00+01:00"


# ------------------------------------------------------------------------- every format


def snapshot(name: str, text: str) -> None:
    """Compare with tests/snapshots/report/NAME; R57_UPDATE_SNAPSHOTS=1 (re)writes it."""
    path = SNAPSHOTS / name
    if os.environ.get("R57_UPDATE_SNAPSHOTS"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


TITLES = {
    "T-001": ("Roadmap for 2G switch-off", "Lộ trình dừng công nghệ 2G"),
    "T-002": ("Protection of children online", "Bảo vệ trẻ em trên môi trường mạng"),
    "T-003": ("National data strategy guidelines", "Hướng dẫn chiến lược dữ liệu quốc gia"),
    "T-004": ("Reading-culture indicators", "Bộ chỉ số văn hoá đọc"),
    "T-005": ("Survey of public-service ordering", "Khảo sát đặt hàng dịch vụ công"),
}


@pytest.fixture
def week7(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, r57: R57) -> Any:
    """Week 7 of 2025 in a small plan: a late report, a decree blocking an overdue task, a
    task finished early, a resource request, a deleted task, and a report recorded after
    the week closed."""
    from tests.test_report_history import BINH, CHI, new_hist, plan_task

    def titled(task_id: str, pct: int, unit: str = "ndta", **extra: Any) -> dict[str, Any]:
        en, vi = TITLES[task_id]
        return plan_task(task_id, pct, unit, title={"en": en, "vi": vi}, **extra)

    h = new_hist(
        tmp_path,
        monkeypatch,
        r57,
        [
            titled("T-001", 30, start="2025-01-06"),
            titled("T-002", 60, start="2025-01-06", due="2025-02-14", responsible="binh"),
            titled("T-003", 70, "legal", start="2025-01-06", due="2025-03-31"),
            titled(
                "T-004",
                0,
                "legal",
                start="2025-02-10",
                due="2025-05-31",
                resources=[
                    {
                        "id": "R-1",
                        "unit": "ndta",
                        "need": "Hai kỹ sư dữ liệu",
                        "amount": "2 người",
                        "asked": "2025-02-05",
                    }
                ],
            ),
            titled("T-005", 10),
        ],
    )
    h.at("2025-02-10T09:00:00")
    h.r57(
        "update",
        "T-001",
        "--pct",
        "40",
        "--note",
        "Hội thảo với ba nhà mạng",
        "--date",
        "2025-02-07",
    )
    h.at("2025-02-12T14:00:00", BINH)
    h.r57(
        "block",
        "T-002",
        "--kind",
        "decree",
        "--ref",
        "Nghị định 47/2020/NĐ-CP",
        "--reason",
        "Chờ sửa đổi nghị định",
    )
    h.at("2025-02-13T16:30:00", CHI)
    h.r57("done", "T-003", "--note", "Đã trình Bộ trưởng ký")
    h.at("2025-02-14T10:00:00")
    h.git("rm", "-q", "plan286/tasks/ndta/T-005.yaml")
    h.commit("T-005 dropped: merged into T-001")
    h.at("2025-02-18T09:00:00")
    h.r57("update", "T-001", "--pct", "45", "--date", "2025-02-14")
    monkeypatch.setenv("R57_TODAY", "2025-02-20")
    monkeypatch.setenv("COLUMNS", "200")
    return h


def masked(repo: Path, text: str) -> str:
    """Commit ids replaced by their place in history (<01> is the first commit)."""
    shas = git_lines(repo, "log", "--all", "--reverse", "--format=%H")
    for n, sha in enumerate(shas, 1):
        for cut in (40, 12, 7):
            text = text.replace(sha[:cut], f"<{n:02d}>")
    return text


def git_lines(repo: Path, *args: str) -> list[str]:
    from tests.conftest import git

    return git(repo, *args).split()


FORMATS = [
    ("table.txt", ("--format", "table")),
    ("md", ("--format", "markdown")),
    ("tasks.csv", ("--format", "csv", "--csv-table", "tasks", "--csv-dialect", "plain")),
    ("units.csv", ("--format", "csv", "--csv-table", "units", "--csv-dialect", "plain")),
    ("periods.csv", ("--format", "csv", "--csv-table", "periods", "--csv-dialect", "plain")),
    ("people.tasks.csv", ("--format", "csv", "--csv-table", "tasks")),
    ("people.units.csv", ("--format", "csv", "--csv-table", "units")),
    ("people.periods.csv", ("--format", "csv", "--csv-table", "periods")),
    ("json", ("--format", "json")),
]


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize(("suffix", "args"), FORMATS, ids=[f[0] for f in FORMATS])
def test_snapshot(week7: Any, lang: str, suffix: str, args: tuple[str, ...]) -> None:
    res = week7.run(
        "report", "--week", "2025-W07", "--weeks", "2", *args, "--lang", lang, cwd=week7.repo
    )
    assert res.code == 0, res.err
    snapshot(f"w07.{lang}.{suffix}", masked(week7.repo, res.out))


def test_snapshot_figures_are_the_history(week7: Any) -> None:
    """What the snapshots must say, worked out from the history the fixture made."""
    res = week7.run("report", "--week", "2025-W07", "--format", "json", cwd=week7.repo)
    doc = json.loads(res.out)
    rows = {t["id"]: t for t in doc["tasks"]}
    assert {k: (t["pct_start"], t["pct_end"], t["status"]) for k, t in rows.items()} == {
        "T-001": (30, 40, "on_track"),
        "T-002": (60, 60, "overdue"),
        "T-003": (70, 100, "done_early"),
        "T-004": (0, 0, "not_started"),
    }
    assert (rows["T-002"]["days_late"], rows["T-003"]["days_early"]) == (2, 46)
    assert rows["T-001"]["flags"] == ["late_report"]
    # T-001 and T-002 began on 6 January, but the plan was first committed on 3 February,
    # after the base day (19 January): no speed of their own, so they are forecast from the
    # plan. T-002 stood at 60% for the 13 days the history holds: not yet stuck, so overdue
    # without being at risk. Tasks done or not started have no date; the reason says why.
    got = {
        k: (t["forecast"], t["forecast_method"], t["forecast_reason"], t["velocity_pct_per_week"])
        for k, t in rows.items()
    }
    assert got == {
        "T-001": ("2025-06-01", "plan", None, None),
        "T-002": ("2025-03-03", "plan", None, None),
        "T-003": (None, None, None, None),
        "T-004": (None, None, "not_started", None),
    }
    # ... and its latest forecast is after its due: the at_risk flag (the class is overdue)
    assert rows["T-002"]["flags"] == ["blocked", "behind_plan", "at_risk"]
    # Reports are read from 91 days before the period (synthesis.LOOKBACK_DAYS): a small
    # history has fewer than LOOKBACK_COMMITS commits from there.
    assert doc["period"]["history_from"] == "2024-11-11"
    assert doc["removed"] == ["T-005"]
    assert doc["finished_early"] == ["T-003"]
    assert doc["overdue"] == ["T-002"]
    assert [(b["task"], b["ref"], b["days_open"]) for b in doc["blockers"]] == [
        ("T-002", "Nghị định 47/2020/NĐ-CP", 4)
    ]
    assert [(r["task"], r["need"], r["days_open"]) for r in doc["requests"]] == [
        ("T-004", "Hai kỹ sư dữ liệu", 11)
    ]
    after = doc["late_reports"]["recorded_after_close"]
    assert [(r["task"], r["for"], r["pct"]) for r in after] == [("T-001", "2025-02-14", 45)]
    inside = doc["late_reports"]["recorded_in_period"]
    assert [(r["task"], r["for"], r["pct"]) for r in inside] == [("T-001", "2025-02-07", 40)]


def table_blocks(text: str) -> list[list[str]]:
    """The tables of a terminal report: the lines after a title's rule, up to a blank."""
    lines = text.split("\n")
    out = []
    for i, line in enumerate(lines):
        if line and set(line) == {"─"}:
            block = []
            for following in lines[i + 1 :]:
                if not following:
                    break
                block.append(following)
            if len(block) > 1:
                out.append(block)
    return out


def cells(line: str) -> list[bool]:
    """For each terminal cell of a line, whether something is printed there."""
    out: list[bool] = []
    for ch in line:
        width = cell_len(ch)
        out += [ch != " "] * width
    return out


def check_columns(block: list[str], columns: int) -> None:
    """Every line of the table has its columns at the same cell offsets: the runs of two or
    more cells blank on every line are exactly the gaps between columns, and within each
    column every line's text touches the same edge (left- or right-aligned)."""
    painted = [cells(line) for line in block]
    width = max(len(p) for p in painted)
    painted = [p + [False] * (width - len(p)) for p in painted]
    blank = [not any(p[i] for p in painted) for i in range(width)]
    gaps: list[tuple[int, int]] = []
    i = 0
    while i < width:
        j = i
        while j < width and blank[j]:
            j += 1
        if j - i >= 2 and i > 0:
            gaps.append((i, j))
        i = max(j, i + 1)
    assert len(gaps) == columns - 1, "\n".join(block)
    spans = zip([0] + [g[1] for g in gaps], [g[0] for g in gaps] + [width], strict=True)
    for lo, hi in spans:
        sides = set()
        for line, p in zip(block, painted, strict=True):
            seg = p[lo:hi]
            if not any(seg):
                continue
            left, right = seg[0], seg[-1]
            assert left or right, f"cells {lo}-{hi} of {line!r}"
            if left != right:
                sides.add("left" if left else "right")
        assert len(sides) <= 1, f"cells {lo}-{hi}:\n" + "\n".join(block)


def vi_table(week7: Any) -> list[list[str]]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COLUMNS", "400")  # one line per row: these tests check the columns line up
        res = week7.run(
            "report", "--week", "2025-W07", "--weeks", "2", "--lang", "vi", cwd=week7.repo
        )
    assert res.code == 0, res.err
    return table_blocks(res.out)


def test_column_check_sees_a_row_shifted_by_one_cell(week7: Any) -> None:
    (tasks,) = [b for b in vi_table(week7) if "% đầu kỳ" in b[0]]
    check_columns(tasks, 14)
    for row in range(1, len(tasks)):
        shifted = list(tasks)
        first, rest = shifted[row].split(" ", 1)
        shifted[row] = f"{first}  {rest}"  # one cell more after the task ID
        with pytest.raises(AssertionError):
            check_columns(shifted, 14)


def test_vietnamese_table_columns_line_up(week7: Any) -> None:
    blocks = vi_table(week7)
    # The tasks table: 14 columns, Vietnamese names and titles full of diacritics.
    (tasks,) = [b for b in blocks if "% đầu kỳ" in b[0]]
    assert len(tasks) == 5  # the heading and four tasks
    check_columns(tasks, 14)
    (ranking,) = [b for b in blocks if b[0].startswith("#")]
    check_columns(ranking, 16)  # with the rank on the period (the fair ranking)
    (notes,) = [b for b in blocks if "Ghi chú" in b[0]]
    check_columns(notes, 4)
    late = [b for b in blocks if "Ghi nhận ngày" in b[0]]
    assert len(late) == 2  # recorded in the week, and after it closed
    for block in late:
        check_columns(block, 5)
    assert len(blocks) >= 8
