"""The report's blocks of the schedule's record (report/slip.py), from its JSON document:
deadlines moved in the period, extension requests, schedules moved without approval and
the products delivered; and the cells the task and unit tables add when a task slipped.
Plans without a reschedule read exactly as before: slip shows only where there is one."""

from __future__ import annotations

from typing import Any

from r57cli.locale.reportwords import enum_word, rsay
from r57cli.locale.texts import fmt_date
from r57cli.render.report_text import Block, L, R, ratio, signed


def due_cell(t: dict[str, Any]) -> str:
    """The due date, with the slip against the baseline and a mark when it moved without
    approval."""
    text = fmt_date(t["due"])
    if t.get("slip_days"):
        text += " " + rsay(
            "slip-short", days=signed(t["slip_days"]), base=fmt_date(t["baseline_due"])
        )
    if t.get("moved_without_approval"):
        text += " " + rsay("unapproved-short", approved=fmt_date(t["approved_due"]))
    return text


def status_suffix(t: dict[str, Any]) -> str:
    """A claimed completion, not confirmed, is judged by the day it was recorded."""
    if t.get("recorded"):
        return " " + rsay("claimed-short", date=fmt_date(t["recorded"]))
    return ""


def baseline_shown(doc: dict[str, Any]) -> bool:
    """The unit table shows the on-time rate against the baseline once any task in the
    report was rescheduled or moved: before that it is the same as the current one."""
    return any(t.get("slip_days") or t.get("reschedules") for t in doc["tasks"]) or bool(
        doc.get("moved_without_approval")
    )


def unit_baseline_cell(u: dict[str, Any]) -> str:
    return ratio(u.get("on_time_rate_baseline"))


def blocks(doc: dict[str, Any]) -> list[Block]:
    out: list[Block] = []
    moves, exts = doc.get("moved_deadlines", []), doc.get("extension_requests", [])
    unapproved = doc.get("moved_without_approval", [])
    if moves or exts or unapproved:
        out.append(
            Block(
                rsay("sec-moved"),
                [
                    (rsay("col-task"), L),
                    (rsay("col-unit"), L),
                    (rsay("col-date"), L),
                    (rsay("col-move"), L),
                    (rsay("col-days"), R),
                    (rsay("col-approved-by"), L),
                    (rsay("col-decision"), L),
                    (rsay("col-request"), L),
                    (rsay("col-reason"), L),
                ],
                [
                    [
                        m["task"],
                        m["unit"],
                        fmt_date(m["date"]),
                        _move(m),
                        signed(m["days"]),
                        m["by_name"],
                        m["decision"] or "",
                        m["request"] or "",
                        m["reason"],
                    ]
                    for m in moves
                ],
                free=8,
                wrap=True,
            )
        )
    if exts:
        out.append(
            Block(
                rsay("sec-extensions"),
                [
                    (rsay("col-task"), L),
                    (rsay("col-unit"), L),
                    (rsay("col-request"), L),
                    (rsay("col-asked"), L),
                    (rsay("col-due"), L),
                    (rsay("col-due-asked"), L),
                    (rsay("col-status"), L),
                    (rsay("col-need"), L),
                ],
                [
                    [
                        e["task"],
                        e["unit"],
                        e["request"],
                        fmt_date(e["asked"]),
                        fmt_date(e["due"]),
                        fmt_date(e["due_asked"]),
                        rsay(f"request-{e['status']}"),
                        e["need"],
                    ]
                    for e in exts
                ],
                free=7,
            )
        )
    if unapproved:
        out.append(
            Block(
                rsay("sec-unapproved"),
                [
                    (rsay("col-task"), L),
                    (rsay("col-unit"), L),
                    (rsay("col-move"), L),
                    (rsay("col-approved"), L),
                    (rsay("col-committed-by"), L),
                ],
                [
                    [
                        u["task"],
                        u["unit"],
                        _move(u),
                        fmt_date(u["approved"]),
                        ", ".join(u["committed_by"]) or rsay("unknown-author"),
                    ]
                    for u in unapproved
                ],
                free=4,
            )
        )
    delivered = doc.get("delivered", [])
    if any(d["evidence"] for d in delivered):
        lang = doc["language"]
        out.append(
            Block(
                rsay("sec-delivered"),
                [
                    (rsay("col-task"), L),
                    (rsay("col-unit"), L),
                    (rsay("col-deliverable"), L),
                    (rsay("col-completed"), L),
                    (rsay("col-evidence"), L),
                    (rsay("col-title"), L),
                ],
                [
                    [
                        d["task"],
                        d["unit"],
                        enum_word("deliverable", d["deliverable"]) if d["deliverable"] else "",
                        _completed(d),
                        "; ".join(d["evidence"]) or rsay("no-evidence"),
                        d["title"][lang],
                    ]
                    for d in delivered
                ],
                free=5,
            )
        )
    return out


def _move(m: dict[str, Any]) -> str:
    field = rsay("col-start") if m["field"] == "start" else rsay("col-due")
    return f"{field}: {fmt_date(m['from'])} → {fmt_date(m['to'])}"


def _completed(d: dict[str, Any]) -> str:
    text = fmt_date(d["completed"])
    if d["recorded"]:
        text += " " + rsay("claimed-short", date=fmt_date(d["recorded"]))
    return text
