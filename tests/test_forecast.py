"""report/forecast.py: every open task gets a completion date with a range, or the reason it
has none; the range's latest end decides at risk."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from r57cli.plan.taskfacts import TaskFacts
from r57cli.report import compute as C
from r57cli.report import forecast as F
from r57cli.report import period as R
from tests.test_report_model import d, facts

REF = d("2025-03-03")
BASE_DAY = REF - timedelta(days=R.VELOCITY_DAYS)


def test_the_plan_is_the_fallback_when_the_task_has_no_speed_of_its_own() -> None:
    # 1 Jan to 31 Mar with a milestone of 60% on 31 Jan; the file appeared after the base
    # day at 60%: the plan reached 60% on 31 January, 31 days before 3 March. The task is
    # 31 days behind: it ends 31 days after its due.
    task = facts(start="2025-01-01", due="2025-03-31", pct=60, milestones=(("2025-01-31", 60),))
    got = F.forecast(task, None, BASE_DAY, None, REF)
    assert (got.method, got.reason, got.speed) == ("plan", "", None)
    assert got.when == d("2025-03-31") + timedelta(days=31)
    # since the start: 60 points in 62 days, 40 to go: 42 days more
    assert (got.low, got.high) == (REF + timedelta(days=42), got.when)
    assert got.low is not None
    assert got.low < got.when


def test_a_task_ahead_of_its_plan_is_forecast_before_its_due_but_never_before_tomorrow() -> None:
    task = facts(start="2025-01-01", due="2025-12-31", pct=90)
    got = F.forecast(task, None, BASE_DAY, None, REF)
    assert got.method == "plan"
    assert got.when is not None
    assert REF < got.when < task.due
    nearly = facts(start="2025-01-01", due="2025-03-10", pct=99)
    assert F.forecast(nearly, None, BASE_DAY, None, REF).low == REF + timedelta(days=1)


def test_the_speed_estimate_is_the_forecast_and_the_range_spans_all_three() -> None:
    task = facts(start="2025-01-01", due="2025-06-30", pct=50)
    got = F.forecast(task, facts(pct=36), BASE_DAY, facts(pct=45), REF)
    assert (got.method, got.when) == ("speed", REF + timedelta(days=100))  # 0.5 a day
    since = REF + timedelta(days=62)  # 50 points in 62 days: 62 days more
    assert got.low is not None
    assert got.high is not None
    assert got.when is not None
    assert got.low <= since <= got.high
    assert got.low <= got.when <= got.high


@pytest.mark.parametrize(
    ("task", "base", "recent", "reason", "days"),
    [
        (facts(status="not_started", pct=0), None, None, "not_started", 0),
        (facts(start="2025-02-26", pct=0), None, None, "no_report", 0),  # 6 days, 0%
        (facts(start="2025-01-01", pct=40), facts(pct=40), facts(pct=40), "stalled", 28),
        (facts(start="2025-01-01", pct=40), facts(pct=30), facts(pct=40), "stalled", 14),
        (facts(start="2025-01-01", pct=40), facts(pct=45), None, "no_progress", 28),
    ],
    ids=["not-started", "nothing-reported", "stalled-28", "stalled-14", "went-down"],
)
def test_no_date_says_why(
    task: TaskFacts, base: TaskFacts | None, recent: TaskFacts | None, reason: str, days: int
) -> None:
    got = F.forecast(task, base, BASE_DAY, recent, REF)
    assert (got.when, got.low, got.high) == (None, None, None)
    assert (got.reason, got.stalled_days) == (reason, days)
    assert reason in F.REASONS


def test_no_forecast_for_closed_tasks() -> None:
    for status in ("done", "cancelled"):
        assert F.forecast(facts(status=status, pct=100), None, BASE_DAY, None, REF) == F.NONE


def test_at_risk_is_judged_by_the_latest_end_of_the_range() -> None:
    """Fast lately (30 -> 60 in 28 days: 10 April, before its due on 12 April), but slower
    since its start (60 in 62 days: 14 April): the pessimistic end is after the due."""
    task = facts(start="2025-01-01", due="2025-04-12", pct=60)
    got = F.forecast(task, facts(pct=30), BASE_DAY, facts(pct=52), REF)
    assert (got.when, got.high) == (d("2025-04-10"), d("2025-04-14"))
    assert got.when is not None
    assert got.when <= task.due
    assert got.high is not None
    assert got.high > task.due
    planned = C.planned_pct(task, REF)
    name, *_ = C.classify(task, REF, planned, True, got.high, got.stuck)
    assert name == "at_risk"
    name, *_ = C.classify(task, REF, planned, True, got.when, got.stuck)
    assert name == "on_track"  # what the single date would have said


def test_a_plan_that_never_reaches_100_gives_no_plan_estimate() -> None:
    task = facts(start="2025-01-01", due="2025-03-31", pct=40, milestones=(("2025-03-31", 80),))
    got = F.forecast(task, None, BASE_DAY, None, REF)
    assert got.method == "plan"  # from its average since the start, the only estimate left
    assert got.when == got.low == got.high
    assert isinstance(got.when, date)
