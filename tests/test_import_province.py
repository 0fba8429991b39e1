"""`r57 import` of a province's appendix: its own unit names and levels (issue 19's review)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml

from tests.conftest import Result, git
from tests.test_import import HEADER, empty_plan, head, run_import, tasks_in, write_xlsx

__all__ = ["empty_plan"]  # the fixture, imported for the tests below


def test_an_unknown_unit_whose_name_holds_va_is_named_whole(
    r57: Callable[..., Result], empty_plan: Path, tmp_path: Path
) -> None:
    """A province's centre not yet in units.yaml: one error naming it as the table writes it,
    not two for "Trung tâm Thông tin" and "Thống kê"."""
    row = ["1", "Xây dựng cơ sở dữ liệu", "Vụ Pháp chế"]
    row += ["Trung tâm Thông tin và Thống kê, Cục Chuyển đổi số quốc gia", "Năm 2025", "", ""]
    source = write_xlsx(tmp_path / "tinh.xlsx", [HEADER, row])
    before = head(empty_plan)
    res = run_import(r57, empty_plan, source)
    assert res.code != 0
    assert head(empty_plan) == before
    assert "'Trung tâm Thông tin và Thống kê'" in res.err, res.err
    assert "'Thống kê'" not in res.err
    assert res.err.count("row 2, column D") == 1


def test_known_names_around_va_still_split(
    r57: Callable[..., Result], empty_plan: Path, tmp_path: Path
) -> None:
    row = ["1", "Việc chung", "Vụ Pháp chế"]
    row += ["Cục Chuyển đổi số quốc gia và Vụ Kế hoạch - Tài chính"]
    row += ["Năm 2025", "", "Giám đốc Sở"]
    source = write_xlsx(tmp_path / "tinh.xlsx", [HEADER, row])
    res = run_import(r57, empty_plan, source)
    assert res.code == 0, res.err
    task = yaml.safe_load(tasks_in(empty_plan)[0].read_text(encoding="utf-8"))
    assert task["co_units"] == ["ndta", "planning-finance"]
    assert task["submission"] == "minister"  # a department's director, as a ministry's minister


def test_a_formula_cell_is_one_problem(
    r57: Callable[..., Result], empty_plan: Path, tmp_path: Path
) -> None:
    """A formula in the completion time is said once, with its fix (paste the value), not
    again as a completion time r57 cannot read."""
    row = ["1", "Việc", "Vụ Pháp chế", "", "=DATE(2025,6,30)", "", ""]
    source = write_xlsx(tmp_path / "f.xlsx", [HEADER, row])
    res = run_import(r57, empty_plan, source)
    assert "1 problems" in res.err, res.err
    assert "Paste Special" in res.err
    assert "not a completion time" not in res.err


def test_a_unit_merged_since_the_appendix_was_issued_leads_to_its_successor(
    r57: Callable[..., Result], empty_plan: Path, tmp_path: Path
) -> None:
    """The table names Vụ Pháp chế, merged into ndta (r57 unit merge leaves it in units.yaml
    as a record, with no members): its row is ndta's task, not 'legal has no member'."""
    units = empty_plan / "plan" / "units.yaml"
    text = units.read_text(encoding="utf-8")
    record = "  - id: legal\n    merged_into: ndta\n    merged_on: 2025-05-14\n"
    record += "    decision: 12/QĐ-BTTTT\n"
    start = text.index("  - id: legal\n")
    end = text.index("\n  - id: ", start + 1) + 1
    units.write_text(text[:start] + record + _name_of(text[start:end]) + text[end:], "utf-8")
    git(empty_plan, "commit", "-q", "-am", "legal merged into ndta")
    row = ["1", "Rà soát văn bản", "Vụ Pháp chế", "Vụ Pháp chế, Vụ Kế hoạch - Tài chính"]
    row += ["Năm 2025", "", ""]
    source = write_xlsx(tmp_path / "old.xlsx", [HEADER, row])
    res = run_import(r57, empty_plan, source)
    assert res.code == 0, res.err
    (path,) = tasks_in(empty_plan)
    task = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert path.parent.name == "ndta"
    assert (task["unit"], task["co_units"]) == ("ndta", ["planning-finance"])


def _name_of(entry: str) -> str:
    """The name: block of a units.yaml entry (the record keeps the unit's name)."""
    lines = entry.splitlines(keepends=True)
    i = next(k for k, line in enumerate(lines) if line.startswith("    name:"))
    block = [lines[i]]
    block += [line for line in lines[i + 1 :] if line.startswith("      ")][:2]
    return "".join(block)
