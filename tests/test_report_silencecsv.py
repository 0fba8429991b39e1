"""Days silent of units and people in CSV (issue 15 item 2, try15 N40): the units table's
last columns (`days_silent`, `days_silent_basis` in plain; "Days silent" with "≥" for a
lower bound for people) and `--csv-table people`, in both dialects. Real git history with
pinned dates; the figures are worked out below.

3 Feb 2025 (Mon, W06) the plan is committed: T-001 and T-002 (ndta, An), T-003 (legal, Chi).
12 Feb (W07) An reports T-001. Week W07 (10–16 Feb, reference day 16 Feb): T-001 silent
16 − 12 = 4 days, T-002 and T-003 16 − 3 = 13 (the plan's commit landed 3 Feb, read back:
history from 3 Feb). Week W08 (17–23 Feb, history read from 10 Feb): T-001 23 − 12 = 11,
T-002 and T-003 have no report read back: at least 23 − 10 + 1 = 14 days. Reports are read
back one week, as on a national history (conftest's bounded_lookback), so that this small
history has a lower bound to show."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.test_report_history import R57, Hist, new_hist, plan_task

CSV = ("--format", "csv")


@pytest.fixture
def hist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, r57: R57) -> Hist:
    h = new_hist(
        tmp_path,
        monkeypatch,
        r57,
        [plan_task("T-001", 30), plan_task("T-002", 20), plan_task("T-003", 10, "legal")],
    )
    h.at("2025-02-12T10:00:00")
    h.edit("T-001", 40)
    h.commit("T-001: 30% → 40%")
    h.at("2025-02-24T09:00:00")
    return h


def _table(h: Hist, *args: str) -> list[dict[str, str]]:
    out = h.r57("report", *CSV, *args).out
    return list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))


@pytest.mark.usefixtures("bounded_lookback")
def test_units_plain_and_people(hist: Hist) -> None:
    w07 = ("--week", "2025-W07")
    plain = {
        r["unit"]: r for r in _table(hist, *w07, "--csv-table", "units", "--csv-dialect", "plain")
    }
    assert (plain["ndta"]["days_silent"], plain["ndta"]["days_silent_basis"]) == ("13", "report")
    assert (plain["legal"]["days_silent"], plain["legal"]["days_silent_basis"]) == ("13", "report")
    w08 = ("--week", "2025-W08")
    plain = {
        r["unit"]: r for r in _table(hist, *w08, "--csv-table", "units", "--csv-dialect", "plain")
    }
    assert (plain["ndta"]["days_silent"], plain["ndta"]["days_silent_basis"]) == ("14", "history")
    people = _table(hist, *w08, "--csv-table", "units", "--lang", "vi")
    assert [r["Số ngày chưa báo cáo"] for r in people] == ["≥14", "≥14"]
    english = _table(hist, *w07, "--csv-table", "units", "--lang", "en")
    assert [r["Days silent"] for r in english] == ["13", "13"]


@pytest.mark.usefixtures("bounded_lookback")
def test_people_table_both_dialects(hist: Hist) -> None:
    w07 = ("--week", "2025-W07")
    rows = _table(hist, *w07, "--csv-table", "people", "--csv-dialect", "plain")
    assert rows == [
        {
            "person": "an",
            "name": "Nguyễn Văn An",
            "units": "ndta",
            "open_tasks": "2",
            "days_silent": "13",
            "days_silent_basis": "report",
            "silent_since": "2025-02-03",
            "reported_in_period": "true",
            "task": "T-002",
        },
        {
            "person": "chi",
            "name": "Lê Chi",
            "units": "legal",
            "open_tasks": "1",
            "days_silent": "13",
            "days_silent_basis": "report",
            "silent_since": "2025-02-03",
            "reported_in_period": "false",
            "task": "T-003",
        },
    ]
    vi = hist.r57("report", *CSV, "--week", "2025-W08", "--csv-table", "people", "--lang", "vi")
    assert vi.out.startswith("\ufeff")
    head, *body = list(csv.reader(io.StringIO(vi.out.removeprefix("\ufeff"))))
    assert head == [
        "Người phụ trách",
        "Đơn vị",
        "Nhiệm vụ đang thực hiện",
        "Số ngày chưa báo cáo",
        "Chưa báo cáo từ ngày",
        "Đã báo cáo trong kỳ",
        "Nhiệm vụ lâu chưa báo cáo nhất",
    ]
    assert body[0] == ["Nguyễn Văn An", "ndta", "2", "≥14", "trước 10/02/2025", "không", "T-002"]
    en = _table(hist, *w07, "--csv-table", "people", "--lang", "en")
    assert en[0]["Silent since"] == "2025-02-03"
    assert en[0]["Reported in the period"] == "yes"
