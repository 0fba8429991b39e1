"""The period shown keeps its task rows in the history cache (report/rowcache.py), and after
one new commit takes every row whose inputs did not change from there (report/taskrow.py).
That may never change a report by one byte: after each kind of commit, the report with the
warm cache is compared with the same report with the cache removed. A damaged, cut or
wrong-shaped rows file is a miss, never an error or a different report."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import msgspec
import pytest

from r57cli.report import synthesis
from tests.test_report_boundaries import _clear, _history, _late
from tests.test_report_history import R57, Hist

REPORTS = [
    ("--week", "--lang", "en"),
    ("--week", "--lang", "vi", "--all"),
    ("--week", "--format", "json"),
    ("--month", "--format", "markdown"),
]


def _reports(h: Hist) -> list[str]:
    return [h.r57("report", *args).out for args in REPORTS]


def _rows_files(h: Hist) -> list[Path]:
    return sorted((h.repo / ".git" / "r57").rglob("rows-*"))


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """(rows computed, rows in all) of each main period built."""
    seen: list[tuple[int, int]] = []
    real = synthesis.build  # type: ignore[attr-defined]

    def build(inp: Any) -> Any:
        report = real(inp)
        if inp.reuse is not None:
            seen.append((report.rows_computed, len(report.tasks)))
        return report

    monkeypatch.setattr(synthesis, "build", build)
    return seen


def test_after_each_kind_of_commit_the_kept_rows_give_the_report_made_from_scratch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, r57: R57, counted: list[tuple[int, int]]
) -> None:
    root = Path(tempfile.mkdtemp(dir=tmp_path))
    h, script = _history(root, monkeypatch, r57, 4)
    for kind in ("update", "edit", "late", "block", "merge", "move", "delete", "add", "done"):
        day = script.clock.date()
        monkeypatch.setenv("R57_TODAY", day.isoformat())
        _reports(h)  # the cache as a report before the commit left it
        assert _rows_files(h)
        if kind == "late":
            _late(script, 3, 61, 2)
        else:
            script.step(kind, 3, 61, 2)
        monkeypatch.setenv("R57_TODAY", script.clock.date().isoformat())
        counted.clear()
        warm = _reports(h)
        # A commit touches one or two tasks: the other rows came from the cache (unless
        # the commit's hours took the clock to the next day, another reference day).
        if script.clock.date() == day:
            assert counted, kind
            assert all(made < total for made, total in counted), (kind, counted)
        _clear(h)
        assert warm == _reports(h), kind


def test_a_new_day_computes_every_row_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, r57: R57, counted: list[tuple[int, int]]
) -> None:
    """The reference day is in the file's name: the next day's rows are not yesterday's."""
    root = Path(tempfile.mkdtemp(dir=tmp_path))
    h, script = _history(root, monkeypatch, r57, 5)
    day = script.clock.date()
    monkeypatch.setenv("R57_TODAY", day.isoformat())
    _reports(h)
    monkeypatch.setenv("R57_TODAY", (day + timedelta(days=1)).isoformat())
    counted.clear()
    warm = _reports(h)
    made, total = counted[0]  # the first report of the day (the next ones take its rows)
    assert made == total > 0
    _clear(h)
    assert warm == _reports(h)


@pytest.mark.parametrize(
    "damage",
    ["garbage", "cut", "empty", "wrong shape", "wrong version", "rows of other tasks"],
)
def test_a_damaged_rows_file_is_a_miss(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, r57: R57, damage: str
) -> None:
    root = Path(tempfile.mkdtemp(dir=tmp_path))
    h, script = _history(root, monkeypatch, r57, 6)
    monkeypatch.setenv("R57_TODAY", script.clock.date().isoformat())
    _reports(h)
    script.step("update", 2, 77, 2)
    monkeypatch.setenv("R57_TODAY", script.clock.date().isoformat())
    files = _rows_files(h)
    assert len(files) == 2  # the week's and the month's
    for kept in files:
        _damage(kept, damage)
    warm = _reports(h)
    _clear(h)
    assert warm == _reports(h), damage


def _damage(kept: Path, damage: str) -> None:
    raw = kept.read_bytes()
    version, rows = msgspec.msgpack.decode(raw)
    if damage == "garbage":
        kept.write_bytes(b"\xc1\xff not msgpack" * 10)
    elif damage == "cut":
        kept.write_bytes(raw[: len(raw) // 2])
    elif damage == "empty":
        kept.write_bytes(b"")
    elif damage == "wrong shape":  # valid MessagePack, but not rows
        kept.write_bytes(msgspec.msgpack.encode([version, {"T-001": ["key", {"id": 3}]}]))
    elif damage == "wrong version":
        kept.write_bytes(msgspec.msgpack.encode(["0:other", rows]))
    else:  # each task's entry under another task's ID, keys and all
        ids = sorted(rows)
        moved = {a: rows[b] for a, b in zip(ids, ids[1:] + ids[:1], strict=True)}
        kept.write_bytes(msgspec.msgpack.encode([version, moved]))


def test_a_few_rows_computed_leave_the_file_as_it_was_and_the_report_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, r57: R57, counted: list[tuple[int, int]]
) -> None:
    """After a commit or two the file is not written again (rowcache.REWRITE_SHARE): the
    next runs compute the rows it lacks once more, and the report does not change."""
    from r57cli.report import rowcache

    root = Path(tempfile.mkdtemp(dir=tmp_path))
    h, script = _history(root, monkeypatch, r57, 7)
    monkeypatch.setenv("R57_TODAY", script.clock.date().isoformat())
    _reports(h)
    before = {p: p.read_bytes() for p in _rows_files(h)}
    assert before
    monkeypatch.setattr(rowcache, "REWRITE_SHARE", 0)  # any share computed is "a few"
    script.step("update", 2, 77, 2)
    monkeypatch.setenv("R57_TODAY", script.clock.date().isoformat())
    counted.clear()
    warm = _reports(h)
    assert {p: p.read_bytes() for p in _rows_files(h)} == before  # not written again
    # Each report computed the rows the file lacks again, and took the others from it.
    assert counted
    assert all(0 < made < total for made, total in counted), counted
    monkeypatch.setattr(rowcache, "REWRITE_SHARE", 10**9)  # one computed row: written
    h.r57("report", "--week", "--format", "csv")  # another output, the same rows file
    assert {p: p.read_bytes() for p in _rows_files(h)} != before
    _clear(h)
    assert warm == _reports(h)
