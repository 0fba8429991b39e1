"""Where `r57 report -o` writes: a regular file is replaced whole (never half-written),
with its permissions kept; anything else, such as a pipe or /dev/null, is written to and
left as it is. (A rename over /dev/null once replaced the device with a file.)"""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from tests.test_report_history import R57, Hist, new_hist, plan_task


@pytest.fixture
def hist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, r57: R57) -> Hist:
    h = new_hist(tmp_path, monkeypatch, r57, [plan_task("T-001", 30)])
    h.at("2025-02-12T10:00:00")
    h.r57("update", "T-001", "--pct", "40", "--note", NOTE)
    return h


NOTE = "Draft sent to the Legal Department for review, with comments from three provinces"


def test_a_pipe_stays_a_pipe_and_gets_the_report(hist: Hist, tmp_path: Path) -> None:
    fifo = tmp_path / "reader"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(
        target=lambda: received.append(fifo.read_text(encoding="utf-8")), daemon=True
    )
    reader.start()
    res = hist.run(
        "report", "--week", "2025-W07", "--format", "csv", "--csv-dialect", "plain", "-o", str(fifo)
    )
    reader.join(timeout=30)
    assert res.code == 0, res.err
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert len(received) == 1
    assert received[0].startswith("id,unit,")
    assert "T-001,ndta" in received[0]
    assert not list(tmp_path.glob(".reader.*"))  # no temporary file left beside it


def test_a_regular_file_is_replaced_whole_and_keeps_its_mode(hist: Hist, tmp_path: Path) -> None:
    out = tmp_path / "week.md"
    out.write_text("old report\n", encoding="utf-8")
    out.chmod(0o640)
    res = hist.run("report", "--week", "2025-W07", "-o", str(out))
    assert res.code == 0, res.err
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Weekly progress report, week 2025-W07")
    assert "old report" not in text
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".week")) == []


def test_a_new_file_gets_the_usual_permissions(hist: Hist, tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        out = tmp_path / "new.json"
        res = hist.run("report", "--week", "2025-W07", "-o", str(out))
    finally:
        os.umask(umask)
    assert res.code == 0, res.err
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_dash_means_standard_output(hist: Hist, tmp_path: Path) -> None:
    res = hist.run(
        "report", "--week", "2025-W07", "--format", "csv", "--csv-dialect", "plain", "-o", "-"
    )
    assert res.code == 0, res.err
    assert res.out.startswith("id,unit,")
    assert not (hist.repo / "-").exists()


def test_the_table_follows_the_terminal_width_even_when_reused(
    hist: Hist, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A finished report is reused on an unchanged history, but not one cut for another
    width."""
    outputs = []
    for columns in ("60", "400", "60"):
        monkeypatch.setenv("COLUMNS", columns)
        res = hist.run("report", "--week", "2025-W07", "--lang", "en")
        assert res.code == 0, res.err
        outputs.append(res.out)
    narrow, wide, again = outputs
    # The notes column is what gives way: wrapped when narrow.
    assert NOTE in wide
    assert NOTE not in narrow
    assert NOTE[:20] in narrow
    assert again == narrow


def test_a_version_with_a_time_of_day_is_left_out_not_a_crash(hist: Hist) -> None:
    """`start: 2025-02-05 10:00` is not a date (the validator says so); the report counts
    the file as unreadable instead of failing, and does not call the task removed."""
    path = hist.path_of("T-001")
    text = path.read_text(encoding="utf-8").replace("start: 2025-02-03", "start: 2025-02-03 10:00")
    assert "10:00" in text
    path.write_text(text, encoding="utf-8")
    hist.at("2025-02-13T10:00:00")
    hist.commit("a hand edit with a time of day")
    doc = hist.report("--week", "2025-W07")
    assert doc["tasks"] == []
    assert doc["removed"] == []
    assert doc["unreadable_files"] == 1
