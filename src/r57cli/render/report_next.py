"""The next period's plan as a report block: what each task's people will do next, and the
milestones and dues that fall in the next period (report/nextplan.py)."""

from __future__ import annotations

from typing import Any

from r57cli.locale.reportwords import rsay
from r57cli.locale.texts import fmt_date
from r57cli.render.report_text import Block, L


def next_block(doc: dict[str, Any]) -> Block:
    kind = doc["period"]["kind"]
    nxt = doc["next_period"]
    title = rsay(
        f"sec-next-{kind if kind in ('week', 'month') else 'range'}",
        first=fmt_date(nxt["first_day"]),
        last=fmt_date(nxt["last_day"]),
    )
    late = {t["id"]: t for t in doc["tasks"] if t["status"] == "overdue"}
    rows = [
        [
            i["task"],
            i["unit"],
            i["responsible_name"],
            _dates(i, late.get(i["task"])),
            i["plan"] or rsay("next-none"),
        ]
        for i in nxt["tasks"]
    ]
    headers = [
        (rsay("col-task"), L),
        (rsay("col-unit"), L),
        (rsay("col-person"), L),
        (rsay("col-next-dates"), L),
        (rsay("col-next-plan"), L),
    ]
    return Block(title, headers, rows, free=4, wrap=True, key="sec-next")


def _dates(item: dict[str, Any], overdue: dict[str, Any] | None = None) -> str:
    """The next period's milestones and due of a task; for a task already overdue, since when
    (its next step is still late, never a blank)."""
    parts = []
    if overdue is not None:
        due = overdue.get("approved_due") or overdue["due"]
        parts.append(rsay("next-overdue", date=fmt_date(due), days=overdue["days_late"]))
    parts += [
        rsay("next-milestone", date=fmt_date(m["date"]), pct=m["planned_pct"])
        for m in item["milestones"]
    ]
    if item["due"]:
        parts.append(rsay("next-due", date=fmt_date(item["due"])))
    return "; ".join(parts)
