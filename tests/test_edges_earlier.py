"""Rough edges reported in an earlier try (issue 15), each reproduced first: a cancelled task
has no plan-vs-actual gap; a period before the history starts is a clear message."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result
from tests.test_report_history import BINH, by_id, new_hist, plan_task

R57 = Callable[..., Result]


def test_a_cancelled_task_has_no_gap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, r57: R57
) -> None:
    h = new_hist(tmp_path, monkeypatch, r57, [plan_task("T-001", 30), plan_task("T-002", 20)])
    h.at("2025-05-12T09:00:00", BINH)  # a coordinator cancels (policy.cancel_by)
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


def test_a_period_before_the_history_is_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, r57: R57
) -> None:
    h = new_hist(tmp_path, monkeypatch, r57, [plan_task("T-001", 30)])  # first commit 3 Feb 2025
    res = r57("report", "--week", "2024-W10", "--lang", "en", cwd=h.repo)
    assert (res.code, res.out) == (2, "")
    assert res.err == (
        "r57: error: 2024-W10 ends before the plan's history starts (its first commit is on "
        "2025-02-03): there is nothing to report. Ask for a period from then on, for example "
        "--week 2025-W06.\n"
    )
    vi = r57("report", "--month", "2025-01", "--lang", "vi", "-o", str(tmp_path / "m.html"))
    assert vi.code == 2
    assert vi.err.startswith("r57: lỗi: 2025-01 kết thúc trước khi lịch sử của kế hoạch bắt đầu")
    assert "ví dụ --month 2025-02." in vi.err
    assert not (tmp_path / "m.html").exists()
    # The week the history starts in is a report, as before.
    assert r57("report", "--week", "2025-W06", "--format", "json").code == 0


def test_a_write_error_names_the_file_asked_for_not_the_temporary_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, r57: R57
) -> None:
    h = new_hist(tmp_path, monkeypatch, r57, [plan_task("T-001", 30)])
    target = tmp_path / "no-such-folder" / "week.html"
    res = r57("report", "--week", "2025-W06", "--lang", "en", "-o", str(target), cwd=h.repo)
    assert res.code == 2
    assert res.err == (
        f"r57: error: {target}: cannot write the report: No such file or directory. "
        "Nothing was written.\n"
    )
    assert ".week.html." not in res.err  # mkstemp's name, as the error used to say
    vi = r57("report", "--week", "2025-W06", "--lang", "vi", "-o", str(target))
    assert vi.err.startswith(f"r57: lỗi: {target}: không ghi được báo cáo:")
    assert not target.parent.exists()
