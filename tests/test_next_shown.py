"""What `--next` recorded shows outside the next-period table (issue 15, try15 N28): in
`r57 show TASK` (the latest plan, who and for which day, text and JSON), under its entry in
`r57 log`, and in the report JSON's tasks[] as `next_plan`."""

from __future__ import annotations

import json

from tests.test_report_history import FAR, Hist, by_id, hist

__all__ = ["hist"]  # the fixture, used by name

W07 = ("--week", "2025-W07")


def _two_plans(h: Hist) -> None:
    h.at("2025-02-11T09:00:00")
    h.r57("update", "T-001", "--pct", "35", "--next", "Gửi dự thảo lấy ý kiến các Vụ")
    h.at("2025-02-13T09:00:00")
    h.r57("update", "T-001", "--pct", "40", "--next", "Trình Bộ trưởng ký")
    h.mp.setenv("R57_TODAY", FAR)


def test_show_gives_the_latest_plan(hist: Hist) -> None:
    _two_plans(hist)
    vi = hist.r57("show", "T-001", "--lang", "vi").out
    assert "  Kế hoạch tiếp theo: Trình Bộ trưởng ký (Nguyễn Văn An, ngày 13/02/2025)\n" in vi
    en = hist.r57("show", "T-001", "--lang", "en").out
    assert "  Next plan: Trình Bộ trưởng ký (Nguyễn Văn An, 2025-02-13)\n" in en
    doc = json.loads(hist.r57("show", "T-001", "--format", "json").out)
    assert doc["next_plan"] == {
        "text": "Trình Bộ trưởng ký",
        "by": "Nguyễn Văn An",
        "date": "2025-02-13",
    }
    other = hist.r57("show", "T-002", "--lang", "en").out
    assert "Next plan" not in other
    assert json.loads(hist.r57("show", "T-002", "--format", "json").out)["next_plan"] is None


def test_log_shows_each_plan_under_its_entry(hist: Hist) -> None:
    _two_plans(hist)
    out = " ".join(hist.r57("log", "T-001", "--lang", "en").out.split())  # a pipe wraps at 80
    assert "next: Trình Bộ trưởng ký" in out
    assert "next: Gửi dự thảo lấy ý kiến các Vụ" in out
    assert out.index("next: Trình Bộ trưởng ký") < out.index("next: Gửi dự thảo")  # newest first
    vi = " ".join(hist.r57("log", "T-001", "--lang", "vi").out.split())
    assert "kế hoạch tiếp theo: Trình Bộ trưởng ký" in vi


def test_report_json_tasks_carry_next_plan(hist: Hist) -> None:
    _two_plans(hist)
    tasks = by_id(hist.report(*W07))
    assert tasks["T-001"]["next_plan"] == {
        "text": "Trình Bộ trưởng ký",
        "by": "Nguyễn Văn An",
        "date": "2025-02-13",
    }
    assert tasks["T-002"]["next_plan"] is None
