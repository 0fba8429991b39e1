"""Rough edges reported in an earlier try (issue 15), each reproduced first: a cancelled task
has no plan-vs-actual gap; a period before the history starts is a clear message."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result
from tests.test_report_history import by_id, new_hist, plan_task

R57 = Callable[..., Result]


def test_a_cancelled_task_has_no_gap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, r57: R57
) -> None:
    h = new_hist(tmp_path, monkeypatch, r57, [plan_task("T-001", 30), plan_task("T-002", 20)])
    h.at("2025-05-12T09:00:00")
    h.r57("cancel", "T-002", "--reason", "Merged into T-001")
    doc = h.report("--week", "2025-W20")
    tasks = by_id(doc)
    assert tasks["T-002"]["status"] == "cancelled"
    assert tasks["T-002"]["gap"] is None  # was 20 - 80 = -60: behind a plan no longer held
    assert tasks["T-001"]["gap"] == 30 - tasks["T-001"]["planned_pct_end"]
    text = r57("report", "--week", "2025-W20", "--lang", "en", cwd=h.repo).out
    (row,) = [line for line in text.splitlines() if line.startswith("T-002")]
    assert f"-{tasks['T-002']['planned_pct_end'] - 20}" not in row
    csv_text = r57("report", "--week", "2025-W20", "--format", "csv").out
    (csv_row,) = [line for line in csv_text.splitlines() if line.startswith("T-002,")]
    assert f",-{tasks['T-002']['planned_pct_end'] - 20}," not in csv_row
