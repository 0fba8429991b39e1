"""What changed since the previous period (report/changes.py) as the blocks the table,
Markdown and HTML formats show after the summary, and the rows of `--csv-table changes`,
from the report's JSON document (its object "changes": render/report_changesjson.py)."""

from __future__ import annotations

from typing import Any

from r57cli.locale.reportwords import enum_word, rsay
from r57cli.locale.texts import fmt_date
from r57cli.render.memberwords import uword
from r57cli.render.periodname import mid_sentence, period_name
from r57cli.render.report_text import Block, L, R, pct, signed

# ---------------------------------------------------------------------------- blocks


def rank_cell(rank: int | None) -> str:
    return str(rank) if rank else "–"


def _move(rank: int | None, before: int | None, change: int | None) -> str:
    if rank is None:
        return "–"
    if before is None:
        return str(rank)
    arrow = f"↑{change}" if change and change > 0 else f"↓{-change}" if change else "="
    return f"{rank} ({arrow})"


def _delivery(d: dict[str, Any]) -> str:
    if d["delivery"] == "on_time":
        return rsay("delivery-on_time")
    return rsay(f"delivery-{d['delivery']}", n=d["days"])


def _compared(p: dict[str, Any]) -> str:
    """The period compared with, inside the sentence: as the title names it, lower-case
    ("tuần 49 (30/11–06/12/2026)", "tháng 11/2026"); the id and its days otherwise."""
    name = period_name(p)
    if name != p["id"]:
        return mid_sentence(name)
    return rsay(
        "changes-period", id=p["id"], first=fmt_date(p["first_day"]), last=fmt_date(p["last_day"])
    )


def blocks(doc: dict[str, Any]) -> list[Block]:
    c = doc.get("changes") or {}
    p = c.get("previous")
    status, done = c.get("status_changes", []), c.get("completed", [])
    bl, rq, mv = c.get("blockers", []), c.get("requests", []), c.get("movements", [])
    intro = rsay("changes-none")
    if p is not None:
        intro = rsay(
            "changes-intro",
            period=_compared(p),
            status=len(status),
            done=len(done),
            blockers=len(bl),
            requests=len(rq),
        )
    out = [Block(rsay("sec-changes"), [], [], text=intro)]
    col = rsay
    # Narrow, every record leads with its task and the task's title, the change its fields.
    titles = {t["id"]: t["title"][doc["language"]] for t in doc["tasks"]}
    if status:
        out.append(
            Block(
                rsay("sec-changes-status"),
                [
                    (col("col-group"), L),
                    (col("col-task"), L),
                    (col("col-unit"), L),
                    (col("col-from-to"), L),
                    (col("col-end-pct"), R),
                ],
                [
                    [
                        rsay(f"group-{s['group']}"),
                        s["task"],
                        s["unit"],
                        (rsay(s["from"]) if s["from"] else rsay("new-task"))
                        + " → "
                        + rsay(s["to"]),
                        pct(s["pct_to"]),
                    ]
                    for s in status
                ],
                free=3,
                lead=titles,
                lead_col=1,
            )
        )
    if done:
        out.append(
            Block(
                rsay("sec-changes-completed"),
                [
                    (col("col-task"), L),
                    (col("col-unit"), L),
                    (col("col-due"), L),
                    (col("col-completed"), L),
                    (col("col-delivery"), L),
                ],
                [
                    [
                        d["task"],
                        d["unit"],
                        fmt_date(d["due"]),
                        fmt_date(d["completed"]),
                        _delivery(d),
                    ]
                    for d in done
                ],
                free=4,
                lead=titles,
                lead_col=0,
            )
        )
    if bl:
        out.append(
            Block(
                rsay("sec-changes-blockers"),
                [
                    (col("col-event"), L),
                    (col("col-task"), L),
                    (col("col-blocker"), L),
                    (col("col-kind"), L),
                    (col("col-raised"), L),
                    (col("col-lifted"), L),
                    (col("col-description"), L),
                ],
                [
                    [
                        rsay(f"event-{b['event']}"),
                        b["task"],
                        b["blocker"],
                        enum_word("kind", b["kind"]),
                        fmt_date(b["raised"]),
                        fmt_date(b["lifted"]),
                        b["description"],
                    ]
                    for b in bl
                ],
                free=6,
                lead=titles,
                lead_col=1,
            )
        )
    if rq:
        out.append(
            Block(
                rsay("sec-changes-requests"),
                [
                    (col("col-event"), L),
                    (col("col-task"), L),
                    (col("col-request"), L),
                    (col("col-from"), L),
                    (col("col-asked"), L),
                    (col("col-decided"), L),
                    (col("col-decision"), L),
                    (col("col-need"), L),
                ],
                [
                    [
                        rsay(f"event-{r['event']}"),
                        r["task"],
                        r["request"],
                        r["asked_of"] or "–",
                        fmt_date(r["asked"]),
                        fmt_date(r["decided"]),
                        rsay(f"request-{r['decision']}"),
                        r["need"],
                    ]
                    for r in rq
                ],
                free=7,
                lead=titles,
                lead_col=1,
            )
        )
    if mv:
        out.append(
            Block(
                rsay("sec-changes-moves"),
                [
                    (col("col-task"), L),
                    (col("col-unit"), L),
                    (col("col-pct-before"), R),
                    (col("col-end-pct"), R),
                    (col("col-change"), R),
                ],
                [
                    [
                        m["task"],
                        m["unit"],
                        pct(m["pct_start"]),
                        pct(m["pct_end"]),
                        signed(m["pct_change"]),
                    ]
                    for m in mv
                ],
                free=1,
                lead=titles,
                lead_col=0,
            )
        )
    if c.get("units"):
        out.append(
            Block(
                uword(doc, "sec-changes-units"),
                [
                    (uword(doc, "col-unit"), L),
                    (col("col-avg-before"), R),
                    (col("col-avg-pct"), R),
                    (col("col-change"), R),
                    (col("col-rank"), R),
                    (col("col-rank-period"), R),
                ],
                [
                    [
                        u["unit"],
                        pct(u["avg_pct_before"]),
                        pct(u["avg_pct_end"]),
                        signed(u["avg_pct_change"]),
                        _move(u["rank"], u["rank_before"], u["rank_change"]),
                        _move(
                            u["rank_period"],
                            u["rank_period_before"],
                            None
                            if u["rank_period"] is None or u["rank_period_before"] is None
                            else u["rank_period_before"] - u["rank_period"],
                        ),
                    ]
                    for u in c["units"]
                ],
                free=0,
            )
        )
    return out


