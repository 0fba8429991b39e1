"""The words of `r57 report --format xlsx` (rsay), in English: the workbook's sheet names
and the few headings no other format has. The Vietnamese is in r57.po (msgctxt
"report:KEY"). A sheet name is at most 31 characters and has none of []:*?/\\ (Excel's
rules; tests/test_report_xlsx.py checks both languages)."""

from __future__ import annotations

XLSX_WORDS: dict[str, str] = {
    "xl-sheet-summary": "Summary",
    "xl-sheet-tasks": "Tasks",
    "xl-sheet-blockers": "Blockers",
    "xl-sheet-requests": "Requests",
    "xl-sheet-waiting_on_unit": "Waiting on the unit",
    "xl-sheet-ranking": "Ranking",
    "xl-sheet-changes": "What changed",
    "xl-sheet-trend": "Trend",
    "xl-sheet-notes": "Notes",
    "xl-sheet-next": "Next period",
    "xl-figure": "Figure",
    "xl-value": "Value",
    "xl-col-section": "Section",
    "xl-col-item": "Item",
    "xl-col-before": "Before",
    "xl-col-after": "After",
    "xl-col-detail": "Detail",
    "xl-col-baseline-due": "Baseline due",
    "xl-col-slip": "Slip (days)",
    "xl-col-avg-start": "Avg % at start",
    "xl-col-on-time-count": "On time (tasks)",
    "xl-col-due-or-done": "Due or done (tasks)",
    "xl-col-active": "Active tasks",
    "xl-col-reported-count": "Reported (tasks)",
    "xl-col-unit-name": "Unit name",
    "xl-col-open-blockers": "Open blockers",
    "xl-empty": "None in this report.",
    "xl-demo-files": "This week's report, to open or send up: {files}",
    "xl-needs-file": (
        "--format xlsx writes a workbook, which a terminal cannot show: give -o FILE.xlsx "
        "(for example -o week.xlsx)."
    ),
}
