"""`r57 report --format xlsx`: the workbook built from a real git plan repository with eight
weeks of pinned history (the HTML test's), read back with openpyxl, a library other than
the one that wrote it: sheet names in both languages, real dates and percentages, frozen
and filtered header rows, the JSON report's rows one for one, the trend sheet of a
multi-period report, the same bytes on a rerun, and a unit name XML cannot hold."""

from __future__ import annotations

import contextlib
import copy
import io
import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from r57cli.locale import texts
from r57cli.render.svg import STATUS_COLOURS
from tests.conftest import PLAN, UNITS, Plan, git
from tests.test_report_html import STEPS, TASKS, TODAY, WEEK, _at, _cli

# A unit whose name holds characters XML 1.0 forbids (a vertical tab, an escape), markup,
# and Excel's own _xHHHH_ escape, which must come back as written, not as "A".
ODD_NAME = 'Pháp chế <&> \x0b\x1b _x0041_ "quoted"'
ODD_SHOWN = 'Pháp chế <&> \\x0b\\x1b _x0041_ "quoted"'

SHEETS_EN = [
    "Summary",
    "Tasks",
    "Blockers",
    "Requests",
    "Ranking",
    "What changed",
    "Notes",
    "Next period",
]
SHEETS_VI = [
    "Tổng hợp",
    "Nhiệm vụ",
    "Vướng mắc",
    "Đề xuất nguồn lực",
    "Xếp hạng đơn vị",
    "Thay đổi so với kỳ trước",
    "Ghi chú trong kỳ",
    "Kế hoạch kỳ tới",
]
LISTS = [
    "Tasks",
    "Blockers",
    "Requests",
    "Ranking",
    "What changed",
    "Notes",
    "Next period",
    "Trend",
]


@dataclass
class Built:
    repo: Path
    root: Path
    books: dict[str, bytes] = field(default_factory=dict)  # name -> workbook bytes
    docs: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> JSON document


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    """The plan repository and its workbooks, made once for the module (the isolation of
    conftest.git_env, set up here because that fixture is per test)."""
    root = tmp_path_factory.mktemp("xlsx")
    home = root / "home"
    home.mkdir()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HOME", str(home))
        mp.setenv("XDG_CACHE_HOME", str(home / ".cache"))
        mp.setenv("GIT_CONFIG_GLOBAL", os.devnull)
        mp.setenv("GIT_CONFIG_NOSYSTEM", "1")
        mp.setenv("GIT_CEILING_DIRECTORIES", str(root))
        for name in ("AUTHOR", "COMMITTER"):
            mp.setenv(f"GIT_{name}_NAME", "Nguyễn Văn An")
            mp.setenv(f"GIT_{name}_EMAIL", "an@example.gov.vn")
        for name in ("GITHUB_ACTIONS", "NO_COLOR", "R57_LANG", "R57_PLAN", "R57_CACHE_DIR"):
            mp.delenv(name, raising=False)
        mp.setattr(texts, "_language", "")
        repo = root / "repo"
        repo.mkdir()
        git(repo, "init", "-q", "-b", "main")
        plan = Plan(repo, repo / "plan286")
        plan.dir.mkdir()
        plan.write_plan(PLAN)
        units = copy.deepcopy(UNITS)
        units["units"][2]["name"]["en"] = ODD_NAME
        plan.write_units(units)
        for t in TASKS:
            plan.write_task(t)
        _at(mp, "2025-02-03")
        plan.commit("initial plan")
        for day, args in STEPS:
            _at(mp, day)
            _cli(mp, repo, *args)
        b = Built(repo, root)
        runs: list[tuple[str, str, list[str]]] = [
            ("en", TODAY, []),
            ("en-again", TODAY, []),
            ("en-later", "2025-05-12", []),  # the same closed week, rerun six weeks on
            ("vi", TODAY, ["--lang", "vi"]),
            ("trend", TODAY, ["--weeks", "4"]),
            ("ndta", TODAY, ["--unit", "ndta"]),
        ]
        for name, day, extra in runs:
            _at(mp, day)
            out = root / f"{name}.xlsx"
            _cli(mp, repo, "report", "--week", WEEK, "-o", str(out), *extra)
            b.books[name] = out.read_bytes()
            doc = _cli(mp, repo, "report", "--week", WEEK, "--format", "json", *extra)
            b.docs[name] = json.loads(doc)
        yield b


