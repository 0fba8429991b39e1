"""Rough edges (issue 15): `r57 show` ticks a milestone only when it was reached. A date that
passed with the task behind is missed, with the % it had on that day, in both languages."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from tests.conftest import Plan, Result, task
from tests.test_views import at

R57 = Callable[..., Result]


def history(plan: Plan, r57: R57, monkeypatch: pytest.MonkeyPatch) -> None:
    """Milestones 2025-03-31 at 20% and 2025-09-30 at 100%; reports 25% on 2025-03-20 and
    60% on 2025-08-01; today 2025-10-06, so both dates have passed."""
    plan.write_task(task(progress={"pct": 0, "status": "not_started"}))
    plan.commit("T-001 at 0")
    at(monkeypatch, "2025-03-20")
    assert r57("update", "T-001", "--pct", "25", cwd=plan.repo).code == 0
    at(monkeypatch, "2025-08-01")
    assert r57("update", "T-001", "--pct", "60").code == 0
    at(monkeypatch, "2025-10-06")


def test_show_marks_missed_milestones_missed(
    plan: Plan, r57: R57, monkeypatch: pytest.MonkeyPatch
) -> None:
    history(plan, r57, monkeypatch)
    out = r57("show", "T-001", "--lang", "en").out
    assert "  ✓ 2025-03-31  20%  (reached)\n" in out
    assert "  ✗ 2025-09-30  100%  (missed: 60% on that day)\n" in out
    vi = r57("show", "T-001", "--lang", "vi").out
    assert "  ✓ 31/03/2025  20%  (đã đạt)\n" in vi
    assert "  ✗ 30/09/2025  100%  (không đạt: ngày đó mới 60%)\n" in vi
    data = json.loads(r57("show", "T-001", "--format", "json").out)
    assert data["milestones"] == [
        {"date": "2025-03-31", "planned_pct": 20, "state": "reached", "pct_on_date": 25},
        {"date": "2025-09-30", "planned_pct": 100, "state": "missed", "pct_on_date": 60},
    ]


def test_a_milestone_missed_then_caught_up_says_both(
    plan: Plan, r57: R57, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan.write_task(task(progress={"pct": 0, "status": "not_started"}))
    plan.commit("T-001 at 0")
    at(monkeypatch, "2025-04-10")
    assert r57("update", "T-001", "--pct", "30", cwd=plan.repo).code == 0
    out = r57("show", "T-001", "--lang", "en").out
    # Nothing reported by 2025-03-31: 0% that day, 30% now.
    assert "  ✗ 2025-03-31  20%  (missed: 0% on that day; now 30%)\n" in out
    assert "  · 2025-09-30  100%\n" in out  # not yet due: neither
