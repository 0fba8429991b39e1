"""Wording of issue 15's review (try15 N6, N7, N13, N16), in both languages, on real
histories: no double negative for a task done early, "không tiến triển N ngày trở lên"
for a stalled forecast, "quá hạn N ngày" (not "quá hạn trễ"), and the period compared with
named as the title names it, lower-case inside the sentence."""

from __future__ import annotations

from tests.test_report_history import FAR, Hist, by_id, hist

__all__ = ["hist"]  # the fixture: T-001, T-002 (ndta), T-003 (legal), committed 3 Feb 2025


def test_done_early_has_no_double_negative(hist: Hist) -> None:
    hist.at("2025-06-20T09:00:00")  # T-001 is due 30 June: done 10 days early
    hist.r57("done", "T-001", "--evidence", "QĐ 12/QĐ-BTTTT")
    hist.mp.setenv("R57_TODAY", FAR)
    week = ("--week", "2025-W25")
    assert by_id(hist.report(*week))["T-001"]["days_early"] == 10
    vi = hist.r57("report", *week, "--all", "--lang", "vi").out
    assert "xong trước hạn 10 ngày" in vi
    assert "-10" not in vi
    en = hist.r57("report", *week, "--all", "--lang", "en").out
    assert "done early 10d" in en
    assert "-10d" not in en


def test_stalled_and_overdue_words(hist: Hist) -> None:
    hist.at("2025-02-05T09:00:00")
    hist.r57("update", "T-002", "--pct", "25")
    hist.mp.setenv("R57_TODAY", "2025-07-07")  # T-002 due 30 June: 7 days late
    week = ("--week", "2025-W28")
    t2 = by_id(hist.report(*week))["T-002"]
    assert t2["forecast_reason"] == "stalled"
    days = t2["stalled_days"]
    vi = hist.r57("report", *week, "--all", "--lang", "vi").out
    assert f"không tiến triển {days} ngày trở lên" in vi
    assert "đứng yên từ" not in vi
    assert f"stalled {days}+ days" in hist.r57("report", *week, "--all", "--lang", "en").out
    listed = hist.r57("list", "--lang", "vi").out
    assert "quá hạn 7 ngày" in listed
    assert "quá hạn trễ" not in listed
    en = hist.r57("list", "--lang", "en").out
    assert "overdue 7 d" in en
    assert "overdue 7 d late" not in en
    shown = hist.r57("show", "T-002", "--lang", "vi").out
    assert "quá hạn 7 ngày" in shown


def test_compared_with_names_the_period_as_the_title(hist: Hist) -> None:
    hist.at("2025-02-11T09:00:00")
    hist.r57("update", "T-001", "--pct", "35")
    hist.mp.setenv("R57_TODAY", FAR)
    vi = hist.r57("report", "--week", "2025-W07", "--lang", "vi").out
    assert "So với tuần 6 (03/02–09/02/2025): " in vi
    month = hist.r57("report", "--month", "2025-03", "--lang", "vi").out
    assert "So với tháng 02/2025: " in month
    en = hist.r57("report", "--week", "2025-W07", "--lang", "en").out
    assert "Compared with 2025-W06 (2025-02-03–2025-02-09): " in en
