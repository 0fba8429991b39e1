"""A report at national size stays readable in a terminal (issue 15 item 12): over 200 tasks
the task table keeps the tasks needing attention, the most serious first, and every long
table says how many rows it left out; `--all` and every file format keep them all."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from r57cli.render.report_layout import READABLE_ROWS
from tests.conftest import Result
from tests.test_report_history import FAR, Hist, new_hist, plan_task

R57 = Callable[..., Result]
W10 = ("--week", "2025-W10")  # 3-9 March 2025


@pytest.fixture
def big(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, r57: R57) -> Hist:
    """230 tasks: 210 on track (T-0001...), 20 overdue at 10% (T-9001 due 9 Feb ... T-9020
    due 28 Feb)."""
    on_plan = [plan_task(f"T-{n:04d}", 60, due="2025-03-31") for n in range(1, 211)]
    late = [
        plan_task(f"T-{9000 + n}", 10, start="2025-02-03", due=f"2025-02-{8 + n:02d}")
        for n in range(1, 21)
    ]
    h = new_hist(tmp_path, monkeypatch, r57, on_plan + late)
    h.at("2025-03-04T10:00:00")  # W10: the 210 report 90%, well ahead of the plan
    for n in range(1, 211):
        h.edit(f"T-{n:04d}", 90)
    h.commit("progress")
    h.mp.setenv("R57_TODAY", FAR)
    return h


def table(h: Hist, *args: str) -> str:
    res = h.run("report", *W10, "--lang", "en", "--wide", *args, cwd=h.repo)  # whole rows
    assert res.code == 0, res.err
    return res.out


def task_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("T-")]


def test_over_200_tasks_the_table_shows_those_needing_attention_first(big: Hist) -> None:
    assert READABLE_ROWS == 200
    short = table(big)
    assert "Tasks needing attention: 20 of 230" in short
    heading = short.index("Tasks needing attention")
    rows = task_lines(short[heading : short.index("\n\n", heading + 200)])
    # overdue, most days late first: T-9001 was due 9 Feb, T-9020 on 28 Feb
    assert [r.split()[0] for r in rows] == [f"T-{9000 + n}" for n in range(1, 21)]
    assert "T-0001 " not in short[heading : short.index("\n\n", heading + 200)]


def test_all_and_the_files_keep_every_task(big: Hist) -> None:
    full = table(big, "--all")
    assert "Tasks needing attention" not in full
    assert "more rows" not in full
    tasks_at = full.index("\nTasks\n")
    assert len(task_lines(full[tasks_at : full.index("\n\n", tasks_at + 10)])) == 230
    md = big.run("report", *W10, "--lang", "en", "--format", "markdown", cwd=big.repo).out
    assert "Tasks needing attention" not in md
    assert md.count("| T-") >= 230
    doc = json.loads(big.run("report", *W10, "--format", "json", cwd=big.repo).out)
    assert len(doc["tasks"]) == 230


def test_a_long_table_says_how_many_rows_it_left_out_in_both_languages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, r57: R57
) -> None:
    """250 tasks overdue: the attention table stops at 200 and says 50 more."""
    late = [
        plan_task(f"T-{n:04d}", 10, start="2025-02-03", due="2025-02-20") for n in range(1, 251)
    ]
    h = new_hist(tmp_path, monkeypatch, r57, late)
    h.mp.setenv("R57_TODAY", FAR)
    short = table(h)
    assert "Tasks needing attention: 250 of 250" in short
    assert "… and 50 more rows: r57 report --all shows them all" in short
    vi = h.run("report", *W10, "--lang", "vi", cwd=h.repo).out
    assert "Nhiệm vụ cần chú ý: 250/250" in vi
    assert "… và 50 dòng nữa" in vi
    assert "more rows" not in table(h, "--all")


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_table_made_from_lazy_records_is_the_table_made_from_whole_ones(
    big: Hist, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """The terminal table reads each task's record as a LazyTask, which makes the whole
    record only when a field beyond the cheap few is read: the table must be the same
    byte for byte as the one made from whole records (report_json._task)."""
    import shutil

    from r57cli.render import report_json

    made: list[int] = []
    real = report_json._task

    def counting(t: Any, first: Any) -> dict[str, Any]:
        made.append(1)
        return real(t, first)

    monkeypatch.setattr(report_json, "_task", counting)

    def run() -> str:
        shutil.rmtree(big.repo / ".git" / "r57", ignore_errors=True)  # no output kept
        res = big.run("report", *W10, "--lang", lang, "--wide", cwd=big.repo)
        assert res.code == 0, res.err
        return res.out

    lazy = run()
    lazy_made = len(made)
    monkeypatch.setattr(report_json, "LazyTask", lambda t, first: real(t, first))
    whole = run()
    assert lazy == whole
    # The lazy run made the records of the 20 rows shown, not of all 230 tasks.
    assert 20 <= lazy_made < 230


def test_a_lazy_record_reads_as_the_whole_record_and_json_refuses_it(big: Hist) -> None:
    from datetime import date

    from r57cli.render.report_json import _CHEAP, LazyTask, _task
    from r57cli.report.period import TaskRow

    row = TaskRow(
        id="T-1",
        unit="u",
        title_en="A",
        title_vi="Á",
        responsible="p",
        responsible_name="P",
        start=date(2025, 1, 1),
        due=date(2025, 2, 1),
        pct_start=10,
        pct_end=20,
        planned_pct_end=50,
        status="behind_plan",
        progress_status="in_progress",
        days_late=0,
        days_early=0,
        flags=["behind_plan"],
        completed=None,
        forecast=None,
        velocity_per_week=None,
        open_blockers=0,
        expected=True,
    )
    whole = _task(row, date(2025, 1, 27))
    lazy = LazyTask(row, date(2025, 1, 27))
    cheap = [*_CHEAP, "notes"]  # read without the whole record: the same values
    assert {k: lazy[k] for k in cheap} == {k: whole[k] for k in cheap}
    assert lazy._whole is None
    assert dict(lazy) == whole
    assert len(lazy) == len(whole)
    with pytest.raises(TypeError):
        json.dumps([LazyTask(row, date(2025, 1, 27))])
