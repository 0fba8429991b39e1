"""`r57 import --format json` of a table with bad rows: the refusal as a JSON document on
stdout, each problem at its place with what is wrong and the fix (issue 19), the exit code
and the stderr text as without --format json, nothing written."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result, git
from tests.test_import import HEADER, ROW, empty_plan, head, tasks_in, write_xlsx

__all__ = ["empty_plan"]  # the fixture, imported for the tests below


def _bad_table(tmp_path: Path) -> Path:
    late = [*ROW[:4], "sớm nhất có thể", *ROW[5:]]  # row 2: a completion time r57 can't read
    nameless = ["2", "", *ROW[2:]]  # row 3: no task text
    return write_xlsx(tmp_path / "bad.xlsx", [HEADER, late, nameless])


@pytest.mark.parametrize(
    ("lang", "message", "fix"),
    [
        (
            "en",
            "'sớm nhất có thể' is not a completion time r57 reads.",
            "Write it as Quý II/2025",
        ),
        (
            "vi",
            "'sớm nhất có thể' không phải thời gian hoàn thành mà r57 đọc được.",
            "Hãy ghi theo dạng Quý II/2025",
        ),
    ],
)
def test_bad_rows_are_listed_as_json_on_stdout(
    r57: Callable[..., Result], empty_plan: Path, tmp_path: Path, lang: str, message: str, fix: str
) -> None:
    source = _bad_table(tmp_path)
    before = head(empty_plan)
    args = ["import", str(source), "--start", "2025-02-10", "--lang", lang]
    plain = r57(*args, cwd=empty_plan)
    res = r57(*args, "--format", "json", cwd=empty_plan)
    assert plain.code == res.code == 1
    assert plain.out == ""
    assert res.err == plain.err  # the text on stderr is as it was
    doc = json.loads(res.out)
    assert doc["source"] == str(source)
    assert doc["language"] == lang
    assert doc["written"] is False
    late, nameless = doc["problems"]
    assert late["sheet"] == "Phụ lục"
    assert (late["row"], late["column"], late["header"]) == (2, "E", "Thời gian hoàn thành")
    assert late["code"] == "imp-bad-due"
    assert late["message"] == message
    assert late["fix"].startswith(fix)
    assert late["text"] in res.err
    assert (nameless["row"], nameless["column"], nameless["code"]) == (3, "B", "imp-no-title")
    assert nameless["fix"]
    assert head(empty_plan) == before
    assert tasks_in(empty_plan) == []
    assert git(empty_plan, "status", "--porcelain") == ""
