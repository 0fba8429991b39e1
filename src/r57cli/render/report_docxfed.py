"""The national synthesis in the report document (doc["federation"]): part I opens with
whose figures it holds (each member, its commit, and what went wrong with the others, so
a missing member is the first thing the signer reads) and, with national targets, a table
of who registered tasks for each and the gaps."""

from __future__ import annotations

from typing import Any

from r57cli.locale.reportwords import rsay
from r57cli.locale.texts import fmt_date
from r57cli.render.docx_xml import Column, paragraph, table
from r57cli.render.numbers import pct
from r57cli.render.report_members import member_state


def members(doc: dict[str, Any]) -> list[str]:
    fed = doc.get("federation")
    if not fed:
        return []
    lang = doc["language"]
    shown = fed["members"]
    ok = sum(1 for m in shown if all(f["kind"] == "offline" for f in m["faults"]))
    rows = [
        [
            f"{m['id']} · {m['name'].get(lang) or m['id']}",
            rsay(f"fed-kind-{m['kind']}") if m.get("kind") else "",
            "" if m.get("tasks") is None else str(m["tasks"]),
            member_state(m),
        ]
        for m in shown
    ]
    columns = [
        Column(rsay("fed-col-member"), 45),
        Column(rsay("fed-col-kind"), 22),
        Column(rsay("fed-col-tasks"), 15, right=True),
        Column(rsay("fed-col-state"), 70),
    ]
    out = [
        paragraph(rsay("fed-sec-members", ok=ok, count=len(shown)) + ":", keep_next=True),
        table(columns, rows),
        paragraph("", after=0),
    ]
    return out


def targets(doc: dict[str, Any]) -> list[str]:
    fed = doc.get("federation") or {}
    found = fed.get("targets") or []
    if not found:
        return []
    lang = doc["language"]
    rows = [
        [
            f"{t['id']} · {t['title'].get(lang) or t['id']}",
            fmt_date(t["due"]) if t["due"] else "",
            m["id"] + ("" if m["required"] else " *"),
            str(len(m["tasks"])),
            "" if m["avg_pct_end"] is None else pct(m["avg_pct_end"]),
            rsay(f"fed-target-{m['state']}", late=", ".join(m["late"])),
        ]
        for t in found
        for m in t["members"]
    ]
    columns = [
        Column(rsay("fed-col-target"), 45),
        Column(rsay("col-due"), 20),
        Column(rsay("fed-col-member"), 22),
        Column(rsay("fed-col-tasks"), 13, right=True),
        Column(rsay("col-end-pct"), 15, right=True),
        Column(rsay("fed-col-state"), 45),
    ]
    return [
        paragraph("", after=0),
        paragraph(rsay("fed-sec-targets") + ":", keep_next=True),
        table(columns, rows),
    ]
