"""`--csv-table changes` in the people dialect (the default) speaks the reader's language,
as the other people tables: headings, sections, groups, statuses, events and decisions in
words, dates dd/mm/yyyy in Vietnamese, % as the report shows it; `--csv-dialect plain` keeps
the codes, its bytes as before (issue 15, try15 N10). The history: test_report_changes'."""

from __future__ import annotations

import csv
import io

from tests import test_report_changes as base
from tests.test_report_history import Hist

week = base.week  # W06/W07 2025: a status change of each kind, blockers, requests, moves
W07 = base.W07
CHANGES = ("--format", "csv", "--csv-table", "changes")


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def test_people_changes_csv_in_vietnamese(week: Hist) -> None:
    res = week.r57("report", *W07, *CHANGES, "--lang", "vi")
    assert res.code == 0, res.err
    assert res.out.startswith("\ufeff")
    head, *rows = _rows(res.out)
    assert head == [
        "Mục",
        "Nội dung",
        "Nhiệm vụ",
        "Đơn vị",
        "Số hiệu",
        "Trước",
        "Sau",
        "Thay đổi",
        "Chi tiết",
    ]
    by_task = {(r[0], r[2]): r for r in rows}
    assert by_task["Nhiệm vụ đổi trạng thái", "T-001"][1:7] == [
        "mới quá hạn",
        "T-001",
        "ndta",
        "",
        "chậm so với kế hoạch",
        "quá hạn",
    ]
    done = by_task["Hoàn thành trong kỳ", "T-005"]
    assert done[1] == "trễ 6 ngày"
    assert done[5:8] == ["05/02/2025", "11/02/2025", "6"]
    blocker = next(r for r in rows if r[2] == "T-003" and r[4] == "B-1")
    assert blocker[0].startswith("Vướng mắc")
    assert blocker[4:7] == ["B-1", "10/02/2025", "12/02/2025"]
    request = next(r for r in rows if r[4] == "R-1")
    assert request[6] == "13/02/2025"
    assert "2025-02" not in res.out  # no ISO date
    for code in ("newly_overdue", "behind_plan", "raised_and_lifted", "status,", "granted"):
        assert code not in res.out, code
    units = [r for r in rows if r[0].startswith("Đơn vị:")]
    assert units
    assert all(r[5].endswith("%") and r[8].startswith("xếp hạng ") for r in units)
    ndta = next(u for u in week.report(*W07)["changes"]["units"] if u["unit"] == "ndta")
    change = f"+{ndta['avg_pct_change']:g}".replace(".", ",")
    assert "," in change  # a decimal change: written with the comma, as a number (no ')
    assert [r[7] for r in units if r[3] == "ndta"] == [change]
    assert "'+" not in res.out


def test_people_changes_csv_in_english_and_plain_keeps_codes(week: Hist) -> None:
    head, *rows = _rows(week.r57("report", *W07, *CHANGES, "--lang", "en").out)
    assert head[:3] == ["Section", "What", "Task"]
    status = next(r for r in rows if r[2] == "T-001")
    assert status[:2] == ["Status changes", "newly overdue"]
    assert status[5:7] == ["behind plan", "overdue"]
    assert next(r for r in rows if r[0] == "Completed in the period")[5] == "2025-02-05"
    plain = week.r57("report", *W07, *CHANGES, "--csv-dialect", "plain", "--lang", "vi").out
    assert plain.startswith("section,group,task,unit,item,before,after,change,detail\n")
    assert "status,newly_overdue,T-001,ndta,,behind_plan,overdue,," in plain
    assert "completed,late,T-005,ndta,,2025-02-05,2025-02-11,6," in plain
