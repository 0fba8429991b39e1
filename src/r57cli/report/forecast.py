"""When an open task will finish, or why no date can be said. Pure.

Three estimates, each from what a report already holds:

- **speed**: the task's own progress over the last VELOCITY_DAYS (or since it started, if
  later), extended to 100%. It needs the task's % at the start of that window: "enough
  reports" means the task was read there too.
- **since start**: its average speed since its start day, extended to 100%.
- **plan**: earned schedule on the milestone curve. The day the plan reached the task's
  current % is how far the work has got; the task finishes as late (or as early) against
  its due as it now is against the plan, if the rest goes as planned.

The forecast is the speed estimate where there is one, else the plan's; the range runs from
the earliest to the latest of the estimates there are. `at_risk` is judged by the latest.
No date when the task is not started, has no progress reported yet, or has stalled (its %
has not moved for STALLED_DAYS): the reason says which.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import NamedTuple

from r57cli.plan.taskfacts import TaskFacts
from r57cli.report.period import STALLED_DAYS, VELOCITY_DAYS

REASONS = ("not_started", "no_report", "stalled", "no_progress")


class Forecast(NamedTuple):
    when: date | None  # the expected completion
    low: date | None  # optimistic: the earliest estimate
    high: date | None  # pessimistic: the latest, which at_risk is judged by
    method: str  # "speed" or "plan"; "" without a date
    reason: str  # one of REASONS when there is no date, else ""
    stalled_days: int  # for "stalled" and "no_progress": the days without movement
    speed: float | None  # points per week over the window
    stuck: bool  # the % has not moved for STALLED_DAYS, or made no net progress


NONE = Forecast(None, None, None, "", "", 0, None, False)


def forecast(
    task: TaskFacts,
    base: TaskFacts | None,
    base_day: date,
    recent: TaskFacts | None,
    ref: date,
) -> Forecast:
    """The forecast of `task` on day `ref`; `base` is the task at the end of `base_day`
    (VELOCITY_DAYS before), `recent` STALLED_DAYS before. The plan is the task's
    milestones: pass the judged task (report/slip.py) to plan against what was approved."""
    if task.status == "not_started":
        return NONE._replace(reason="not_started")
    if task.status != "in_progress":
        return NONE
    old_enough = (ref - task.start).days >= STALLED_DAYS
    stalled = old_enough and recent is not None and recent.pct == task.pct
    window, speed = _window(task, base, base_day, ref)
    if stalled:
        # No date: back-tested on the demo (benchmarks/backtest_forecast.py), the plan's and
        # the average's dates for a stalled task missed by a month or more (median -32 d).
        days = VELOCITY_DAYS if base is not None and base.pct == task.pct else STALLED_DAYS
        return NONE._replace(reason="stalled", stalled_days=days, speed=speed, stuck=True)
    no_speed = speed is not None and speed <= 0
    if task.pct <= 0:
        return NONE._replace(reason="no_report", speed=speed, stuck=no_speed and old_enough)
    if no_speed:
        days = (ref - max(base_day, task.start)).days
        return NONE._replace(reason="no_progress", stalled_days=days, speed=0.0, stuck=old_enough)
    since = _since_start(task, ref)
    plan = _earned_schedule(task, ref, task.milestones)
    found = [d for d in (window, since, plan) if d is not None]
    if not found:
        return NONE._replace(reason="no_report", speed=speed)
    expected, method = (window, "speed") if window is not None else (plan or since, "plan")
    return Forecast(expected, min(found), max(found), method, "", 0, speed, False)


def _window(
    task: TaskFacts, base: TaskFacts | None, base_day: date, ref: date
) -> tuple[date | None, float | None]:
    """The speed estimate and that speed in points per week (None: too few reports)."""
    if base is None and task.start <= base_day:
        return None, None  # the file appeared later, already under way: no speed
    # The base state is the plan at the end of base_day; a task that started later was at
    # 0% on the morning of its first day, which counts as a day of work. On that first day
    # there is no speed to speak of yet.
    if task.start > base_day:
        if ref <= task.start:
            return None, None
        before, days = 0, (ref - task.start).days + 1
    else:
        before, days = (base.pct if base is not None else 0), (ref - base_day).days
    if days <= 0:
        return None, None
    speed = (task.pct - before) / days
    if speed <= 0:
        return None, 0.0
    return ref + timedelta(days=math.ceil((100 - task.pct) / speed)), speed * 7


def _since_start(task: TaskFacts, ref: date) -> date | None:
    days = (ref - task.start).days + 1
    if days <= 1 or task.pct <= 0:
        return None
    return ref + timedelta(days=math.ceil((100 - task.pct) * days / task.pct))


def _earned_schedule(
    task: TaskFacts, ref: date, milestones: tuple[tuple[date, int], ...]
) -> date | None:
    """The due moved by how far the task is behind (or ahead of) its plan: the plan
    reached the task's % on day ES; it finishes at due + (ref - ES), never before ref."""
    points = sorted([(task.start, 0), *milestones])
    if points[-1][0] < task.due or len(points) == 1:
        points.append((task.due, 100))
    if points[-1][1] < 100:
        return None  # the plan never reaches 100%: nothing to measure against
    earned = None
    for (d0, p0), (d1, p1) in zip(points, points[1:], strict=False):
        if p1 >= task.pct and d1 >= d0:
            if p1 == p0:
                earned = d0
            else:
                share = max(0.0, (task.pct - p0) / (p1 - p0))
                earned = d0 + timedelta(days=math.ceil((d1 - d0).days * share))
            break
    if earned is None:
        return None
    finish = task.due + (ref - earned)
    return max(finish, ref + timedelta(days=1))
