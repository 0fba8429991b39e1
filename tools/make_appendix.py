"""Write the bundled plan's appendix table as a ministry sends it: tests/data/appendix-286.xlsx.

    python tools/make_appendix.py [OUT.xlsx] [--rows N]

From plan286/'s tasks, in task order, one section heading per lead unit (I, II, ...) with
the unit's name merged over its rows' lead-unit cells, as real appendices do: STT, Nhiệm vụ,
Đơn vị chủ trì, Đơn vị phối hợp, Thời gian hoàn thành (Quý II/2025, Tháng 6/2025, Năm
2025, 15/4/2025; some as Excel date cells), Sản phẩm, Cấp trình. `--rows N` repeats the
tasks (each title numbered) up to N rows, for benchmarks/bench_import.py. XlsxWriter
stamps its parts 1980-01-01, so a rerun is byte-identical.
"""

from __future__ import annotations

import argparse
import calendar
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "plan286"
OUT = ROOT / "tests" / "data" / "appendix-286.xlsx"
HEADERS = (
    "STT",
    "Nhiệm vụ",
    "Đơn vị chủ trì",
    "Đơn vị phối hợp",
    "Thời gian hoàn thành",
    "Sản phẩm",
    "Cấp trình",
)
PRODUCTS = {
    "law": "Dự thảo Luật",
    "resolution": "Nghị quyết",
    "decree": "Nghị định",
    "circular": "Thông tư",
    "decision": "Quyết định ban hành",
    "directive": "Chỉ thị",
    "strategy": "Chiến lược",
    "programme": "Chương trình",
    "project": "Đề án",
    "plan": "Kế hoạch",
    "report": "Báo cáo",
    "guideline": "Văn bản hướng dẫn",
    "standard": "Tiêu chuẩn kỹ thuật",
    "system": "Hệ thống thông tin",
    "other": "Tài liệu",
}
LEVELS = {
    "party_secretariat": "Ban Bí thư",
    "national_assembly": "Quốc hội",
    "government": "Chính phủ",
    "prime_minister": "Thủ tướng Chính phủ",
    "minister": "Bộ trưởng",
    "unit": "Thủ trưởng đơn vị",
}
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII")


def load_tasks(plan: Path = PLAN) -> list[dict[str, Any]]:
    tasks = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in plan.glob("tasks/*/*.yaml")]
    return sorted(tasks, key=lambda t: str(t["id"]))


def unit_names(plan: Path = PLAN) -> dict[str, str]:
    units = yaml.safe_load((plan / "units.yaml").read_text(encoding="utf-8"))["units"]
    return {u["id"]: u["name"]["vi"] for u in units}


def when(due: date, n: int) -> str | datetime:
    """The completion time as appendices write it: a quarter, a month, a year or a day."""
    month_end = due.day == calendar.monthrange(due.year, due.month)[1]
    if due.month == 12 and due.day == 31:
        return f"Năm {due.year}" if n % 2 else f"Quý IV/{due.year}"
    if month_end and due.month % 3 == 0:
        return f"Quý {ROMAN[due.month // 3 - 1]}/{due.year}"
    if month_end:
        return f"Tháng {due.month}/{due.year}"
    if n % 3 == 0:
        return datetime(due.year, due.month, due.day)  # an Excel date cell
    return f"{due.day}/{due.month}/{due.year}"


def rows_of(tasks: list[dict[str, Any]], names: dict[str, str], total: int) -> list[list[Any]]:
    """The table's rows after the header: a heading row for each run of one lead unit."""
    out: list[list[Any]] = []
    n = 0
    section = 0
    last_unit = None
    copy = 0
    while n < total:
        for task in tasks:
            if n >= total:
                break
            if task["unit"] != last_unit:
                out.append([ROMAN[section % len(ROMAN)], names[task["unit"]].upper()])
                section += 1
                last_unit = task["unit"]
            n += 1
            title = task["title"]["vi"] + (f" (đợt {copy + 1})" if copy else "")
            co = ", ".join(names[u] for u in task.get("co_units") or [])
            out.append(
                [
                    n,
                    title,
                    names[task["unit"]],
                    co,
                    when(task["due"], n),
                    PRODUCTS[task["deliverable"]],
                    LEVELS[task["submission"]],
                ]
            )
        copy += 1
    return out


def write_appendix(
    out: Path,
    total: int | None = None,
    plan: Path = PLAN,
    edit: Callable[[list[list[Any]]], None] | None = None,
) -> int:
    """Write the workbook; return the number of task rows. `edit` changes the rows first
    (a changed appendix, for the re-import benchmark)."""
    import xlsxwriter

    tasks = load_tasks(plan)
    rows = rows_of(tasks, unit_names(plan), total or len(tasks))
    if edit is not None:
        edit(rows)
    out.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(out), {"in_memory": True})
    book.set_properties({"created": datetime(2025, 2, 5)})
    sheet = book.add_worksheet("Phụ lục")
    bold = book.add_format({"bold": True, "text_wrap": True, "align": "center"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    day = book.add_format({"num_format": "dd/mm/yyyy", "valign": "top"})
    sheet.merge_range(0, 0, 0, 6, "PHỤ LỤC: DANH MỤC NHIỆM VỤ TRIỂN KHAI KẾ HOẠCH 286", bold)
    sheet.write_row(2, 0, HEADERS, bold)
    sheet.set_column(1, 1, 60)
    sheet.set_column(2, 3, 30)
    sheet.set_column(4, 6, 18)
    start = None  # the first row of a run of one lead unit, merged when it ends
    for i, row in enumerate(rows, 3):
        if len(row) == 2:
            _merge_unit(sheet, start, i - 1, rows, wrap)
            sheet.write_row(i, 0, row, bold)
            start = None
            continue
        start = i if start is None else start
        for j, value in enumerate(row):
            if isinstance(value, datetime):
                sheet.write_datetime(i, j, value, day)
            else:
                sheet.write(i, j, value, wrap)
    _merge_unit(sheet, start, len(rows) + 2, rows, wrap)
    book.close()
    return sum(1 for r in rows if len(r) > 2)


def _merge_unit(sheet: Any, first: int | None, last: int, rows: list[list[Any]], fmt: Any) -> None:
    if first is not None and last > first:
        sheet.merge_range(first, 2, last, 2, rows[first - 3][2], fmt)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("out", nargs="?", type=Path, default=OUT)
    parser.add_argument("--rows", type=int, default=None)
    args = parser.parse_args()
    n = write_appendix(args.out, args.rows)
    print(f"wrote {args.out}: {n} task rows")


if __name__ == "__main__":
    main()
