"""The next period's plan: `--next` on the staff commands records what a person will do
next (the R57-Next trailer), and the week and month reports list it per task beside the
milestones and dues that fall in the next period, in every format and both languages."""

from __future__ import annotations

from tests.test_record import trailers
from tests.test_report_history import FAR, Hist, by_id, hist, plan_task

__all__ = ["hist"]  # the fixture, used by name

W07 = ("--week", "2025-W07")  # 10-16 Feb 2025; the next week is 17-23 Feb


def test_next_is_recorded_as_a_trailer_and_alone_makes_a_report(hist: Hist) -> None:
    hist.at("2025-02-11T09:00:00")
    hist.r57("update", "T-001", "--pct", "35", "--next", "Gửi dự thảo lấy ý kiến các Vụ")
    body = hist.git("log", "-1", "--format=%B")
    assert trailers(body)["R57-Next"] == "Gửi dự thảo lấy ý kiến các Vụ"
    hist.at("2025-02-12T09:00:00")
    hist.r57("update", "T-002", "--next", "Hoàn thiện báo cáo")  # no figure: a report
    assert hist.git("log", "-1", "--format=%s").strip() == "T-002: report, still 20%"
    res = hist.run("update", "T-003", "--next", "one\ntwo", cwd=hist.repo)
    assert res.code == 2  # one line only, nothing written
    assert "--next" in res.err


def test_the_report_lists_the_plan_and_what_falls_in_the_next_period(hist: Hist) -> None:
    hist.at("2025-02-03T10:00:00")
    t3 = plan_task("T-003", 10, "legal", due="2025-02-21")  # due in the next week
    t3["milestones"] = [
        {"date": "2025-02-18", "planned_pct": 60},
        {"date": "2025-02-21", "planned_pct": 100},
    ]
    hist.plan.write_task(t3)
    hist.commit("T-003's plan")
    hist.at("2025-02-11T09:00:00")
    hist.r57("update", "T-001", "--pct", "35", "--next", "Draft to the departments")
    hist.at("2025-02-13T09:00:00")
    hist.r57("update", "T-001", "--next", "Draft to the departments and the provinces")
    hist.mp.setenv("R57_TODAY", FAR)
    doc = hist.report(*W07)
    nxt = doc["next_period"]
    assert (nxt["first_day"], nxt["last_day"]) == ("2025-02-17", "2025-02-23")
    rows = {t["task"]: t for t in nxt["tasks"]}
    assert sorted(rows) == ["T-001", "T-003"]  # T-002: no plan, nothing falls due
    assert rows["T-001"]["plan"] == "Draft to the departments and the provinces"  # the latest
    assert (rows["T-001"]["for"], rows["T-001"]["by"]) == ("2025-02-13", "Nguyễn Văn An")
    assert rows["T-003"]["plan"] is None
    assert rows["T-003"]["milestones"] == [
        {"date": "2025-02-18", "planned_pct": 60},
        {"date": "2025-02-21", "planned_pct": 100},
    ]
    assert rows["T-003"]["due"] == "2025-02-21"
    assert by_id(doc)["T-001"]["pct_end"] == 35
    en = hist.r57("report", *W07, "--lang", "en", "--wide").out
    assert "Next week's plan (2025-02-17 to 2025-02-23)" in en
    assert "milestone 2025-02-18: 60%; milestone 2025-02-21: 100%; due 2025-02-21" in en
    assert "(no plan given)" in en
    vi = hist.r57("report", *W07, "--lang", "vi").out
    assert "Kế hoạch tuần tới (từ 17/02/2025 đến 23/02/2025)" in vi
    assert "mốc 18/02/2025: 60%" in vi
    md = hist.r57("report", *W07, "--format", "markdown", "--lang", "en").out
    assert "Draft to the departments and the provinces" in md
    html = hist.r57("report", *W07, "--format", "html", "--lang", "en").out
    assert '<section id="next">' in html
    assert 'href="#next"' in html
    month = hist.report("--month", "2025-02")["next_period"]
    assert (month["first_day"], month["last_day"]) == ("2025-03-01", "2025-03-31")


def test_an_overdue_task_in_the_next_plan_says_since_when(hist: Hist) -> None:
    """Its next step is late already: the plan's dates cell says so, never a blank."""
    hist.at("2025-02-03T10:00:00")
    hist.plan.write_task(plan_task("T-004", 20, "legal", due="2025-02-12"))
    hist.commit("T-004, due in the week")
    hist.at("2025-02-14T09:00:00")
    hist.r57("update", "T-004", "--pct", "40", "--next", "Finish the draft")
    hist.mp.setenv("R57_TODAY", FAR)
    doc = hist.report(*W07)
    assert by_id(doc)["T-004"]["status"] == "overdue"
    en = hist.r57("report", *W07, "--lang", "en", "--wide").out
    row = next(x for x in en.splitlines() if x.startswith("T-004") and "Finish the draft" in x)
    assert "overdue: due 2025-02-12, 4 days late" in row
    vi = hist.r57("report", *W07, "--lang", "vi", "--wide").out
    assert "quá hạn: hạn 12/02/2025, chậm 4 ngày" in vi
