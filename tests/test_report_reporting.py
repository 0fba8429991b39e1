"""Which commits are a unit's report on its task (report/reporting.py): a coordinator's
decision or another unit's admin edit leaves a silent task silent; the unit's own edits and
staff commands report. Real histories with pinned dates; W07 = 10-16 Feb 2025."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.test_report_history import AN, BINH, CHI, R57, Hist, new_hist, plan_task

W07 = ("--week", "2025-W07")


@pytest.fixture
def quiet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, r57: R57) -> Hist:
    """T-001 (ndta) and T-003 (legal), both in progress; nobody reports in W06 or W07 but
    the commits each test adds on 12 Feb."""
    return new_hist(
        tmp_path,
        monkeypatch,
        r57,
        [plan_task("T-001", 30), plan_task("T-003", 40, "legal")],
    )


def _task(doc: dict[str, Any], task_id: str) -> dict[str, Any]:
    return next(t for t in doc["tasks"] if t["id"] == task_id)


def _edit_title(h: Hist, task_id: str, who: tuple[str, str], message: str) -> None:
    h.at("2025-02-12T10:00:00", who)
    data = h.read(task_id)
    data["title"]["en"] += " (typo fixed)"
    h.write(task_id, data)
    h.commit(message)
    h.at("2025-02-14T17:00:00")


def _reported(h: Hist, task_id: str) -> bool:
    row = _task(h.report(*W07), task_id)
    return "stale" not in row["flags"]


def test_a_reschedule_is_not_the_units_report(quiet: Hist) -> None:
    _edit_title(quiet, "T-001", BINH, "T-001: due moved\n\nR57-Action: reschedule")
    assert not _reported(quiet, "T-001")
    doc = quiet.report(*W07, "--lang", "en")
    assert _task(doc, "T-001")["days_silent"] >= 11  # since its start, 3 Feb


@pytest.mark.parametrize("action", ["decide", "confirm", "reopen"])
def test_other_decisions_are_not_reports(quiet: Hist, action: str) -> None:
    _edit_title(quiet, "T-001", BINH, f"T-001: {action}\n\nR57-Action: {action}")
    assert not _reported(quiet, "T-001")


def test_a_staff_command_reports(quiet: Hist) -> None:
    _edit_title(quiet, "T-001", AN, "T-001: report\n\nR57-Action: report")
    assert _reported(quiet, "T-001")


def test_a_coordinators_hand_edit_of_another_units_task_is_not_its_report(quiet: Hist) -> None:
    # Bình is a coordinator of ndta; T-003 belongs to legal.
    _edit_title(quiet, "T-003", BINH, "Fix a typo in T-003")
    assert not _reported(quiet, "T-003")
    assert "T-003" in quiet.r57("remind", "--lang", "en").out  # Chi is still chased for it


def test_a_hand_edit_by_the_units_member_reports(quiet: Hist) -> None:
    _edit_title(quiet, "T-003", CHI, "T-003 progress by hand")
    assert _reported(quiet, "T-003")


def test_a_coordinators_hand_edit_of_their_own_units_task_reports(quiet: Hist) -> None:
    _edit_title(quiet, "T-001", BINH, "T-001 progress by hand")
    assert _reported(quiet, "T-001")


@pytest.mark.parametrize("period", [["--week", "2025-W20"], ["--month", "2025-06"]])
def test_a_future_period_has_no_days_silent(quiet: Hist, period: list[str]) -> None:
    doc = quiet.report(*period)
    silences = [t.get("days_silent") for t in doc["tasks"]]
    silences += [u.get("days_silent") for u in doc["silence"]["units"]]
    silences += [p.get("days_silent") for p in doc["silence"]["people"]]
    assert all(s is None for s in silences), silences
    text = quiet.r57("report", *period, "--lang", "vi").out
    assert "-" not in "".join(
        line for line in text.splitlines() if "ngày" in line and "ít nhất" in line
    )


def test_days_silent_beyond_a_week_are_exact_and_the_same_everywhere(quiet: Hist) -> None:
    """A small history is read a quarter back (synthesis.lookback): a task silent for three
    weeks says 23 days in the report, `list --silent` and the reminder alike."""
    quiet.at("2025-02-12T10:00:00", AN)
    quiet.r57("update", "T-001", "--pct", "35")
    quiet.at("2025-03-07T10:00:00", CHI)
    doc = quiet.report("--week")
    t1 = _task(doc, "T-001")
    assert (t1["days_silent"], t1["days_silent_basis"]) == (23, "report")
    assert doc["period"]["history_from"] == "2024-12-02"  # 91 days before 3 March
    import json

    listed = json.loads(quiet.r57("list", "--silent", "20", "--format", "json").out)
    assert [(r["id"], r["days_silent"]) for r in listed if r["id"] == "T-001"] == [("T-001", 23)]
    for few in ("5", "10"):
        again = json.loads(quiet.r57("list", "--silent", few, "--format", "json").out)
        assert {r["id"]: r["days_silent"] for r in again}["T-001"] == 23
    assert "2025-02-12" in quiet.r57("remind", "--lang", "en").out


def test_previous_names_the_last_closed_week_and_month(quiet: Hist) -> None:
    quiet.at("2025-03-05T10:00:00")
    assert quiet.report("--week", "previous")["period"]["id"] == "2025-W09"
    assert quiet.report("--week", "previous") == quiet.report("--week", "2025-W09")
    assert quiet.report("--month", "previous")["period"]["id"] == "2025-02"
    trend = quiet.report("--weeks", "2", "--week", "previous")["periods"]
    assert [p["id"] for p in trend] == ["2025-W08", "2025-W09"]
