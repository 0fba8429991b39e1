"""Days silent: for each open task, unit and responsible person, the days from the last
report to the period's reference day (docs/report.md, "Days silent").

A report is a commit that landed touching the task, the same commits as `last_report_at`
and the stale class; it counts from the day it landed, so a task is stale ("no report this
period") exactly when its silence reaches back before the period's first day. A task with
no report read back to `history_from` counts from its start when it started on or after
that day (it was never reported); otherwise its silence is only known to be at least the
days back to `history_from`, and says so (`days_silent_basis: "history"`).

A unit's and a person's silence is the longest of their open tasks: the task they have
left longest without a report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from r57cli.report.period import Report_

OPEN = frozenset({"not_started", "in_progress"})


@dataclass(frozen=True)
class Silence:
    days: int
    since: date  # the day counted from: the last report's landing day, or the start
    basis: str  # "report", "start" (never reported), or "history" (at least: none read)

    @property
    def at_least(self) -> bool:
        return self.basis == "history"


def task_silence(
    status: str, start: date, last: Report_ | None, ref: date, history_from: date
) -> Silence | None:
    """The silence of a task on day `ref`, or None when it is closed or not begun (not
    started, and its start is after `ref`), or the period lies wholly after today."""
    if status not in OPEN or (start > ref and status != "in_progress"):
        return None
    if ref < history_from:
        return None  # a period that begins after today: nothing read, nothing to tell
    if last is not None:
        day = last.landed.date()
        return Silence((ref - day).days, day, "report")
    if history_from <= start <= ref:
        return Silence((ref - start).days, start, "start")
    # Started before the history read, or in progress ahead of its start date (its file
    # was in the plan all the same): silent at least since the history read began.
    return Silence((ref - history_from).days + 1, history_from, "history")


@dataclass(frozen=True)
class Longest:
    """The longest silence of a group of tasks (a unit's, a person's)."""

    id: str
    days: int
    at_least: bool
    task: str  # the task silent longest
    reported: bool  # some task of the group due to report was reported in the period


def longest(groups: dict[str, list[tuple[str, Silence, bool]]]) -> list[Longest]:
    """Per group (id -> [(task, silence, reported in period)]), the longest silence, the
    longest first (a lower bound ranks by its bound), then by id."""
    out = []
    for gid, items in groups.items():
        task, worst, _ = max(items, key=lambda i: (i[1].days, i[1].at_least, _neg(i[0])))
        out.append(Longest(gid, worst.days, worst.at_least, task, any(r for *_, r in items)))
    out.sort(key=lambda g: (-g.days, not g.at_least, g.id))
    return out


def _neg(task: str) -> tuple[int, ...]:
    """Ties go to the smallest task id."""
    return tuple(-ord(c) for c in task)
