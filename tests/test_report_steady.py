"""A trend reuses the row of a task with no report read across its periods while the
reference day cannot move it (report/taskrow.py steady_window): for a done task after its
last plan day, for a task not started before its start, first milestone, due and baseline.
Here every pair of days inside a window must give the same row, computed afresh, for tasks
shaped to catch each bound; and a day past the bound must be able to change it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from r57cli.plan.taskfacts import Move, TaskFacts
from r57cli.report import slip
from r57cli.report.taskrow import steady_window, task_row
from tests.test_report_model import W07, blocker, d, facts, period_input

DAYS = [d("2025-01-01") + timedelta(days=n) for n in range(0, 200, 3)]


def _cases() -> list[tuple[str, TaskFacts, TaskFacts | None]]:
    plain = facts("T-1", start="2025-03-01", due="2025-05-01", pct=0, status="not_started")
    early_ms = plain._replace(milestones=((d("2025-02-01"), 20),))  # before its start
    due_first = plain._replace(due=d("2025-02-10"))  # due before its start
    moved = plain._replace(  # rescheduled: the baseline due is earlier than the start
        baseline_due=d("2025-02-20"),
        moves=(
            Move(
                "R-1",
                d("2025-01-05"),
                "an",
                "late",
                "D-1",
                "",
                d("2025-02-20"),
                d("2025-05-01"),
                None,
                None,
            ),
        ),
    )
    # brought forward, before its start: the baseline due is later than the due
    forward = due_first._replace(baseline_due=d("2025-05-01"), moves=moved.moves)
    blocked = plain._replace(blockers=(blocker(),))
    begun = plain._replace(pct=5)  # some % before it began
    done = facts(
        "T-2",
        start="2025-01-10",
        due="2025-03-01",
        pct=100,
        status="done",
        completed="2025-02-20",
        milestones=(("2025-04-01", 100),),  # a milestone after its due
    )
    return [
        ("plain", plain, plain),
        ("new", plain, None),
        ("milestone before start", early_ms, early_ms),
        ("due before start", due_first, due_first),
        ("baseline before start", moved, moved),
        ("due brought before start", forward, forward),
        ("blocked", blocked, blocked),
        ("some % before it began", begun, begun),
        ("done", done, done),
    ]


@pytest.mark.parametrize(("name", "task", "before"), _cases(), ids=[c[0] for c in _cases()])
def test_a_row_in_its_steady_window_does_not_change_with_the_day(
    name: str, task: TaskFacts, before: TaskFacts | None
) -> None:
    inp = period_input(W07, "2025-02-16", [task], start=[before] if before else [])
    inp.sections, inp.speed_for = False, set()  # as a trend's period reads it
    j = slip.judge(task, before)
    window = steady_window(j.task, j.baseline_due)
    assert window is not None

    def row(ref: date) -> object:
        return task_row(task.id, task, before, j, [], [], inp, ref)

    inside = [day for day in DAYS if window[0] < day < window[1]]
    assert inside, name  # the window holds some of the days tried
    first = row(inside[0])
    assert all(row(day) == first for day in inside), name
    # Past the bound the row may change: for each of these cases it does, so the window
    # is not wider than it may be.
    outside = [day for day in DAYS if not window[0] < day < window[1]]
    assert any(row(day) != first for day in outside), name


def test_a_task_in_progress_has_no_steady_window() -> None:
    task = facts("T-3", start="2025-01-01", due="2025-05-01", pct=40)
    assert steady_window(task, task.due) is None
