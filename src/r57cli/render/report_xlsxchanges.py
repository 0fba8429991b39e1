"""The workbook's "What changed" sheet (report_xlsxsheets.py has the others): every event
of the report's object "changes" (render/report_changesjson.py), one row each, in the
document's order, with its before and after as cells of their own kind."""

from __future__ import annotations

from typing import Any

from r57cli.locale.reportwords import enum_word, rsay
from r57cli.render.memberwords import uword
from r57cli.render.report_xlsxsheets import Sheet, Typed


def changes(doc: dict[str, Any]) -> Sheet:
    """Every event of "what changed", one row each, in the document's order: the section,
    what happened, the task and unit, and the before and after as cells of their kind."""
    c = doc.get("changes") or {}
    columns = [
        (rsay("xl-col-section"), "text"),
        (rsay("col-group"), "text"),
        (rsay("col-task"), "text"),
        (rsay("col-unit"), "text"),
        (rsay("xl-col-item"), "text"),
        (rsay("xl-col-before"), "text"),
        (rsay("xl-col-after"), "text"),
        (rsay("col-change"), "num"),
        (rsay("xl-col-detail"), "text"),
    ]
    rows: list[list[Any]] = []
    section = rsay("sec-changes-status")
    for s in c.get("status_changes", []):
        before = Typed("status", s["from"]) if s["from"] else rsay("new-task")
        after = Typed("status", s["to"])
        points = None if s["pct_from"] is None else s["pct_to"] - s["pct_from"]
        rows.append(
            [section, rsay(f"group-{s['group']}"), s["task"], s["unit"], None, before, after]
            + [Typed("points", points), Typed("pct", s["pct_to"])]
        )
    section = rsay("sec-changes-completed")
    for d in c.get("completed", []):
        word = rsay(f"delivery-{d['delivery']}", n=d["days"])
        rows.append(
            [section, word, d["task"], d["unit"], None, Typed("date", d["due"])]
            + [Typed("date", d["completed"]), d["days"], None]
        )
    section = rsay("sec-changes-blockers")
    for b in c.get("blockers", []):
        rows.append(
            [section, rsay(f"event-{b['event']}"), b["task"], b["unit"], b["blocker"]]
            + [Typed("date", b["raised"]), Typed("date", b["lifted"]), None]
            + [" · ".join(x for x in (enum_word("kind", b["kind"]), b["description"]) if x)]
        )
    section = rsay("sec-changes-requests")
    for r in c.get("requests", []):
        rows.append(
            [section, rsay(f"event-{r['event']}"), r["task"], r["unit"], r["request"]]
            + [Typed("date", r["asked"]), Typed("date", r["decided"]), None]
            + [" · ".join((rsay(f"request-{r['decision']}"), r["need"]))]
        )
    section = rsay("sec-changes-moves")
    for m in c.get("movements", []):
        rows.append(
            [section, None, m["task"], m["unit"], None, Typed("pct", m["pct_start"])]
            + [Typed("pct", m["pct_end"]), Typed("points", m["pct_change"]), None]
        )
    section = uword(doc, "sec-changes-units")
    for u in c.get("units", []):
        rank = [u["rank_before"], u["rank"]]
        rows.append(
            [section, None, None, u["unit"], None, Typed("pct", u["avg_pct_before"])]
            + [Typed("pct", u["avg_pct_end"]), Typed("points", u["avg_pct_change"])]
            + [f"{rsay('col-rank')} {'→'.join('–' if x is None else str(x) for x in rank)}"]
        )
    return Sheet("xl-sheet-changes", columns, rows)
