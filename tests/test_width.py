"""Every table and paragraph the CLI prints fits the terminal: at COLUMNS=80 and 60, in
both languages, for report --week and --month, list, show and log (issue 15 item 5).
Markdown and CSV are never cut."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from tests.test_report_history import FAR, Hist, hist, plan_task

__all__ = ["hist"]  # the fixture, used by name

LONG = (
    "Đề án chuyển đổi số ngành xuất bản, in và phát hành giai đoạn 2026–2030, tầm nhìn đến "
    "năm 2035, kèm bộ chỉ tiêu giám sát cho các địa phương sau sắp xếp đơn vị hành chính"
)
COMMANDS = [
    ("report", "--week", "2025-W07"),
    ("report", "--month", "2025-02"),
    ("list",),
    ("list", "--overdue"),
    ("show", "T-001"),
    ("log",),
]


@pytest.fixture
def wide(hist: Hist) -> Hist:
    hist.at("2025-02-10T09:00:00")
    t1 = plan_task("T-001", 30, title={"en": LONG, "vi": LONG})
    t1["blockers"] = [
        {
            "id": "B-1",
            "kind": "decree",
            "ref": "Nghị định 47/2020/NĐ-CP",
            "description": LONG,
            "raised": "2025-02-10",
        }
    ]
    hist.plan.write_task(t1)
    hist.plan.write_task(plan_task("T-004", 10, due="2025-02-12"))  # overdue in W07
    hist.commit("long texts")
    hist.at("2025-02-12T09:00:00")
    hist.r57("update", "T-001", "--pct", "40", "--note", LONG, "--next", LONG[:120])
    hist.mp.setenv("R57_TODAY", FAR)
    return hist


@pytest.mark.parametrize("columns", [80, 60])
@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c))
def test_every_line_fits(wide: Hist, command: tuple[str, ...], lang: str, columns: int) -> None:
    wide.mp.setenv("COLUMNS", str(columns))
    res = wide.run(*command, "--lang", lang, cwd=wide.repo)
    assert res.code == 0, res.err
    over = [line for line in res.out.splitlines() if cell_len(line) > columns]
    assert over == [], over[:3]
    assert "T-001" in res.out or command[0] == "log"


def test_wide_output_is_whole_when_piped_and_in_markdown_and_csv(wide: Hist) -> None:
    wide.mp.delenv("COLUMNS", raising=False)
    week = ("report", "--week", "2025-W07", "--lang", "vi")
    piped = wide.r57(*week).out  # a pipe, no COLUMNS: 80 columns
    assert max(cell_len(line) for line in piped.splitlines()) == 80
    assert LONG in wide.r57(*week, "--wide").out  # --wide: nothing cut, no records
    wide.mp.setenv("COLUMNS", "60")
    assert LONG in wide.r57(*week, "--format", "markdown").out
    assert LONG in wide.r57(*week, "--format", "csv").out
    cut = wide.r57(*week).out
    assert LONG not in cut  # wrapped at 60
    assert "T-001" in cut
