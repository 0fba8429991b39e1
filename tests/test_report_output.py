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
    h.r57("update", "T-001", "--pct", "40")
    return h


def test_a_pipe_stays_a_pipe_and_gets_the_report(hist: Hist, tmp_path: Path) -> None:
    fifo = tmp_path / "reader"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(
        target=lambda: received.append(fifo.read_text(encoding="utf-8")), daemon=True
    )
    reader.start()
    res = hist.run("report", "--week", "2025-W07", "--format", "csv", "-o", str(fifo))
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
