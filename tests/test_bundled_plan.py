"""The bundled plan validates cleanly and really contains every kind of task state."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from r57cli.plan.model import Task, UnitsFile
from r57cli.plan.planfile import load
from r57cli.validate.engine import validate

PLAN = Path(__file__).resolve().parent.parent / "plan286"
NOW = date(2026, 11, 22)


def _tasks() -> list[Task]:
    tasks = []
    for path in sorted((PLAN / "tasks").glob("*/*.yaml")):
        loaded = load(path.name, path.read_bytes())
        tasks.append(Task.model_validate(loaded.data))
    return tasks


def _planned(task: Task, day: date) -> int:
    done = [m.planned_pct for m in task.milestones if m.date <= day]
    return done[-1] if done else 0


def test_bundled_plan_has_no_errors_or_warnings() -> None:
    result = validate(PLAN, use_cache=False)
    assert [(d.code, d.path, d.line) for d in result.diagnostics] == []
    assert result.files >= 42


def test_bundled_plan_size() -> None:
    units = UnitsFile.model_validate(load("units.yaml", (PLAN / "units.yaml").read_bytes()).data)
    assert len(units.units) >= 10
    assert all(u.name.vi and u.name.en for u in units.units)
    tasks = _tasks()
    assert len(tasks) >= 40
    years = {t.start.year for t in tasks} | {t.due.year for t in tasks}
    assert {2025, 2026, 2027} <= years


def test_bundled_plan_covers_every_state() -> None:
    states: Counter[str] = Counter()
    for t in _tasks():
        p = t.progress
        open_blockers = {b.kind for b in t.blockers if b.lifted is None}
        if p.status == "not_started":
            states["not started"] += 1
        if p.status == "done" and p.completed is not None:
            states[
                "done early"
                if p.completed < t.due
                else "done late"
                if p.completed > t.due
                else "done on time"
            ] += 1
        if p.status == "in_progress" and t.due < NOW:
            states["overdue"] += 1
        if p.status == "in_progress" and t.due >= NOW:
            gap = _planned(t, NOW) - p.pct
            states["behind" if gap >= 15 else "on track"] += 1
        states.update(f"blocked by {kind}" for kind in open_blockers & {"decree", "circular"})
        if any(b.lifted is not None for b in t.blockers):
            states["blocker lifted"] += 1
        if any(r.status == "open" for r in t.resources):
            states["waiting for resources"] += 1
        if t.depends_on:
            states["depends on another task"] += 1
    for state in (
        "not started",
        "on track",
        "behind",
        "done early",
        "done late",
        "overdue",
        "blocked by decree",
        "blocked by circular",
        "blocker lifted",
        "waiting for resources",
        "depends on another task",
    ):
        assert states[state] >= 1, state
