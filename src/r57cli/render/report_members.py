"""The members section of the national synthesis (doc["federation"], r57 report
--federation): each member with its commit, when its data was fetched, its tasks and every
fault, first in every text format so that a missing member is the first thing read."""

from __future__ import annotations

from typing import Any

from r57cli.locale.reportwords import rsay
from r57cli.render.report_text import Block, L, R


def fault_text(fault: dict[str, Any]) -> str:
    fields = {k: v for k, v in fault.items() if k != "kind"}
    for key in ("old", "new"):
        if isinstance(fields.get(key), str):
            fields[key] = fields[key][:12]
    fields.setdefault("detail", "")
    fields.setdefault("errors", "")
    fields.setdefault("count", "")
    return rsay(f"fed-fault-{fault['kind']}", **fields).rstrip(": ")


def fetched_text(member: dict[str, Any]) -> str:
    when, days = member.get("fetched_at"), member.get("data_age_days")
    if not when:
        return (
            rsay("fed-now") if member.get("commit") and not member["faults"] else rsay("fed-never")
        )
    shown = str(when)[:16].replace("T", " ")
    if days is None:
        return shown
    return (
        rsay("fed-age-today", when=shown) if days == 0 else rsay("fed-age", when=shown, days=days)
    )


def members_block(doc: dict[str, Any]) -> Block:
    fed = doc["federation"]
    lang = doc["language"]
    members = fed["members"]
    ok = sum(1 for m in members if all(f["kind"] == "offline" for f in m["faults"]))
    rows = []
    for m in members:
        state = "; ".join(fault_text(f) for f in m["faults"]) or rsay("fed-ok")
        rows.append(
            [
                f"{m['id']} · {m['name'].get(lang) or m['id']}",
                rsay(f"fed-kind-{m['kind']}") if m.get("kind") else "",
                (m.get("commit") or "")[:12],
                fetched_text(m),
                "" if m.get("tasks") is None else str(m["tasks"]),
                state,
            ]
        )
    return Block(
        rsay("fed-sec-members", ok=ok, count=len(members)),
        [
            (rsay("fed-col-member"), L),
            (rsay("fed-col-kind"), L),
            (rsay("fed-col-commit"), L),
            (rsay("fed-col-fetched"), L),
            (rsay("fed-col-tasks"), R),
            (rsay("fed-col-state"), L),
        ],
        rows,
        free=5,
        wrap=True,  # a fault is read whole, never cut
    )
