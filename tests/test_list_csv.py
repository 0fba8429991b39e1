"""`r57 list --format csv`: for people by default (headings in the reader's language,
names, dates as the language writes them, statuses as words, a UTF-8 byte-order mark), and
`--csv-dialect plain`, the machine CSV as it was before (ids, codes, ISO dates, no mark).
Real git repositories with pinned dates and identities."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest

from r57cli.locale import texts
from tests.conftest import Plan, Result, task

R57 = Callable[..., Result]
BOM = "\ufeff"


@pytest.fixture
def two(plan: Plan, monkeypatch: pytest.MonkeyPatch) -> Plan:
    """ndta's T-001 (30%, legal co-operating) and legal's T-002: done 10 days late, with an
    open blocker and an open request, and a title a spreadsheet would run as a formula."""
    plan.write_task(
        task(
            "T-002",
            unit="legal",
            co_units=[],
            responsible="chi",
            start="2025-01-06",
            due="2025-02-20",
            milestones=[{"date": "2025-02-20", "planned_pct": 100}],
            progress={"pct": 100, "status": "done", "completed": "2025-03-02"},
            title={"en": "=Legal review", "vi": "Rà soát pháp lý, đợt 1"},
            blockers=[
                {
                    "id": "B-1",
                    "kind": "decree",
                    "ref": "Decree 47/2020/ND-CP",
                    "description": "Waiting",
                    "raised": "2025-02-01",
                }
            ],
            resources=[
                {"id": "R-1", "unit": "ndta", "need": "Two engineers", "asked": "2025-02-03"}
            ],
        )  # fmt: skip
    )
    plan.commit("T-002")
    monkeypatch.setenv("R57_TODAY", "2025-03-05")
    monkeypatch.setattr(texts, "_language", "")
    monkeypatch.chdir(plan.repo)
    return plan


# Today's machine CSV of `two`, byte for byte, as r57 wrote it before the people's dialect.
HEAD = (
    "id,unit,responsible,start,due,pct,planned_pct,status,completed,overdue,days_late,"
    "open_blockers,open_requests,title_en,title_vi"
)
T2 = "T-002,legal,chi,2025-01-06,2025-02-20,100,100,done,2025-03-02,false,10,B-1,R-1,"
T2 += '\'=Legal review,"Rà soát pháp lý, đợt 1"'
T1 = "T-001,ndta,an,2025-02-10,2025-09-30,30,9,in_progress,,false,0,,,"
T1 += "Roadmap for 2G switch-off,Lộ trình dừng 2G"
PLAIN = f"{HEAD}\n{T2}\n{T1}\n"
PLAIN_SILENT = f"{HEAD},days_silent,days_silent_basis\n{T1},2,report\n"


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("unit", [[], ["--unit", "legal"]])
def test_plain_is_the_machine_csv_as_before(
    two: Plan, r57: R57, lang: str, unit: list[str]
) -> None:
    res = r57("list", "--format", "csv", "--csv-dialect", "plain", "--lang", lang, *unit)
    assert res.code == 0, res.err
    assert res.out == PLAIN
    silent = r57("list", "-f", "csv", "--csv-dialect", "plain", "--silent", "1", "--lang", lang)
    assert silent.out == PLAIN_SILENT


def test_plain_takes_a_bom_when_asked(two: Plan, r57: R57) -> None:
    res = r57("list", "-f", "csv", "--csv-dialect", "plain", "--csv-bom")
    assert res.out == BOM + PLAIN


PEOPLE = {
    "en": [
        ["Task", "Unit", "Responsible", "Start", "Due", "%", "Plan %", "Status", "Completed",
         "Days late", "Notes", "Open requests", "Title"],
        ["T-002", "legal", "Lê Chi", "2025-01-06", "2025-02-20", "100%", "100%", "done",
         "2025-03-02", "10", "10 d late; blocked B-1", "R-1", "'=Legal review"],
        ["T-001", "ndta", "Nguyễn Văn An", "2025-02-10", "2025-09-30", "30%", "9%",
         "in progress", "", "0", "", "", "Roadmap for 2G switch-off"],
    ],
    "vi": [
        ["Nhiệm vụ", "Đơn vị", "Phụ trách", "Bắt đầu", "Hạn", "%", "% KH", "Trạng thái",
         "Ngày hoàn thành", "Số ngày trễ", "Ghi chú", "Đề nghị đang mở", "Tên nhiệm vụ"],
        ["T-002", "legal", "Lê Chi", "06/01/2025", "20/02/2025", "100%", "100%", "hoàn thành",
         "02/03/2025", "10", "trễ 10 ngày; vướng mắc B-1", "R-1", "Rà soát pháp lý, đợt 1"],
        ["T-001", "ndta", "Nguyễn Văn An", "10/02/2025", "30/09/2025", "30%", "9%",
         "đang thực hiện", "", "0", "", "", "Lộ trình dừng 2G"],
    ],
}  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_default_csv_is_for_people(two: Plan, r57: R57, lang: str) -> None:
    res = r57("list", "--format", "csv", "--lang", lang)
    assert res.code == 0, res.err
    assert res.out.startswith(BOM)
    assert list(csv.reader(io.StringIO(res.out.removeprefix(BOM)))) == PEOPLE[lang]
    same = r57("list", "--format", "csv", "--csv-dialect", "people", "--lang", lang)
    assert same.out == res.out
    bare = r57("list", "--format", "csv", "--no-csv-bom", "--lang", lang)
    assert bare.out == res.out.removeprefix(BOM)
    assert not bare.out.startswith(BOM)


@pytest.mark.parametrize(
    ("lang", "silent", "co"), [("en", "Days silent", "co-operating"),
                               ("vi", "Số ngày chưa báo cáo", "phối hợp")]
)  # fmt: skip
def test_people_csv_days_silent_and_co_operating(
    two: Plan, r57: R57, lang: str, silent: str, co: str
) -> None:
    res = r57("list", "-f", "csv", "--silent", "1", "--lang", lang, "--no-csv-bom")
    head, row = list(csv.reader(io.StringIO(res.out)))
    assert head[-2] == silent
    assert (row[0], row[-2]) == ("T-001", "2")
    res = r57("list", "-f", "csv", "--unit", "legal", "--lang", lang, "--no-csv-bom")
    notes = {r[0]: r[10] for r in csv.reader(io.StringIO(res.out))}
    assert notes["T-001"] == co  # ndta's task, legal co-operates on it
    assert co not in notes["T-002"]


def test_a_bad_dialect_is_refused(two: Plan, r57: R57) -> None:
    res = r57("list", "-f", "csv", "--csv-dialect", "excel")
    assert res.code == 2
    assert res.out == ""
    assert "--csv-dialect" in res.err
