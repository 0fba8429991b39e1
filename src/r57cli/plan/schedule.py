"""A task's schedule as the baseline rules see it: start, due and the milestones' dates and
planned %, compared without the milestones' labels (renaming a milestone moves nothing)."""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

from r57cli.plan.model import Milestone

SCHEDULE_KEYS = ("start", "due", "milestones")

# A milestone as the schedule sees it: its date and planned %.
Point = tuple[date, int]


class HasSchedule(Protocol):
    @property
    def start(self) -> date | None: ...
    @property
    def due(self) -> date | None: ...
    @property
    def milestones(self) -> list[Milestone] | None: ...


def schedule_parts(schedule: HasSchedule) -> dict[str, Any]:
    """The named parts of a schedule (a task, or a reschedule's before: or after:), with
    milestones as (date, planned %) tuples. Parts that are not named are left out."""
    parts: dict[str, Any] = {}
    if schedule.start is not None:
        parts["start"] = schedule.start
    if schedule.due is not None:
        parts["due"] = schedule.due
    if schedule.milestones is not None:
        parts["milestones"] = tuple((m.date, m.planned_pct) for m in schedule.milestones)
    return parts


def show_part(value: Any) -> str:
    """A part of a schedule as a user reads it: a date, or milestones as "date pct%"."""
    if value is None:
        return "-"
    if isinstance(value, tuple):
        return ", ".join(f"{d.isoformat()} {pct}%" for d, pct in value) or "-"
    return str(value)