def book(built: Built, name: str) -> Any:
    return openpyxl.load_workbook(io.BytesIO(built.books[name]))


def rows(ws: Any) -> list[tuple[Any, ...]]:
    """The data rows under a list sheet's header row (row 1)."""
    return list(ws.iter_rows(min_row=2, values_only=True))


def column(ws: Any, heading: str) -> list[Any]:
    heads = [c.value for c in ws[1]]
    j = heads.index(heading)
    return [r[j] for r in rows(ws)]


# ---------------------------------------------------------------------------- sheets


def test_sheet_names_in_the_reports_language(built: Built) -> None:
    assert book(built, "en").sheetnames == SHEETS_EN
    assert book(built, "vi").sheetnames == SHEETS_VI
    trend = book(built, "trend").sheetnames
    assert trend == [*SHEETS_EN[:-2], "Trend", "Notes", "Next period"]
    for name in [*SHEETS_EN, *SHEETS_VI, "Trend"]:
        assert len(name) <= 31
        assert not set(name) & set("[]:*?/\\")


def test_a_single_period_has_no_trend_sheet(built: Built) -> None:
    assert "Trend" not in book(built, "en").sheetnames
    assert len(built.docs["en"]["periods"]) == 1


def test_header_rows_are_frozen_and_filtered(built: Built) -> None:
    wb = book(built, "trend")
    for name in LISTS:
        ws = wb[name]
        assert ws.freeze_panes == "A2", name
        ref = ws.auto_filter.ref
        assert ref is not None, name
        assert ref.startswith("A1:"), name
        last = ws.max_row
        assert ref.endswith(str(last)), (name, ref, last)
        assert all(c.font.b for c in ws[1]), name
    summary = wb["Summary"]
    head = next(r for r in summary.iter_rows() if r[0].value == "Figure")[0].row
    assert summary.freeze_panes == f"A{head + 1}"


def test_rows_equal_the_json_reports_lists(built: Built) -> None:
    doc = built.docs["trend"]
    wb = book(built, "trend")
    tasks = sorted(doc["tasks"], key=lambda t: (t["unit"], t["id"]))
    assert column(wb["Tasks"], "Task") == [t["id"] for t in tasks]
    assert len(rows(wb["Blockers"])) == len(doc["blockers"]) == 1
    assert len(rows(wb["Requests"])) == len(doc["requests"]) == 1
    assert column(wb["Ranking"], "Unit") == [u["id"] for u in doc["units"]]
    c = doc["changes"]
    events = sum(len(c[k]) for k in ("status_changes", "completed", "blockers", "requests"))
    events += len(c["movements"]) + len(c["units"])
    assert len(rows(wb["What changed"])) == events > 0
    periods = doc["periods"]
    assert len(rows(wb["Trend"])) == sum(1 + len(p["units"]) for p in periods)
    assert len(periods) == 4
    assert len(rows(wb["Next period"])) == max(1, len(doc["next_period"]["tasks"]))
    notes = [(t["id"], n["text"]) for t in doc["tasks"] for n in t["notes"]]
    assert [(r[0], r[4]) for r in rows(wb["Notes"])] == sorted(notes, key=lambda n: n[0])
    assert len(notes) == 4


def test_an_empty_list_says_so(built: Built) -> None:
    # NDTA alone: the one blocker and the one request are Legal's.
    doc = built.docs["ndta"]
    assert doc["blockers"] == doc["requests"] == []
    wb = book(built, "ndta")
    for name in ("Blockers", "Requests"):
        assert rows(wb[name]) == [("None in this report.",) + (None,) * 7], name
        assert wb[name].auto_filter.ref == "A1:H2"
    assert [c.value for c in wb["Blockers"][1]][:3] == ["Kind", "Regulation", "Task"]


def test_co_operated_tasks_are_listed_apart(built: Built) -> None:
    doc = built.docs["ndta"]
    ws = book(built, "ndta")["Tasks"]
    co = doc.get("co_operated") or []
    roles = column(ws, "Role")
    assert len(roles) == len(doc["tasks"]) + len(co)
    assert roles.count("owner") == len(doc["tasks"])
    assert roles.count("co-operating") == len(co)


