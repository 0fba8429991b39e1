"""Rough edges (issue 15): a task added mid-period is not this period's work. Its % is no
change (pct_change null), and the averages of change count only the tasks that existed at
the start, so neither the plan's nor its unit's change is lifted; the legend says so."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result
from tests.test_report_history import Hist, by_id, new_hist, plan_task

R57 = Callable[..., Result]


def week_with_a_new_task(tmp_path: Path, mp: pytest.MonkeyPatch, r57: R57) -> Hist:
    h = new_hist(tmp_path, mp, r57, [plan_task("T-001", 30), plan_task("T-002", 20)])
    h.at("2025-02-11T09:00:00")
    h.r57("update", "T-001", "--pct", "40")  # +10 this week
    h.at("2025-02-12T09:00:00")
    h.plan.write_task(plan_task("T-003", 67))  # filed this week, already at 67%
    h.commit("Add T-003")
    h.at("2025-02-14T09:00:00")
    return h


def test_a_new_task_is_not_this_weeks_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, r57: R57
) -> None:
    h = week_with_a_new_task(tmp_path, monkeypatch, r57)
    doc = h.report("--week", "2025-W07")
    tasks = by_id(doc)
    assert "new" in tasks["T-003"]["flags"]
    assert tasks["T-003"]["pct_start"] is None
    assert tasks["T-003"]["pct_change"] is None  # not +67
    assert tasks["T-001"]["pct_change"] == 10
    assert tasks["T-002"]["pct_change"] == 0
    # The change over the two tasks that existed on Monday: (10 + 0) / 2.
    assert doc["totals"]["avg_pct_change"] == 5.0
    assert doc["totals"]["avg_pct_start"] == 25.0  # (30 + 20) / 2, T-003 did not exist
    (ndta,) = [u for u in doc["units"] if u["id"] == "ndta"]
    assert ndta["avg_pct_change"] == 5.0
    assert ndta["avg_pct_end"] == round((40 + 20 + 67) / 3, 1)  # where it stands: all three


def test_the_legend_says_so_in_both_languages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, r57: R57
) -> None:
    h = week_with_a_new_task(tmp_path, monkeypatch, r57)
    en = r57("report", "--week", "2025-W07", "--lang", "en", cwd=h.repo).out
    said = " ".join(en.split())
    assert "a task added during it is marked new, and its % is not counted as change." in said
    assert "+67" not in en
    vi = " ".join(r57("report", "--week", "2025-W07", "--lang", "vi").out.split())
    assert "nhiệm vụ thêm trong kỳ được đánh dấu mới" in vi
    # A week without a new task says nothing of it.
    quiet = r57("report", "--week", "2025-W08", "--lang", "en").out
    assert "not counted as change" not in " ".join(quiet.split())
