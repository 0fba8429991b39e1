"""`--csv-table changes` for people (the default dialect): the rows of what changed
(render/report_changes.py csv_rows keeps the plain, coded ones), with headings, sections,
groups, statuses and events in the reader's language, dates as the language writes them
and percentages as the report shows them."""

from __future__ import annotations

from typing import Any

from r57cli.locale.reportwords import enum_word, rsay
from r57cli.locale.texts import fmt_date
from r57cli.render.report_changes import _delivery, _move
from r57cli.render.report_text import pct, signed


def people_head() -> list[str]:
    return [
        rsay("col-section"),
        rsay("col-changed"),
        rsay("col-task"),
        rsay("col-unit"),
        rsay("col-item"),
        rsay("col-before"),
        rsay("col-after"),
        rsay("col-change-csv"),
        rsay("col-detail"),
    ]


def people_rows(doc: dict[str, Any]) -> list[list[str]]:
    """The plain table's rows, in its order and columns, said in words."""
    c = doc.get("changes") or {}
    rows: list[list[str]] = []
    section = rsay("sec-changes-status")
    for s in c.get("status_changes", []):
        before = rsay(s["from"]) if s["from"] else rsay("new-task")
        rows.append(
            [section, rsay(f"group-{s['group']}"), s["task"], s["unit"], "", before]
            + [rsay(s["to"]), "", pct(s["pct_to"])]
        )
    section = rsay("sec-changes-completed")
    for d in c.get("completed", []):
        rows.append(
            [section, _delivery(d), d["task"], d["unit"], "", fmt_date(d["due"])]
            + [fmt_date(d["completed"]), str(d["days"]), ""]
        )
    section = rsay("sec-changes-blockers")
    for b in c.get("blockers", []):
        rows.append(
            [section, rsay(f"event-{b['event']}"), b["task"], b["unit"], b["blocker"]]
            + [fmt_date(b["raised"]), fmt_date(b["lifted"]), "", enum_word("kind", b["kind"])]
        )
    section = rsay("sec-changes-requests")
    for r in c.get("requests", []):
        rows.append(
            [section, rsay(f"event-{r['event']}"), r["task"], r["unit"], r["request"]]
            + [fmt_date(r["asked"]), fmt_date(r["decided"]), ""]
            + [rsay(f"request-{r['decision']}")]
        )
    section = rsay("sec-changes-moves")
    for m in c.get("movements", []):
        rows.append(
            [section, "", m["task"], m["unit"], "", pct(m["pct_start"]), pct(m["pct_end"])]
            + [signed(m["pct_change"]), ""]
        )
    section = rsay("sec-changes-units")
    for u in c.get("units", []):
        move = _move(u["rank"], u["rank_before"], u["rank_change"])
        rows.append(
            [section, "", "", u["unit"], "", pct(u["avg_pct_before"]), pct(u["avg_pct_end"])]
            + [signed(u["avg_pct_change"]), rsay("csv-rank-move", move=move)]
        )
    return rows