def test_a_units_report_lists_the_requests_waiting_on_it(built: Built) -> None:
    doc = built.docs["ndta"]
    wb = book(built, "ndta")
    assert wb.sheetnames[3:5] == ["Requests", "Waiting on the unit"]
    waiting = rows(wb["Waiting on the unit"])
    assert [(r[0], r[3]) for r in waiting] == [
        (r["task"], r["asked_of"]) for r in doc["waiting_on_unit"]
    ]
    assert waiting[0][:4] == ("T-004", "legal", "R-1", "ndta")
    assert "Waiting on the unit" not in book(built, "en").sheetnames


# ---------------------------------------------------------------------------- cells


def test_dates_are_dates_and_percentages_numbers(built: Built) -> None:
    doc = built.docs["en"]
    ws = book(built, "en")["Tasks"]
    by_id = {t["id"]: t for t in doc["tasks"]}
    heads = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        t = by_id[row[0].value]
        due = row[heads.index("Due")]
        assert isinstance(due.value, datetime)
        assert due.value.date().isoformat() == t["due"]
        assert due.number_format == "yyyy-mm-dd"
        end = row[heads.index("End %")]
        assert isinstance(end.value, int | float)
        assert end.value == pytest.approx(t["pct_end"] / 100)
        assert "%" in end.number_format
        change = row[heads.index("Change (pts)")]
        assert change.value == t["pct_change"]
        last = row[heads.index("Last report")].value
        if t["last_report_at"]:
            assert isinstance(last, datetime)
            assert last.isoformat() == t["last_report_at"][:19]
    t001 = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "T-001")
    assert t001[heads.index("End %")].value == pytest.approx(0.45)
    summary = book(built, "en")["Summary"]
    figures = {r[0].value: r[1] for r in summary.iter_rows() if r[0].value}
    assert figures["On time"].value == pytest.approx(doc["totals"]["on_time_rate"])
    assert "%" in figures["On time"].number_format
    assert figures["Tasks"].value == doc["totals"]["tasks"] == 4


def test_vietnamese_dates_are_day_month_year(built: Built) -> None:
    ws = book(built, "vi")["Nhiệm vụ"]
    heads = [c.value for c in ws[1]]
    due = ws.cell(2, heads.index("Hạn") + 1)
    assert isinstance(due.value, datetime)
    assert due.number_format == "dd/mm/yyyy"
    assert ws.cell(2, heads.index("Tình trạng") + 1).value in {
        "quá hạn",
        "vướng mắc",
        "chậm so với kế hoạch",
        "có nguy cơ trễ",
        "đúng tiến độ",
        "xong trước hạn",
        "xong đúng hạn",
        "xong trễ hạn",
        "không báo cáo",
        "chưa bắt đầu",
        "đã hủy",
    }


def test_status_colours_match_the_html_page(built: Built) -> None:
    doc = built.docs["en"]
    by_id = {t["id"]: t for t in doc["tasks"]}
    ws = book(built, "en")["Tasks"]
    j = [c.value for c in ws[1]].index("Status")
    seen = set()
    for row in ws.iter_rows(min_row=2):
        status = by_id[row[0].value]["status"]
        fill, ink = STATUS_COLOURS[status]
        cell = row[j]
        assert cell.fill.fgColor.rgb[-6:].lower() == fill[1:].lower(), status
        assert cell.font.color.rgb[-6:].lower() == ink[1:].lower(), status
        seen.add(status)
    assert {"overdue", "blocked"} <= seen


def test_columns_fit_their_content(built: Built) -> None:
    ws = book(built, "en")["Tasks"]
    heads = [c.value for c in ws[1]]
    title = openpyxl.utils.get_column_letter(heads.index("Title") + 1)
    longest = max(len(str(v)) for v in column(ws, "Title"))
    assert longest < ws.column_dimensions[title].width <= 61
    task = openpyxl.utils.get_column_letter(1)
    assert ws.column_dimensions[task].width < 12
    assert not any(d.hidden for d in ws.column_dimensions.values())
    assert not any(d.hidden for d in ws.row_dimensions.values())


