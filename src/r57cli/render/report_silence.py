"""The report's blocks for days silent and the asked unit's view: the cells of the task
table, the "no report this period" lists with their days (docs/report.md, "Days silent"),
what waits on a --unit and the tasks it co-operates on.
Formats only; the figures come from report/silence.py through the JSON document."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from r57cli.locale.reportwords import rsay

if TYPE_CHECKING:
    from r57cli.render.report_text import Block


def silent_cell(t: dict[str, Any]) -> str:
    """Days silent; "≥14" when no report was read back far enough to know."""
    days = t.get("days_silent")
    if days is None:
        return ""
    return f"≥{days}" if t.get("days_silent_basis") == "history" else str(days)


def silent_list(ids: list[str], silence: list[dict[str, Any]], names: dict[str, str]) -> str:
    """The units or people with no report this period, each with its days silent, the
    longest first (the order of `silence`); any without an open task last."""
    found = {g["id"]: g for g in silence}
    order = {g["id"]: i for i, g in enumerate(silence)}
    parts = []
    for gid in sorted(ids, key=lambda i: (order.get(i, len(order)), i)):
        who, g = names.get(gid, gid), found.get(gid)
        if g is None:
            parts.append(who)
        else:
            key = "silent-for-at-least" if g["at_least"] else "silent-for"
            parts.append(rsay(key, who=who, n=g["days_silent"]))
    return ", ".join(parts)


def waiting_block(doc: dict[str, Any]) -> list[Block]:
    """`r57 report --unit U`: the open resource requests other units' tasks address to U."""
    from r57cli.render.report_text import requests_block

    if doc.get("waiting_on_unit") is None:  # not a --unit report
        return []
    return [requests_block(rsay("sec-waiting"), doc["waiting_on_unit"])]


def co_block(doc: dict[str, Any]) -> list[Block]:
    """`r57 report --unit U`: other units' tasks U co-operates on (their co_units), with
    their owner unit; none of them is counted in U's figures."""
    from r57cli.render.report_slip import due_cell
    from r57cli.render.report_text import Block, L, R, pct, status_text

    if doc.get("co_operated") is None:  # not a --unit report
        return []
    lang = doc["language"]
    return [
        Block(
            rsay("sec-co"),
            [
                (rsay("col-task"), L),
                (rsay("col-owner"), L),
                (rsay("col-person"), L),
                (rsay("col-due"), L),
                (rsay("col-end-pct"), R),
                (rsay("col-status"), L),
                (rsay("col-silent"), R),
                (rsay("col-title"), L),
            ],
            [
                [
                    t["id"],
                    t["unit"],
                    t["responsible_name"],
                    due_cell(t),
                    pct(t["pct_end"]),
                    status_text(t),
                    silent_cell(t),
                    t["title"][lang],
                ]
                for t in sorted(doc["co_operated"], key=lambda t: (t["unit"], t["id"]))
            ],
            free=7,
        )
    ]
