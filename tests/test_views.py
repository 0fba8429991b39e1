"""The read-only views: `r57 list` and its filters, `r57 show`, `r57 log`, "did you mean",
tab completion and the tables' layout. Real git repositories with pinned dates throughout."""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import re
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from r57cli.locale import texts
from r57cli.report.views import planned_pct
from tests.conftest import PLAN, UNITS, Plan, Result, git, task

R57 = Callable[..., Result]
SNAPSHOTS = Path(__file__).parent / "snapshots"
TODAY = "2025-06-16"  # a Monday


@pytest.fixture(autouse=True)
def pinned(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("R57_TODAY", TODAY)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.delenv("R57_DEBUG", raising=False)
    monkeypatch.setattr(texts, "_language", "")


def at(monkeypatch: pytest.MonkeyPatch, day: str, clock: str = "09:00:00+07:00") -> None:
    """Commits made from now on carry this date, and r57's "today" is that day."""
    monkeypatch.setenv("GIT_AUTHOR_DATE", f"{day}T{clock}")
    monkeypatch.setenv("GIT_COMMITTER_DATE", f"{day}T{clock}")
    monkeypatch.setenv("R57_TODAY", day)


def snapshot(name: str, text: str) -> None:
    """Compare with tests/snapshots/NAME; R57_UPDATE_SNAPSHOTS=1 (re)writes it."""
    path = SNAPSHOTS / name
    if os.environ.get("R57_UPDATE_SNAPSHOTS"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def masked(repo: Path, text: str) -> str:
    """Short commit ids replaced by their position in history (<00001> is the first commit),
    so that snapshots do not depend on the exact bytes of unrelated files."""
    shas = git(repo, "rev-list", "--reverse", "HEAD").split()
    for n, sha in enumerate(shas, 1):
        text = text.replace(sha[:7], f"<{n:05d}>")
    return text


# ------------------------------------------------------------------------- a purpose-built plan

BOARD_UNITS: dict[str, Any] = copy.deepcopy(UNITS)
BOARD_UNITS["units"] += [
    {
        "id": "ndta-lab",
        "name": {"en": "NDTA Lab", "vi": "Phòng thí nghiệm CĐS"},
        "parent": "ndta",
        "members": [{"id": "em", "name": "Phạm Em", "emails": ["em@example.gov.vn"]}],
    },
    {
        "id": "ext",
        "name": {"en": "Outside body", "vi": "Cơ quan ngoài Bộ"},
        "members": [{"id": "dung", "name": "Hoàng Dũng", "emails": ["dung@example.gov.vn"]}],
    },
]


def board_task(
    task_id: str,
    unit: str,
    person: str,
    start: str,
    due: str,
    status: str,
    pct: int,
    **extra: Any,
) -> dict[str, Any]:
    progress: dict[str, Any] = {"pct": pct, "status": status}
    if status == "done":
        progress["completed"] = extra.pop("completed")
    return task(
        task_id,
        unit=unit,
        co_units=[],
        responsible=person,
        start=start,
        due=due,
        milestones=[{"date": due, "planned_pct": 100}],
        progress=progress,
        title={"en": f"Task {task_id} in English", "vi": f"Nhiệm vụ {task_id} về chuyển đổi số"},
        **extra,
    )


def blocker(kind: str, lifted: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"id": "B-1", "kind": kind}
    if kind in ("law", "decree", "circular", "regulation"):
        out["ref"] = "Decree 47/2020/ND-CP"
    out |= {"description": "Waiting for rules", "raised": "2025-03-03"}
    if lifted:
        out["lifted"] = lifted
    return out


BOARD = [
    board_task(
        "T-001", "ndta", "an", "2025-02-10", "2025-05-31", "in_progress", 50,
        blockers=[blocker("decree")],
    ),
    board_task(
        "T-002", "legal", "chi", "2025-02-10", "2025-06-10", "in_progress", 20,
        blockers=[blocker("budget", lifted="2025-04-01")],
    ),
    board_task("T-003", "ndta", "binh", "2025-03-03", "2025-06-20", "not_started", 0),
    board_task(
        "T-004", "ndta-lab", "em", "2025-02-10", "2025-06-30", "in_progress", 60,
        resources=[
            {"id": "R-1", "unit": "legal", "need": "A lawyer", "asked": "2025-03-03"},
        ],
    ),
    board_task(
        "T-005", "legal", "chi", "2025-02-10", "2025-07-01", "in_progress", 40,
        resources=[
            {
                "id": "R-1",
                "unit": "ndta",
                "need": "Two engineers",
                "asked": "2025-03-03",
                "status": "granted",
                "decided": "2025-03-10",
            }
        ],
    ),
    board_task(
        "T-006", "ext", "dung", "2025-01-06", "2025-04-30", "in_progress", 10,
        blockers=[blocker("budget")],
    ),
    board_task(
        "T-007", "ndta", "an", "2025-02-10", "2025-05-01", "done", 100,
        completed="2025-05-09", blockers=[blocker("other", lifted="2025-05-05")],
    ),
    board_task(
        "T-008", "ndta", "an", "2025-02-10", "2025-03-31", "cancelled", 10,
        blockers=[blocker("staffing")],
    ),
    board_task("T-009", "ndta", "an", "2025-07-01", "2025-12-31", "not_started", 0),
    board_task("T-010", "legal", "chi", "2025-02-10", "2025-06-16", "in_progress", 70),
    # Started before its official start date (edited by hand): in progress all the same.
    board_task("T-011", "ndta", "binh", "2025-07-01", "2025-12-31", "in_progress", 5),
]  # fmt: skip


@pytest.fixture
def board(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Plan:
    """Eleven tasks over ndta (with its child ndta-lab), legal (both under mic) and ext.
    Everything was committed on 1 May; T-002, T-003 and T-004 were touched later."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    p = Plan(repo, repo / "plan286")
    p.dir.mkdir()
    p.write_plan(PLAN)
    p.write_units(BOARD_UNITS)
    for data in BOARD:
        p.write_task(data)
    at(monkeypatch, "2025-05-01")
    p.commit("the plan")
    # 14 days before today, late in the evening: outside a 14-day window.
    at(monkeypatch, "2025-06-02", "23:30:00+07:00")
    p.write_task({**BOARD[3], "note": "touched"})
    p.commit("T-004 touched")
    # 13 days before today, at 06:00 in Hanoi: the night before in UTC and in California.
    at(monkeypatch, "2025-06-03", "06:00:00+07:00")
    p.write_task({**BOARD[2], "note": "touched"})
    p.commit("T-003 touched")
    # Six days before today.
    at(monkeypatch, "2025-06-10")
    p.write_task({**BOARD[1], "note": "touched"})
    p.commit("T-002 touched")
    monkeypatch.setenv("R57_TODAY", TODAY)
    monkeypatch.chdir(repo)
    return p


def ids(r57: R57, *args: str) -> list[str]:
    res = r57("list", *args, "--format", "json")
    assert res.code == 0, res.err
    return [row["id"] for row in json.loads(res.out)]


def test_board_is_a_valid_plan(board: Plan, r57: R57) -> None:
    res = r57("validate", "--lang", "en", "--no-cache")
    assert res.code == 0, res.out + res.err


def test_list_everything_sorted_by_due_date(board: Plan, r57: R57) -> None:
    assert ids(r57) == [
        "T-008", "T-006", "T-007", "T-001", "T-002", "T-010",
        "T-003", "T-004", "T-005", "T-009", "T-011",
    ]  # fmt: skip


def test_overdue_is_sorted_by_days_late(board: Plan, r57: R57) -> None:
    # Not done or cancelled, due before today: T-007 finished late and T-008 was cancelled
    # after its due date, and T-010 is due today; none of them is overdue.
    assert ids(r57, "--overdue") == ["T-006", "T-001", "T-002"]
    res = r57("list", "--overdue", "--format", "json")
    late = {row["id"]: row["days_late"] for row in json.loads(res.out)}
    assert late == {"T-006": 47, "T-001": 16, "T-002": 6}


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("14d", ["T-010", "T-003", "T-004"]),
        ("2w", ["T-010", "T-003", "T-004"]),
        ("14", ["T-010", "T-003", "T-004"]),
        ("15d", ["T-010", "T-003", "T-004", "T-005"]),
        ("0d", ["T-010"]),
        ("1W", ["T-010", "T-003"]),
    ],
)
def test_due_within(board: Plan, r57: R57, period: str, expected: list[str]) -> None:
    assert ids(r57, "--due-within", period) == expected


@pytest.mark.parametrize("period", ["xyz", "", "-3d", "14dw", "2ww", "d", "3 weeks", "1.5w"])
def test_bad_period_is_a_usage_error(board: Plan, r57: R57, period: str) -> None:
    res = r57("list", "--due-within", period)
    assert res.code == 2
    assert f"'{period}' is not a period" in res.err
    assert "14d or 2w" in res.err
    assert res.out == ""


def test_blocked_means_an_open_blocker_on_an_active_task(board: Plan, r57: R57) -> None:
    # T-002's blocker is lifted; T-007 (done) and T-008 (cancelled) keep theirs open.
    assert ids(r57, "--blocked") == ["T-006", "T-001"]


def test_unit_includes_the_units_under_it(board: Plan, r57: R57) -> None:
    everything = set(ids(r57))
    assert set(ids(r57, "--unit", "mic")) == everything - {"T-006"}
    assert ids(r57, "--unit", "ndta") == [
        "T-008", "T-007", "T-001", "T-003", "T-004", "T-009", "T-011",
    ]  # fmt: skip
    assert ids(r57, "--unit", "ndta-lab") == ["T-004"]
    assert ids(r57, "--unit", "legal") == ["T-002", "T-010", "T-005"]
    assert ids(r57, "-u", "ext") == ["T-006"]


def test_unknown_unit_suggests_the_nearest(board: Plan, r57: R57) -> None:
    res = r57("list", "--unit", "ndt")
    assert res.code == 2
    assert "There is no unit 'ndt' in units.yaml. Did you mean ndta" in res.err
    res = r57("list", "--unit", "zzzz")
    assert res.code == 2
    assert "There is no unit 'zzzz'" in res.err
    assert "Did you mean" not in res.err


def test_person_and_status(board: Plan, r57: R57) -> None:
    assert ids(r57, "--person", "chi") == ["T-002", "T-010", "T-005"]
    nobody = r57("list", "--person", "nobody")  # a typo is said, as by r57 report --person
    assert nobody.code == 2
    assert "nobody is not anyone in units.yaml" in nobody.err
    assert ids(r57, "--status", "not_started") == ["T-003", "T-009"]
    assert ids(r57, "--status", "done") == ["T-007"]
    assert ids(r57, "--status", "cancelled") == ["T-008"]
    res = r57("list", "--status", "blocked")
    assert res.code == 2
    assert "--status blocked" in res.err


def test_mine_reads_git_config_user_email(
    board: Plan, r57: R57, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GIT_AUTHOR_EMAIL")
    monkeypatch.delenv("GIT_COMMITTER_EMAIL")
    git(board.repo, "config", "user.email", "Chi@Example.gov.vn")  # e-mails ignore case
    assert ids(r57, "--mine") == ["T-002", "T-010", "T-005"]
    assert ids(r57, "--mine", "--overdue") == ["T-002"]
    assert ids(r57, "--mine", "--person", "chi") == ["T-002", "T-010", "T-005"]
    assert ids(r57, "--mine", "--person", "an") == []
    git(board.repo, "config", "user.email", "em@example.gov.vn")
    assert ids(r57, "--mine") == ["T-004"]


def test_mine_with_an_unknown_email_says_what_to_do(
    board: Plan, r57: R57, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GIT_AUTHOR_EMAIL")
    monkeypatch.delenv("GIT_COMMITTER_EMAIL")
    git(board.repo, "config", "user.email", "stranger@example.org")
    res = r57("list", "--mine")
    assert res.code == 2
    assert "stranger@example.org (git config user.email) is not listed" in res.err
    assert "--person" in res.err
    assert res.out == ""


def test_silent_uses_landing_days_in_the_plans_time_zone(
    board: Plan, r57: R57, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The plan's day wins over the machine's zone: T-004 was touched 14 days before today
    # late in the evening, T-003 13 days before at 06:00 in Hanoi (the night before in
    # UTC and in California). T-009 has not started and is not due to; T-011 is in
    # progress ahead of its start, so it counts (at least since the history read).
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    fourteen = ["T-006", "T-001", "T-010", "T-004", "T-005", "T-011"]
    assert ids(r57, "--silent", "14") == fourteen
    assert ids(r57, "--stale", "--stale-days", "14") == fourteen  # the older spelling
    assert ids(r57, "--silent", "15") == ["T-006", "T-001", "T-010", "T-005", "T-011"]
    assert ids(r57, "--silent", "13") == [
        "T-006", "T-001", "T-010", "T-003", "T-004", "T-005", "T-011",
    ]  # fmt: skip
    assert ids(r57, "--silent", "100") == []  # the plan was committed on 1 May
    monkeypatch.setenv("TZ", "UTC")
    assert ids(r57, "--silent", "14") == fourteen
    # --stale is the report's: in progress, and no report landed this week (today is
    # Monday, the week's first day), whatever the days.
    assert ids(r57, "--stale") == ["T-006", "T-001", "T-002", "T-010", "T-004", "T-005", "T-011"]


@pytest.mark.usefixtures("bounded_lookback")
def test_silent_shows_the_days_in_every_format(
    board: Plan, r57: R57, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # one line per task
    res = r57("list", "--silent", "13", "--format", "json")
    assert res.code == 0, res.err
    rows = {r["id"]: r for r in json.loads(res.out)}
    assert (rows["T-003"]["days_silent"], rows["T-003"]["silent_since"]) == (13, "2025-06-03")
    assert rows["T-003"]["days_silent_basis"] == "report"
    assert (rows["T-004"]["days_silent"], rows["T-004"]["days_silent_basis"]) == (14, "report")
    # T-001 was last touched on 1 May, before the history read (7 days before the 13):
    # only a lower bound is known, and it says so.
    assert (rows["T-001"]["days_silent"], rows["T-001"]["days_silent_basis"]) == (20, "history")
    res = r57("list", "--silent", "13")
    assert res.code == 0, res.err
    assert "Days silent" in res.out
    line = next(x for x in res.out.splitlines() if x.startswith("T-001"))
    assert "≥20" in line
    res = r57("list", "--silent", "13", "--lang", "vi")
    assert "Số ngày chưa báo cáo" in res.out
    res = r57("list", "--silent", "13", "--format", "csv", "--csv-dialect", "plain")
    head, *body = csv.reader(io.StringIO(res.out))
    assert head[-2:] == ["days_silent", "days_silent_basis"]
    assert [body[3][0], *body[3][-2:]] == ["T-003", "13", "report"]
    # A plain list has no such column.
    assert "Days silent" not in r57("list").out


def test_stale_after_a_progress_commit(
    board: Plan, r57: R57, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, TODAY)
    res = r57("update", "T-005", "--pct", "45")
    assert res.code == 0, res.err
    assert "T-005" not in ids(r57, "--stale")
    assert "T-001" in ids(r57, "--stale")


def test_filters_combine(board: Plan, r57: R57) -> None:
    assert ids(r57, "--blocked", "--overdue") == ["T-006", "T-001"]
    assert ids(r57, "--unit", "ndta", "--overdue") == ["T-001"]
    assert ids(r57, "--person", "chi", "--due-within", "2w") == ["T-010"]
    assert ids(r57, "--stale", "--unit", "legal") == ["T-002", "T-010", "T-005"]
    assert ids(r57, "--unit", "mic", "--blocked") == ["T-001"]
    assert ids(r57, "--status", "in_progress", "--due-within", "14d") == ["T-010", "T-004"]
    assert ids(r57, "--unit", "legal", "--blocked") == []
    res = r57("list", "--unit", "legal", "--blocked")
    assert (res.code, res.out) == (0, "No task matches.\n")


def test_json_fields(board: Plan, r57: R57) -> None:
    res = r57("list", "--format", "json")
    assert res.code == 0, res.err
    rows = {row["id"]: row for row in json.loads(res.out)}
    t1 = rows["T-001"]
    assert {k: t1[k] for k in ("id", "unit", "responsible", "start", "due", "path")} == {
        "id": "T-001",
        "unit": "ndta",
        "responsible": "an",
        "start": "2025-02-10",
        "due": "2025-05-31",
        "path": "tasks/ndta/T-001.yaml",
    }
    assert (t1["pct"], t1["planned_pct"], t1["status"]) == (50, 100, "in_progress")
    assert (t1["overdue"], t1["days_late"], t1["completed"]) == (True, 16, None)
    assert (t1["open_blockers"], t1["open_requests"]) == (["B-1"], [])
    assert t1["title_vi"] == "Nhiệm vụ T-001 về chuyển đổi số"
    # Linear from 0% on 10 Feb to 100% on 30 Jun: 126 of 140 days.
    t4 = rows["T-004"]
    assert (t4["planned_pct"], t4["overdue"], t4["days_late"]) == (90, False, 0)
    assert (t4["open_requests"], t4["open_blockers"]) == (["R-1"], [])
    assert rows["T-005"]["open_requests"] == []  # granted
    assert rows["T-002"]["open_blockers"] == []  # lifted
    t7 = rows["T-007"]
    assert (t7["status"], t7["completed"], t7["overdue"], t7["days_late"]) == (
        "done",
        "2025-05-09",
        False,
        8,
    )
    assert (rows["T-008"]["overdue"], rows["T-008"]["days_late"]) == (False, 0)
    assert rows["T-009"]["planned_pct"] == 0  # not started yet
    assert (rows["T-010"]["overdue"], rows["T-010"]["days_late"]) == (False, 0)  # due today


def test_csv_header_and_rows(board: Plan, r57: R57) -> None:
    res = r57("list", "--blocked", "--format", "csv", "--csv-dialect", "plain")
    assert res.code == 0, res.err
    table = list(csv.reader(io.StringIO(res.out)))
    assert table[0] == [
        "id", "unit", "responsible", "start", "due", "pct", "planned_pct", "status",
        "completed", "overdue", "days_late", "open_blockers", "open_requests", "title_en",
        "title_vi",
    ]  # fmt: skip
    assert table[1:] == [
        [
            "T-006", "ext", "dung", "2025-01-06", "2025-04-30", "10", "100", "in_progress",
            "", "true", "47", "B-1", "", "Task T-006 in English",
            "Nhiệm vụ T-006 về chuyển đổi số",
        ],
        [
            "T-001", "ndta", "an", "2025-02-10", "2025-05-31", "50", "100", "in_progress",
            "", "true", "16", "B-1", "", "Task T-001 in English",
            "Nhiệm vụ T-001 về chuyển đổi số",
        ],
    ]  # fmt: skip


def test_table_flags(board: Plan, r57: R57, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # wide enough for one line per task
    res = r57("list", "--unit", "ndta")
    assert res.code == 0, res.err
    lines = {line.split()[0]: line for line in res.out.splitlines()[1:-1]}
    assert "overdue 16 d; blocked B-1" in lines["T-001"]
    assert "8 d late" in lines["T-007"]
    assert "overdue" not in lines["T-007"]
    # Blocked is not a status: a finished task still shows its open blocker.
    assert "blocked B-1" in lines["T-008"]
    assert res.out.splitlines()[-1] == "7 tasks"


# ------------------------------------------------------------------------- planned percentage


MILESTONES = [
    {"date": date(2025, 3, 31), "planned_pct": 20, "label": "Draft"},
    {"date": date(2025, 5, 30), "planned_pct": 20},
    {"date": date(2025, 9, 30), "planned_pct": 100},
]
START = date(2025, 2, 10)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 12, 31), 0),  # long before the start
        (date(2025, 2, 10), 0),  # on the start day
        (date(2025, 2, 11), 0),  # 20 * 1/49 rounds to 0
        (date(2025, 3, 3), 9),  # 20 * 21/49 = 8.57
        (date(2025, 3, 31), 20),  # on a milestone
        (date(2025, 4, 30), 20),  # between two milestones of the same figure
        (date(2025, 5, 30), 20),
        (date(2025, 7, 30), 60),  # 20 + 80 * 61/123 = 59.7
        (date(2025, 9, 29), 99),
        (date(2025, 9, 30), 100),  # the last milestone
        (date(2026, 6, 1), 100),  # flat after it
    ],
)
def test_planned_pct(day: date, expected: int) -> None:
    assert planned_pct(MILESTONES, START, day) == expected


def test_planned_pct_edge_cases() -> None:
    assert planned_pct([], START, date(2030, 1, 1)) == 0
    # Given out of order, milestones are still read in date order.
    assert planned_pct(list(reversed(MILESTONES)), START, date(2025, 7, 30)) == 60
    # A milestone that has not been read as a date is ignored, not a crash.
    broken = [{"date": "2025-03-31", "planned_pct": 50}, {"date": date(2025, 4, 30)}]
    assert planned_pct(broken, START, date(2025, 4, 1)) == 0
    # A milestone on the start day itself.
    assert planned_pct([{"date": START, "planned_pct": 10}], START, START) == 0
    assert planned_pct([{"date": START, "planned_pct": 10}], START, date(2025, 2, 11)) == 10


# ------------------------------------------------------------------------- show


def history_of_t001(plan: Plan, r57: R57, monkeypatch: pytest.MonkeyPatch) -> None:
    """A month of real reports on T-001, each on its own day."""
    steps: list[tuple[str, list[str]]] = [
        ("2025-03-10", ["update", "--pct", "45", "-m", "Workshop with operators: 3 of 3 came"]),
        (
            "2025-03-12",
            [
                "block",
                "--kind",
                "decree",
                "--ref",
                "Decree 47/2020/ND-CP",
                "--reason",
                "No rules for sharing data",
            ],
        ),
        ("2025-03-13", ["request", "--need", "Two IT specialists", "--from", "legal",
                        "--amount", "2 staff"]),
        ("2025-03-17", ["decide", "R-1", "--outcome", "partly_granted",
                        "--note", "One specialist from April"]),
        ("2025-03-18", ["unblock", "B-1", "--note", "Decree 13/2025/ND-CP signed"]),
        ("2025-03-19", ["update", "--pct", "40", "--reason", "Scope grew: 2 more provinces"]),
        ("2025-03-19", ["block", "--kind", "budget", "--reason", "Funds for 2026 not allocated"]),
        ("2025-03-20", ["update", "--note", "No change: waiting for the budget"]),
        ("2025-03-21", ["unblock", "B-2", "--note", "Funds allocated"]),
        # Finished on Friday, recorded on Monday.
        ("2025-03-24", ["done", "--date", "2025-03-21", "--note", "Sent to the Prime Minister"]),
    ]  # fmt: skip
    for day, (command, *args) in steps:
        at(monkeypatch, day)
        res = r57(command, "T-001", *args, cwd=plan.repo)
        assert res.code == 0, (command, res.err)


ACTIONS = [
    "done",
    "unblock",
    "report",
    "block",
    "update",
    "unblock",
    "decide",
    "request",
    "block",
    "update",
    "edit",
]


def test_show_after_real_commands(plan: Plan, r57: R57, monkeypatch: pytest.MonkeyPatch) -> None:
    history_of_t001(plan, r57, monkeypatch)
    monkeypatch.setenv("COLUMNS", "200")  # one line per fact (tests/test_width.py wraps)
    res = r57("show", "T-001")
    assert res.code == 0, res.err
    out = res.out
    assert "Progress: 100% done (planned today 17%; completed 2025-03-21)\n" in out
    assert "  · 2025-03-31  20%\n  · 2025-09-30  100%\n" in out
    assert (
        "  ✓ B-1 [decree] Decree 47/2020/ND-CP: No rules for sharing data "
        "(raised 2025-03-12, lifted 2025-03-18)"
    ) in out
    assert (
        "  ✓ B-2 [budget]: Funds for 2026 not allocated (raised 2025-03-19, lifted 2025-03-21)"
    ) in out
    assert "  R-1 → legal: Two IT specialists (2 staff) — partly granted" in out
    timeline = out.split("Timeline\n", 1)[1].splitlines()
    whats = [line for line in timeline[1:] if line[:4].isdigit()]
    expected = [
        "2025-03-21  Nguyễn Văn An  done (40% → 100%) [reported 2025-03-24]",
        "2025-03-21  Nguyễn Văn An  blocker B-2 lifted",
        "2025-03-20  Nguyễn Văn An  report, no change (40%)",
        "2025-03-19  Nguyễn Văn An  blocked: budget (B-2)",
        "2025-03-19  Nguyễn Văn An  45% → 40%; reason: Scope grew: 2 more provinces",
        "2025-03-18  Nguyễn Văn An  blocker B-1 lifted",
        "2025-03-17  Nguyễn Văn An  request R-1: partly granted",
        "2025-03-13  Nguyễn Văn An  asks legal for resources (R-1)",
        "2025-03-12  Nguyễn Văn An  blocked: Decree 47/2020/ND-CP (B-1)",
        "2025-03-10  Nguyễn Văn An  30% → 45%",
        "2025-03-03  Nguyễn Văn An  edited: initial plan",
    ]
    assert [re.sub(r"  [0-9a-f]{7}  ", "  ", w).rstrip() for w in whats] == expected
    # Notes go under their entry; only the late report is marked late.
    assert out.count("[reported") == 1
    for note in (
        "Sent to the Prime Minister",
        "No change: waiting for the budget",
        "Funds allocated",
        "Decree 13/2025/ND-CP signed",
        "One specialist from April",
        "Workshop with operators: 3 of 3 came",
    ):
        assert f"\n{' ' * 36}{note}\n" in out  # under What, after the commit column


def test_show_snapshots(plan: Plan, r57: R57, monkeypatch: pytest.MonkeyPatch) -> None:
    history_of_t001(plan, r57, monkeypatch)
    monkeypatch.setenv("COLUMNS", "200")  # the snapshots are of whole lines
    en = r57("show", "T-001")
    assert en.code == 0, en.err
    snapshot("views_show.en.txt", masked(plan.repo, en.out))
    vi = r57("show", "T-001", "--lang", "vi")
    assert vi.code == 0, vi.err
    assert "Thời gian: 10/02/2025 – 30/09/2025" in vi.out
    assert "hoàn thành 21/03/2025" in vi.out
    assert "2025-" not in vi.out
    snapshot("views_show.vi.txt", masked(plan.repo, vi.out))


def test_show_json(plan: Plan, r57: R57, monkeypatch: pytest.MonkeyPatch) -> None:
    history_of_t001(plan, r57, monkeypatch)
    res = r57("show", "T-001", "--format", "json")
    assert res.code == 0, res.err
    doc = json.loads(res.out)
    # milestones and next_plan: issue 15
    assert set(doc) == {"task", "data", "timeline", "milestones", "next_plan"}
    assert doc["task"]["pct"] == 100
    assert doc["task"]["status"] == "done"
    assert doc["task"]["completed"] == "2025-03-21"
    assert doc["task"]["open_blockers"] == []
    assert [b["lifted"] for b in doc["data"]["blockers"]] == ["2025-03-18", "2025-03-21"]
    assert doc["data"]["progress"] == {"pct": 100, "status": "done", "completed": "2025-03-21"}
    assert doc["data"]["resources"][0]["status"] == "partly_granted"
    assert doc["data"]["resources"][0]["decided"] == "2025-03-17"
    assert [e["action"] for e in doc["timeline"]] == ACTIONS
    done = doc["timeline"][0]
    assert done["when"] == "2025-03-21"
    assert done["recorded"].startswith("2025-03-24T09:00:00")
    assert done["note"] == "Sent to the Prime Minister"
    assert done["email"] == "an@example.gov.vn"
    assert done["task"] == "T-001"
    assert done["trailers"] == {
        "R57-Task": "T-001",
        "R57-Unit": "ndta",
        "R57-Action": "done",
        "R57-Pct": "100",
        "R57-Prev-Pct": "40",
        "R57-Status": "done",
        "R57-Date": "2025-03-21",
    }
    assert doc["timeline"][2]["note"] == "No change: waiting for the budget"
    reason = doc["timeline"][4]
    assert reason["trailers"]["R57-Reason"] == "Scope grew: 2 more provinces"
    assert reason["note"] == ""
    assert doc["timeline"][-1]["trailers"] == {}


def test_report_made_late_at_night_abroad_is_not_late(
    plan: Plan, r57: R57, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 03:00 on 11 March in Hanoi is still 10 March on a laptop set to UTC.
    at(monkeypatch, "2025-03-10", "20:00:00+00:00")
    monkeypatch.setenv("R57_TODAY", "2025-03-11")
    assert r57("update", "T-001", "--pct", "35", cwd=plan.repo).code == 0
    monkeypatch.setenv("R57_TODAY", TODAY)
    out = r57("show", "T-001").out
    assert re.search(r"2025-03-11  Nguyễn Văn An  [0-9a-f]{7}  30% → 35%", out)
    assert "[reported" not in out
    log = r57("log", "--format", "json").out
    assert json.loads(log)[0]["when"] == "2025-03-11"


def test_show_an_overdue_blocked_task(board: Plan, r57: R57) -> None:
    res = r57("show", "T-001")
    assert res.code == 0, res.err
    assert "  ! B-1 [decree] Decree 47/2020/ND-CP: Waiting for rules (raised 2025-03-03)" in res.out
    assert "Progress: 50% in progress (planned today 100%; overdue 16 d; blocked)" in res.out
    assert "edited: the plan" in res.out


# ------------------------------------------------------------------------- log


def log_history(plan: Plan, r57: R57, monkeypatch: pytest.MonkeyPatch) -> None:
    """T-001 reported on, edited by hand with a new T-002, moved to legal, reported on, and
    a report that changes no figure (an empty commit)."""
    at(monkeypatch, "2025-03-10")
    assert r57("update", "T-001", "--pct", "40", "-m", "Kick-off: done", cwd=plan.repo).code == 0
    at(monkeypatch, "2025-03-11")
    at_40 = {"pct": 40, "status": "in_progress"}
    plan.write_task(task(note="Edited by hand", progress=at_40))
    plan.write_task(task("T-002", title={"en": "Second task", "vi": "Nhiệm vụ thứ hai"}))
    plan.commit("Add T-002, fix T-001\n\nAgreed at the weekly meeting.\n\nR57-Date checked too.")
    at(monkeypatch, "2025-03-12")
    (plan.dir / "tasks" / "legal").mkdir()
    git(plan.repo, "mv", "plan286/tasks/ndta/T-001.yaml", "plan286/tasks/legal/T-001.yaml")
    moved = task(
        unit="legal", co_units=["ndta"], responsible="chi", note="Edited by hand", progress=at_40
    )
    plan.write_task(moved)
    plan.commit("Move T-001 to the Legal Department")
    at(monkeypatch, "2025-03-13")
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Lê Chi")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "chi@example.gov.vn")
    res = r57("update", "T-001", "--pct", "50", cwd=plan.repo)
    assert res.code == 0, res.err
    assert res.err == ""  # chi is a member of legal
    at(monkeypatch, "2025-03-14")
    res = r57("update", "T-001", "--note", NOTE, cwd=plan.repo)
    assert res.code == 0, res.err
    assert git(plan.repo, "show", "--name-only", "--format=", "HEAD") == ""  # empty


NOTE = "R57-Date of last week was wrong.\n\nNo change: waiting for comments"


def log_json(r57: R57, *args: str) -> list[dict[str, Any]]:
    res = r57("log", *args, "--format", "json")
    assert res.code == 0, res.err
    entries: list[dict[str, Any]] = json.loads(res.out)
    return entries


def test_log(plan: Plan, r57: R57, monkeypatch: pytest.MonkeyPatch) -> None:
    log_history(plan, r57, monkeypatch)
    everything = log_json(r57)
    assert [(e["when"], e["task"], e["action"]) for e in everything] == [
        ("2025-03-14", "T-001", "report"),
        ("2025-03-13", "T-001", "update"),
        ("2025-03-12", "", "edit"),
        ("2025-03-11", "", "edit"),
        ("2025-03-10", "T-001", "update"),
        ("2025-03-03", "", "edit"),
    ]
    report = everything.pop(0)
    assert report["note"] == NOTE
    assert report["trailers"] == {
        "R57-Task": "T-001",
        "R57-Unit": "legal",
        "R57-Action": "report",
        "R57-Pct": "50",
        "R57-Prev-Pct": "50",
        "R57-Status": "in_progress",
        "R57-Date": "2025-03-14",
    }
    assert everything[0]["author"] == "Lê Chi"
    assert everything[0]["trailers"] == {
        "R57-Task": "T-001",
        "R57-Unit": "legal",
        "R57-Action": "update",
        "R57-Pct": "50",
        "R57-Prev-Pct": "40",
        "R57-Status": "in_progress",
        "R57-Date": "2025-03-13",
    }
    assert everything[0]["note"] == ""
    assert everything[2]["subject"] == "Add T-002, fix T-001"
    assert everything[2]["note"] == "Agreed at the weekly meeting.\n\nR57-Date checked too."
    assert everything[2]["trailers"] == {}
    assert everything[3]["note"] == "Kick-off: done"
    head = git(plan.repo, "rev-parse", "HEAD").strip()
    assert report["sha"] == head
    assert set(everything[0]) >= {"sha", "when", "recorded", "author", "email", "subject"}


def test_log_of_a_task_follows_it_across_units(
    plan: Plan, r57: R57, monkeypatch: pytest.MonkeyPatch
) -> None:
    log_history(plan, r57, monkeypatch)
    one = log_json(r57, "T-001")
    assert [(e["when"], e["action"]) for e in one] == [
        ("2025-03-14", "report"),
        ("2025-03-13", "update"),
        ("2025-03-12", "edit"),
        ("2025-03-11", "edit"),
        ("2025-03-10", "update"),
        ("2025-03-03", "edit"),
    ]
    assert [e["when"] for e in log_json(r57, "T-002")] == ["2025-03-11"]
    show = json.loads(r57("show", "T-001", "--format", "json").out)
    assert [e["sha"] for e in show["timeline"]] == [e["sha"] for e in one]


def test_log_of_a_unit_and_limit(plan: Plan, r57: R57, monkeypatch: pytest.MonkeyPatch) -> None:
    log_history(plan, r57, monkeypatch)
    assert [e["when"] for e in log_json(r57, "--unit", "ndta")] == [
        "2025-03-12",  # the move took T-001 out of ndta
        "2025-03-11",
        "2025-03-10",
        "2025-03-03",
    ]
    assert [e["when"] for e in log_json(r57, "--unit", "legal")] == [
        "2025-03-14",
        "2025-03-13",
        "2025-03-12",
    ]
    assert [e["when"] for e in log_json(r57, "--limit", "2")] == ["2025-03-14", "2025-03-13"]
    assert [e["when"] for e in log_json(r57, "T-001", "-n", "1")] == ["2025-03-14"]
    assert [e["when"] for e in log_json(r57, "T-002", "-n", "1")] == ["2025-03-11"]
    assert [e["when"] for e in log_json(r57, "--unit", "legal", "-n", "2")] == [
        "2025-03-14",
        "2025-03-13",
    ]
    assert r57("log", "--limit", "0").code == 2
    res = r57("log", "--unit", "lega")
    assert res.code == 2
    assert "Did you mean legal?" in res.err


def test_log_text_snapshot(plan: Plan, r57: R57, monkeypatch: pytest.MonkeyPatch) -> None:
    log_history(plan, r57, monkeypatch)
    res = r57("log")
    assert res.code == 0, res.err
    snapshot("views_log.en.txt", masked(plan.repo, res.out))


def test_log_with_nothing_to_show(plan: Plan, r57: R57) -> None:
    res = r57("log", "--unit", "legal", cwd=plan.repo)
    assert (res.code, res.out) == (0, "No progress recorded yet.\n")
    assert r57("log", "--unit", "legal", "--format", "json").out == "[]\n"


# ------------------------------------------------------------------------- unknown IDs


@pytest.fixture
def three(plan: Plan) -> Plan:
    for task_id in ("T-010", "T-011"):
        plan.write_task(task(task_id))
    plan.commit("more tasks")
    return plan


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [("T-1", "T-001"), ("T-01", "T-001"), ("T-0011", "T-011"), ("TT-001", "T-001")],
)
@pytest.mark.parametrize("command", ["show", "log", "update"])
def test_unknown_task_suggests_the_nearest(
    three: Plan, r57: R57, command: str, typed: str, suggested: str
) -> None:
    before = git(three.repo, "rev-parse", "HEAD")
    extra = ["--pct", "5"] if command == "update" else []
    res = r57(command, typed, *extra, cwd=three.repo)
    assert res.code == 2
    assert f"There is no task {typed} in " in res.err
    assert res.err.rstrip().endswith(f"Did you mean {suggested}?")
    assert "Traceback" not in res.err
    assert git(three.repo, "rev-parse", "HEAD") == before


def test_unknown_task_without_a_close_match(three: Plan, r57: R57) -> None:
    res = r57("show", "X-999", cwd=three.repo)
    assert res.code == 2
    assert "There is no task X-999" in res.err
    assert "Did you mean" not in res.err


def test_unknown_task_in_vietnamese(three: Plan, r57: R57) -> None:
    res = r57("show", "T-1", "--lang", "vi", cwd=three.repo)
    assert res.code == 2
    assert "Không có nhiệm vụ T-1" in res.err
    assert "Có phải ý bạn là T-001?" in res.err


# ------------------------------------------------------------------------- tab completion


def complete(cwd: Path, line: str) -> list[str]:
    words = line.split(" ")
    env = {
        **os.environ,
        "_R57_COMPLETE": "complete_bash",
        "COMP_WORDS": line,
        "COMP_CWORD": str(len(words) - 1),
    }
    proc = subprocess.run(
        [sys.executable, "-m", "r57cli"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    return proc.stdout.split()


def test_completion_of_task_ids_and_units(board: Plan) -> None:
    assert complete(board.repo, "r57 update T-00") == [f"T-00{i}" for i in range(1, 10)]
    assert complete(board.dir / "tasks", "r57 show T-01") == ["T-010", "T-011"]
    assert complete(board.repo, "r57 log T-01") == ["T-010", "T-011"]
    assert complete(board.repo, "r57 list --unit n") == ["ndta", "ndta-lab"]
    assert complete(board.repo, "r57 list --unit ") == ["ext", "legal", "mic", "ndta", "ndta-lab"]
    assert complete(board.repo, "r57 request T-001 --need x --from l") == ["legal"]
    assert "update" in complete(board.repo, "r57 up")


def test_completion_outside_a_plan_offers_nothing(tmp_path: Path) -> None:
    assert complete(tmp_path, "r57 update T-00") == []


def test_completion_script(r57: R57) -> None:
    res = r57("completion", "bash")
    assert res.code == 0, res.err
    assert "_R57_COMPLETE=complete_bash" in res.out
    assert "complete -o default -F _r57_completion r57" in res.out
    zsh = r57("completion", "zsh")
    assert zsh.code == 0
    assert "_R57_COMPLETE=complete_zsh" in zsh.out


# ------------------------------------------------------------------------- tables


def cell_slice(line: str, start: int, end: int) -> str:
    """The characters of `line` on terminal cells start..end (end exclusive), combining
    marks with their letter; fails if a character straddles either edge."""
    out, offset, inside = [], 0, False
    for ch in line:
        width = cell_len(ch)
        if width == 0:
            if inside:
                out.append(ch)
            continue
        assert not offset < start < offset + width, line
        assert not offset < end < offset + width, line
        inside = start <= offset < end
        if inside:
            out.append(ch)
        offset += width
    return "".join(out)


def check_columns(
    lines: list[str], columns: list[tuple[str, str]], expected: list[list[str]]
) -> None:
    """Every expected value sits exactly under its column title, counted in terminal cells:
    a left-aligned value starts where its title starts, a right-aligned one ends where its
    title ends, and a blank cell comes before it."""
    header, spans, pos = lines[0], [], 0
    for title, _ in columns:
        pos = header.index(title, pos)
        begin = cell_len(header[:pos])
        spans.append((begin, begin + cell_len(title)))
        pos += len(title)
    assert len(lines) - 1 == len(expected)
    for line, values in zip(lines[1:], expected, strict=True):
        for (title, justify), (begin, end), value in zip(columns, spans, values, strict=True):
            width = cell_len(value)
            if justify == "right":
                begin = end - width
            got = cell_slice(line, begin, begin + width)
            assert got == value, (line, title, got)
            if begin:
                assert cell_slice(line, begin - 1, begin) == " ", (line, title)


def test_list_columns_stay_aligned_in_vietnamese(
    board: Plan, r57: R57, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    res = r57("list", "--lang", "vi", "--unit", "ndta")
    assert res.code == 0, res.err
    lines = res.out.splitlines()
    assert lines[-1] == "7 nhiệm vụ"
    columns = [
        ("Nhiệm vụ", "left"),
        ("Đơn vị", "left"),
        ("Phụ trách", "left"),
        ("Hạn", "left"),
        ("%", "right"),
        ("% KH", "right"),
        ("Trạng thái", "left"),
        ("Ghi chú", "left"),
        ("Tên nhiệm vụ", "left"),
    ]
    status = {
        "in_progress": "đang thực hiện",
        "not_started": "chưa bắt đầu",
        "done": "hoàn thành",
        "cancelled": "đã huỷ",
    }
    flags = {"T-001": "quá hạn 16 ngày; vướng mắc B-1", "T-007": "trễ 8 ngày"}
    rows = json.loads(r57("list", "--unit", "ndta", "--format", "json").out)
    names = {m["id"]: m["name"] for u in BOARD_UNITS["units"] for m in u["members"]}
    expected = [
        [
            row["id"],
            row["unit"],
            names.get(row["responsible"], row["responsible"]),  # by name, as the report does
            f"{date.fromisoformat(row['due']):%d/%m/%Y}",
            str(row["pct"]),
            str(row["planned_pct"]),
            status[row["status"]],
            flags.get(row["id"], ""),
            row["title_vi"],
        ]
        for row in rows
    ]
    check_columns(lines[:-1], columns, expected)


def test_log_columns_stay_aligned_with_decomposed_names(
    plan: Plan, r57: R57, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Names typed on some systems arrive decomposed: letters plus combining marks.
    decomposed = unicodedata.normalize("NFD", "Lê Thị Chi Hoà")
    assert len(decomposed) > cell_len(decomposed)
    for day, name, pct in [
        ("2025-03-10", "Nguyễn Văn An", "40"),
        ("2025-03-11", decomposed, "45"),
        ("2025-03-12", "Ông Ba", "50"),
    ]:
        at(monkeypatch, day)
        monkeypatch.setenv("GIT_AUTHOR_NAME", name)
        assert r57("update", "T-001", "--pct", pct, cwd=plan.repo).code == 0
    res = r57("log", "--lang", "vi")
    assert res.code == 0, res.err
    lines = res.out.splitlines()
    columns = [(t, "left") for t in ("Ngày", "Người báo cáo", "Nhiệm vụ", "Commit", "Nội dung")]
    shas = git(plan.repo, "rev-list", "HEAD").split()
    expected = [
        ["12/03/2025", "Ông Ba", "T-001", shas[0][:7], "45% → 50%"],
        ["11/03/2025", decomposed, "T-001", shas[1][:7], "40% → 45%"],
        ["10/03/2025", "Nguyễn Văn An", "T-001", shas[2][:7], "30% → 40%"],
        ["03/03/2025", "Nguyễn Văn An", "—", shas[3][:7], "sửa tay: initial plan"],
    ]
    check_columns(lines, columns, expected)


def test_long_title_is_cut_but_no_column_is_dropped(
    board: Plan, r57: R57, monkeypatch: pytest.MonkeyPatch
) -> None:
    long_title = "Xây dựng và triển khai nền tảng chia sẻ dữ liệu quốc gia " * 3
    board.write_task({**BOARD[0], "title": {"en": long_title.strip(), "vi": long_title.strip()}})
    board.commit("a long title")
    monkeypatch.setenv("COLUMNS", "150")  # the fixed columns fit: one line each, title cut
    lines = r57("list", "--lang", "vi", "--overdue").out.splitlines()
    title_at = cell_len(lines[0][: lines[0].index("Tên nhiệm vụ")])
    by_id = {line.split()[0]: line for line in lines[1:-1]}
    assert set(by_id) == {"T-006", "T-001", "T-002"}
    cut = cell_slice(by_id["T-001"], title_at, 10_000)
    assert cut.endswith("…")
    assert cell_len(by_id["T-001"]) <= 150
    assert long_title.startswith(cut[:-1])
    for task_id, pct in (("T-006", "10"), ("T-001", "50"), ("T-002", "20")):
        assert f" {pct}  " in by_id[task_id]  # the % column is still there
    # At 60 they cannot: each task becomes a record, every value kept, nothing wider.
    monkeypatch.setenv("COLUMNS", "60")
    res = r57("list", "--lang", "vi", "--overdue")
    assert res.code == 0, res.err
    assert all(cell_len(line) <= 60 for line in res.out.splitlines())
    records = [line for line in res.out.splitlines() if line.startswith("T-")]
    assert [line.split()[0] for line in records] == ["T-006", "T-001", "T-002"]
    assert " ".join(res.out.split()).count(" ".join(long_title.split())) == 1  # whole
    for pct in ("%: 10", "%: 50", "%: 20"):
        assert pct in res.out
    # Piped, 80 columns; with --wide, nothing is cut.
    monkeypatch.delenv("COLUMNS")
    piped = r57("list", "--lang", "vi", "--overdue").out
    assert max(cell_len(line) for line in piped.splitlines()) <= 80
    whole = r57("list", "--lang", "vi", "--overdue", "--wide").out
    assert long_title.strip() in whole
    assert "…" not in whole


def test_planned_pct_without_milestones_runs_to_100_at_the_due_date() -> None:
    start, due = date(2025, 1, 1), date(2025, 1, 11)
    assert planned_pct([], start, date(2025, 1, 6), due) == 50
    assert planned_pct([], start, date(2025, 2, 1), due) == 100
    # A last milestone before the due date: on from there to 100% at the due date.
    early = [{"date": date(2025, 1, 6), "planned_pct": 40}]
    assert planned_pct(early, start, date(2025, 1, 6), due) == 40
    assert planned_pct(early, start, date(2025, 1, 11), due) == 100


def test_stale_agrees_with_the_report_on_several_days(
    board: Plan, r57: R57, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`r57 list --stale` is the set of tasks the week's report flags `stale` ("no report
    this period"), day after day, as reports land and a new week begins."""

    def report_stale() -> list[str]:
        res = r57("report", "--week", "--format", "json")
        assert res.code == 0, res.err
        doc = json.loads(res.out)
        found = sorted(t["id"] for t in doc["tasks"] if "stale" in t["flags"])
        # ... and the figure the report shows for it, in total and per unit
        assert doc["totals"]["no_report"] == len(found)
        for u in doc["units"]:
            mine = [t for t in doc["tasks"] if t["unit"] == u["id"] and t["id"] in found]
            assert u["no_report"] == len(mine), u["id"]
        text = r57("report", "--week", "--lang", "en").out
        assert re.search(rf"In progress, no report +{len(found)}\n", text), text[:800]
        return found

    seen = []
    for day, task_id in (
        ("2025-06-16", "T-005"),
        ("2025-06-18", "T-001"),
        ("2025-06-22", None),
        ("2025-06-23", "T-010"),
    ):
        at(monkeypatch, day)
        if task_id:
            res = r57("update", task_id, "--note", "progress")
            assert res.code == 0, res.err
        listed = sorted(ids(r57, "--stale"))
        assert listed == report_stale(), day
        seen.append(listed)
    # It moved: reports took tasks off, and the new week (23 June) put them back.
    assert "T-005" not in seen[0]
    assert "T-001" not in seen[1]
    assert "T-001" in seen[3]
    assert "T-010" not in seen[3]
    assert "T-005" in seen[3]


@pytest.mark.parametrize(
    ("lang", "units", "people"),
    [
        # Nobody reported this week; the history read goes back 8 days before today.
        ("en", "Units: ext (at least 8 days), legal (at least 8", "Lê Chi (at least 8 days)"),
        ("vi", "Đơn vị: ext (ít nhất 8 ngày), legal (ít nhất 8", "Lê Chi (ít nhất 8 ngày)"),
    ],
)
@pytest.mark.usefixtures("bounded_lookback")
def test_no_report_section_gives_days_silent_longest_first(
    board: Plan, r57: R57, lang: str, units: str, people: str
) -> None:
    res = r57("report", "--week", "--format", "json")
    doc = json.loads(res.out)
    days = [g["days_silent"] for g in doc["silence"]["people"]]
    assert days == sorted(days, reverse=True)
    assert len(days) >= 3
    t2 = next(t for t in doc["tasks"] if t["id"] == "T-002")
    assert (t2["days_silent"], t2["silent_since"], t2["days_silent_basis"]) == (
        6, "2025-06-10", "report",
    )  # fmt: skip
    text = r57("report", "--week", "--lang", lang).out
    assert units in text
    assert people in text


def test_asked_of_lists_the_open_requests_addressed_to_a_unit(board: Plan, r57: R57) -> None:
    # T-004 (ndta-lab) asks legal for a lawyer; T-005's request to ndta is decided.
    assert ids(r57, "--asked-of", "legal") == ["T-004"]
    assert ids(r57, "--asked-of", "mic") == ["T-004"]  # legal is under mic
    assert ids(r57, "--asked-of", "ndta") == []
    rows = json.loads(r57("list", "--format", "json").out)
    assert next(r for r in rows if r["id"] == "T-004")["asked_of"] == ["legal"]
    assert next(r for r in rows if r["id"] == "T-005")["asked_of"] == []
    res = r57("list", "--asked-of", "nowhere")
    assert res.code == 2
    assert res.out == ""


@pytest.mark.parametrize(("lang", "word"), [("en", "co-operating"), ("vi", "phối hợp")])
def test_a_unit_sees_the_tasks_it_co_operates_on_marked(
    board: Plan, r57: R57, lang: str, word: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # one line per task
    board.write_task({**BOARD[2], "co_units": ["legal"]})  # T-003 belongs to ndta
    assert ids(r57, "--unit", "legal") == ["T-002", "T-010", "T-003", "T-005"]
    res = r57("list", "--unit", "legal", "--lang", lang)
    line = next(x for x in res.out.splitlines() if x.startswith("T-003"))
    assert word in line
    assert word not in next(x for x in res.out.splitlines() if x.startswith("T-002"))
    rows = json.loads(r57("list", "--unit", "legal", "--format", "json").out)
    assert {r["id"]: r["co_operating"] for r in rows}["T-003"] is True
    assert {r["id"]: r["co_operating"] for r in rows}["T-002"] is False
    assert "co_operating" not in json.loads(r57("list", "--format", "json").out)[0]


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("en", "Waiting on this unit: other units' open requests to it"),
        ("vi", "Đang chờ đơn vị này: đề nghị đang mở của đơn vị khác gửi đơn vị"),
    ],
)
def test_unit_report_lists_what_waits_on_the_unit(
    board: Plan, r57: R57, lang: str, title: str, tmp_path: Path
) -> None:
    doc = json.loads(r57("report", "--week", "--unit", "legal", "--format", "json").out)
    assert [
        (w["task"], w["unit"], w["request"], w["asked_of"]) for w in doc["waiting_on_unit"]
    ] == [("T-004", "ndta-lab", "R-1", "legal")]
    assert doc["waiting_on_unit"][0]["days_open"] == 105  # asked on 3 March
    assert json.loads(r57("report", "--week", "--format", "json").out)["waiting_on_unit"] is None
    for fmt in ("table", "markdown"):
        text = r57("report", "--week", "--unit", "legal", "--lang", lang, "--format", fmt).out
        section = text[text.index(title) :]
        assert "T-004" in section[:400]
    out = tmp_path / "legal.html"
    assert r57("report", "--week", "--unit", "legal", "--lang", lang, "-o", str(out)).code == 0
    assert title.replace("'", "&#x27;") in out.read_text(encoding="utf-8")
    # Without --unit there is no such section.
    assert title not in r57("report", "--week", "--lang", lang).out


@pytest.mark.parametrize(
    ("lang", "text"), [("en", "waiting on legal for 105 days"), ("vi", "đang chờ legal 105 ngày")]
)
def test_show_says_what_a_request_waits_on(board: Plan, r57: R57, lang: str, text: str) -> None:
    res = r57("show", "T-004", "--lang", lang)
    assert res.code == 0, res.err
    line = next(x for x in res.out.splitlines() if "R-1" in x)
    assert text in line
    # A decided request waits on nobody.
    assert "105" not in next(
        x for x in r57("show", "T-005", "--lang", lang).out.splitlines() if "R-1" in x
    )
