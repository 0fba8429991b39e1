"""The report as CSV, one table per file (tasks, units or periods), machine-friendly: ISO
dates, bare numbers and English class names, from the report's JSON document."""

from __future__ import annotations

import csv
import io
from typing import Any

from r57cli.locale.reportwords import CLASSES

CSV_TABLES = ("tasks", "units", "periods", "changes", "people")


def render_csv(doc: dict[str, Any], table: str = "tasks") -> str:
    """One table per file, machine-friendly: ISO dates, bare numbers, English class names.
    Cells that a spreadsheet would run as a formula are quoted with a leading '."""
    from r57cli.render.report_slip import baseline_shown

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    slipped = baseline_shown(doc) or any(t["recorded"] or t["evidence"] for t in doc["tasks"])
    if table == "units":
        from r57cli.render.report_silencecsv import UNIT_PLAIN_HEAD, unit_plain_cells

        silent = unit_plain_cells(doc)
        head = [
            "rank",
            "unit",
            "tasks",
            "avg_pct_start",
            "avg_pct_end",
            "avg_pct_change",
            "avg_planned_pct_end",
            "on_time_rate",
            "avg_delay_days",
            "reported_share",
            *CLASSES,
            *(_UNIT_SLIP if slipped else ()),
            "rank_period",
            "period_on_time_rate",
            *UNIT_PLAIN_HEAD,
        ]
        writer.writerow(head)
        for u, quiet in zip(doc["units"], silent, strict=True):
            writer.writerow(
                _safe_row(
                    [
                        u["rank"],
                        u["id"],
                        u["tasks"],
                        u["avg_pct_start"],
                        u["avg_pct_end"],
                        u["avg_pct_change"],
                        u["avg_planned_pct_end"],
                        _num(u["on_time_rate"]),
                        _num(u["avg_delay_days"]),
                        _num(u["reported_share"]),
                        *(u["counts"][c] for c in CLASSES),
                        *(_num(u[k]) for k in (_UNIT_SLIP if slipped else ())),
                        u["rank_period"],
                        _num(u["period_on_time_rate"]),
                        *quiet,
                    ]
                )
            )
    elif table == "people":
        from r57cli.render.report_silencecsv import people_plain

        head, rows = people_plain(doc)
        writer.writerow(head)
        for row in rows:
            writer.writerow(_safe_row(row))
    elif table == "changes":
        from r57cli.render.report_changes import CSV_HEAD, csv_rows

        writer.writerow(CSV_HEAD)
        for row in csv_rows(doc):
            writer.writerow(_safe_row(row))
    elif table == "periods":
        writer.writerow(
            [
                "period",
                "first_day",
                "last_day",
                "unit",
                "tasks",
                "avg_pct_end",
                "avg_planned_pct_end",
                "on_time_rate",
                "reported_share",
                *CLASSES,
            ]
        )
        for p in doc["periods"]:
            for u in [p["totals"], *p["units"]]:
                writer.writerow(
                    _safe_row(
                        [
                            p["id"],
                            p["first_day"],
                            p["last_day"],
                            u["id"] or "",
                            u["tasks"],
                            u["avg_pct_end"],
                            u["avg_planned_pct_end"],
                            _num(u["on_time_rate"]),
                            _num(u["reported_share"]),
                            *(u["counts"][c] for c in CLASSES),
                        ]
                    )
                )
    else:
        writer.writerow(
            [
                "id",
                "unit",
                "responsible",
                "due",
                "pct_start",
                "pct_end",
                "pct_change",
                "planned_pct_end",
                "gap",
                "status",
                "days_late",
                "days_early",
                "flags",
                "completed",
                "forecast",
                "last_report_at",
                "last_report_by",
                "days_silent",
                "days_silent_basis",
                "title",
                *(_TASK_SLIP if slipped else ()),
                *(("co_operated",) if "co_operated" in doc else ()),
            ]
        )
        lang = doc["language"]
        # With --unit, the tasks it co-operates on follow its own, marked (never counted).
        co = doc.get("co_operated")
        for t in [*doc["tasks"], *(co or [])]:
            writer.writerow(
                _safe_row(
                    [
                        t["id"],
                        t["unit"],
                        t["responsible"],
                        t["due"],
                        _num(t["pct_start"]),
                        t["pct_end"],
                        t["pct_change"],
                        t["planned_pct_end"],
                        t["gap"],
                        t["status"],
                        t["days_late"],
                        t["days_early"],
                        " ".join(t["flags"]),
                        t["completed"] or "",
                        t["forecast"] or "",
                        t["last_report_at"] or "",
                        t["last_report_by"] or "",
                        _num(t["days_silent"]),
                        t["days_silent_basis"] or "",
                        t["title"][lang],
                        *(_slip_cell(t[k]) for k in (_TASK_SLIP if slipped else ())),
                        *((str(bool(t.get("co_operated"))).lower(),) if co is not None else ()),
                    ]
                )
            )
    return buf.getvalue()


# The schedule's record, as columns after the others once any task slipped, moved or has
# a claim or evidence (a plan without them gets the same columns as before).
_TASK_SLIP = (
    "baseline_due",
    "approved_due",
    "slip_days",
    "reschedules",
    "last_reschedule_reason",
    "moved_without_approval",
    "recorded",
    "evidence",
)
_UNIT_SLIP = ("on_time_rate_baseline", "reschedules")


def _slip_cell(value: Any) -> Any:
    if isinstance(value, list):
        return "; ".join(value)
    if isinstance(value, bool):
        return "yes" if value else ""
    return "" if value is None else value


def _num(value: Any) -> str:
    return "" if value is None else str(value)


def _safe_row(row: list[Any]) -> list[str]:
    out = []
    for cell in row:
        text = "" if cell is None else str(cell)
        if text[:1] in ("=", "+", "@", "\t", "\r") or (text[:1] == "-" and not _numeric(text)):
            text = "'" + text
        out.append(text)
    return out


def _numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