def test_title_and_period_on_the_summary_sheet(built: Built) -> None:
    ws = book(built, "en")["Summary"]
    lines = [r[0] for r in ws.iter_rows(max_col=1, values_only=True) if r[0]]
    assert lines[0] == "Weekly progress report, week 2025-W13"
    assert lines[1] == "2025-03-24 to 2025-03-30"
    assert "Plan 286" in lines[2]
    assert lines[-2].startswith("Status: the first that applies of overdue, blocked")
    assert lines[-1].startswith("Ranking:")
    vi = [r[0] for r in book(built, "vi")["Tổng hợp"].iter_rows(max_col=1, values_only=True)]
    assert "24/03/2025" in str(vi[1])


# ---------------------------------------------------------------------------- bytes


def test_a_past_week_gives_the_same_bytes_whenever_rerun(built: Built) -> None:
    assert built.books["en-again"] == built.books["en"]
    assert built.books["en-later"] == built.books["en"]
    with zipfile.ZipFile(io.BytesIO(built.books["en"])) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    # The week's own last day, never the day it was made.
    assert '<dcterms:created xsi:type="dcterms:W3CDTF">2025-03-30T00:00:00Z' in core
    assert '<dcterms:modified xsi:type="dcterms:W3CDTF">2025-03-30T00:00:00Z' in core


def test_a_unit_name_xml_forbids_gives_a_valid_file(built: Built) -> None:
    with zipfile.ZipFile(io.BytesIO(built.books["en"])) as z:
        assert z.testzip() is None
        from xml.dom.minidom import parseString

        for name in z.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                parseString(z.read(name))  # every part is well-formed XML
    ws = book(built, "en")["Ranking"]
    names = column(ws, "Unit name")
    assert names[1] == ODD_SHOWN


def test_xlsx_is_refused_on_standard_output(
    built: Built, r57: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("R57_TODAY", TODAY)
    before = sorted(p.name for p in built.repo.iterdir())
    for args in (["--format", "xlsx"], ["--format", "xlsx", "-o", "-"]):
        res = r57("report", "--week", WEEK, *args, cwd=built.repo)
        assert res.code == 2, res
        assert "-o FILE.xlsx" in res.err
        assert "Traceback" not in res.err
        assert res.out == ""
    assert sorted(p.name for p in built.repo.iterdir()) == before


def test_xlsx_is_refused_on_a_terminal_named_by_o(
    built: Built, r57: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """-o /dev/stdout (or /dev/tty) when that is a terminal; a pipe or a file is fine."""
    monkeypatch.setenv("R57_TODAY", TODAY)
    master, slave = os.openpty()
    try:
        res = r57("report", "--week", WEEK, "-f", "xlsx", "-o", os.ttyname(slave), cwd=built.repo)
        assert res.code == 2, res
        assert "-o FILE.xlsx" in res.err
        os.set_blocking(master, False)
        with pytest.raises(BlockingIOError):
            os.read(master, 100)  # not one byte reached the terminal
    finally:
        os.close(master)
        os.close(slave)
    read, write = os.pipe()
    try:
        res = r57("report", "--week", WEEK, "-f", "xlsx", "-o", f"/dev/fd/{write}", cwd=built.repo)
        assert res.code == 0, res
        os.close(write)
        with os.fdopen(read, "rb") as pipe:
            assert pipe.read() == built.books["en"]
    finally:
        for fd in (read, write):
            with contextlib.suppress(OSError):
                os.close(fd)


def test_xlsxwriter_is_imported_only_for_a_workbook(built: Built) -> None:
    """Start-up of every other format stays as it was: the library loads on demand."""
    probe = (
        "import sys\n"
        "from r57cli.cli import run\n"
        "for fmt in sys.argv[2:]:\n"
        "    try:\n"
        "        run(['report', '--week', sys.argv[1], '--stamp', '-f', fmt, '-o', 'out.' + fmt])\n"
        "    except SystemExit:\n"
        "        pass\n"
        "    print(fmt, 'xlsxwriter' in sys.modules)\n"
    )
    env = {**os.environ, "R57_TODAY": TODAY, "GIT_CEILING_DIRECTORIES": str(built.root)}
    done = subprocess.run(
        [sys.executable, "-c", probe, WEEK, "json", "html", "xlsx"],
        cwd=built.repo,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split("\n")[:3] == ["json False", "html False", "xlsx True"], done
    for fmt in ("json", "html", "xlsx"):
        (built.repo / f"out.{fmt}").unlink()