# ---------------------------------------------------------------------------- CSV

CSV_HEAD = ["section", "group", "task", "unit", "item", "before", "after", "change", "detail"]


def csv_rows(doc: dict[str, Any]) -> list[list[Any]]:
    """One row per item of every list, in the document's order (docs/report.md)."""
    c = doc.get("changes") or {}
    rows: list[list[Any]] = []
    for s in c.get("status_changes", []):
        rows.append(
            [
                "status",
                s["group"],
                s["task"],
                s["unit"],
                "",
                s["from"] or "",
                s["to"],
                "",
                s["pct_to"],
            ]
        )
    for d in c.get("completed", []):
        rows.append(
            [
                "completed",
                d["delivery"],
                d["task"],
                d["unit"],
                "",
                d["due"],
                d["completed"] or "",
                d["days"],
                "",
            ]
        )
    for b in c.get("blockers", []):
        rows.append(
            [
                "blockers",
                b["event"],
                b["task"],
                b["unit"],
                b["blocker"],
                b["raised"] or "",
                b["lifted"] or "",
                "",
                b["kind"],
            ]
        )
    for r in c.get("requests", []):
        rows.append(
            [
                "requests",
                r["event"],
                r["task"],
                r["unit"],
                r["request"],
                r["asked"] or "",
                r["decided"] or "",
                "",
                r["decision"],
            ]
        )
    for m in c.get("movements", []):
        rows.append(
            [
                "movements",
                "",
                m["task"],
                m["unit"],
                "",
                m["pct_start"],
                m["pct_end"],
                m["pct_change"],
                "",
            ]
        )
    for u in c.get("units", []):
        rows.append(
            [
                "units",
                u["rank"] or "",
                "",
                u["unit"],
                u["rank_before"] or "",
                u["avg_pct_before"],
                u["avg_pct_end"],
                u["avg_pct_change"],
                u["rank_change"] if u["rank_change"] is not None else "",
            ]
        )
    return rows
