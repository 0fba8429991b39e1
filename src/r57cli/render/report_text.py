"""What the report says, as titled blocks of rows, from its JSON document
(report_json.document), so every format says the same thing: report_layout.py lays the
blocks out as a terminal table or Markdown, report_html.py as a page. Labels and dates
follow the run's language: dd/mm/yyyy in Vietnamese."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from r57cli.locale.reportwords import CLASSES, enum_word, rsay
from r57cli.locale.texts import fmt_date
from r57cli.render.memberwords import uword
from r57cli.render.numbers import days as _days
from r57cli.render.numbers import decimal as decimal
from r57cli.render.numbers import pct as pct
from r57cli.render.numbers import ratio as ratio
from r57cli.render.numbers import signed as signed
from r57cli.render.periodname import period_name
from r57cli.render.report_cells import forecast_cell, recorded

L, R = "left", "right"


@dataclass
class Block:
    title: str
    headers: list[tuple[str, str]]
    rows: list[list[str]]
    free: int = -1  # the free-text column, cut or wrapped to fit
    wrap: bool = False
    text: str = ""  # a paragraph instead of a table
    key: str = ""  # the section's key when its title is not a fixed text (sec-next)
    # When narrow, each row's record leads with column lead_col (a task ID) and its title.
    lead: dict[str, str] | None = None  # titles by task ID
    lead_col: int = 0


def status_text(task: dict[str, Any]) -> str:
    late_cancel = task["status"] == "cancelled" and "cancelled_after_due" in task["flags"]
    text = rsay("cancelled_after_due" if late_cancel else task["status"])
    if task["days_late"]:
        text += " " + rsay("days-late-short", n=task["days_late"])
    elif task["days_early"] and task["status"] == "done_early":
        text += " " + rsay("days-early-short", n=task["days_early"])
    return text


def heading(doc: dict[str, Any]) -> tuple[str, str]:
    p = doc["period"]
    kind = p["kind"] if p["kind"] in ("week", "month") else "range"
    title = rsay(f"title-{kind}", id=period_name(p))
    span = rsay("span", first=fmt_date(p["first_day"]), last=fmt_date(p["last_day"]))
    if p["reference_day"] != p["last_day"]:
        span += ", " + rsay("as-of", when=fmt_date(p["reference_day"]))
    return title, span


def requests_block(title: str, requests: list[dict[str, Any]]) -> Block:
    """Resource requests as a table: the open ones, or those waiting on a unit."""
    return Block(
        title,
        [
            (rsay("col-task"), L),
            (rsay("col-unit"), L),
            (rsay("col-request"), L),
            (rsay("col-from"), L),
            (rsay("col-asked"), L),
            (rsay("col-open-days"), R),
            (rsay("col-amount"), L),
            (rsay("col-need"), L),
        ],
        [
            [
                r["task"],
                r["unit"],
                r["request"],
                r["asked_of"] or "",
                fmt_date(r["asked"]),
                str(r["days_open"] if r["days_open"] is not None else ""),
                r["amount"] or "",
                r["need"],
            ]
            for r in requests
        ],
        free=7,
    )


def blocks(doc: dict[str, Any], attention: list[dict[str, Any]] | None = None) -> list[Block]:
    """Every section as a block. With `attention`, the task table has only these tasks, in
    this order (the terminal's readable view, report_layout._readable): a national report
    then formats a few hundred rows, not 10,000."""
    from r57cli.render import report_changes, report_slip
    from r57cli.render.report_silence import co_block, silent_cell, silent_list, waiting_block

    lang = doc["language"]
    out = [_summary(doc), *report_changes.blocks(doc), _units(doc)]
    if doc.get("federation"):  # the national synthesis: who is in it, and who is not
        from r57cli.render.report_members import members_block, regulations_block, targets_block

        out[1:1] = [regulations_block(doc)]
        if doc["federation"].get("targets"):
            out[1:1] = [targets_block(doc)]
        out.insert(0, members_block(doc))
    if len(doc["periods"]) > 1:
        out.append(_trend(doc))
    tasks = {t["id"]: t for t in doc["tasks"]}
    out.append(
        Block(
            rsay("sec-tasks"),
            [
                (rsay("col-task"), L),
                (rsay("col-unit"), L),
                (rsay("col-person"), L),
                (rsay("col-due"), L),
                (rsay("col-start-pct"), R),
                (rsay("col-end-pct"), R),
                (rsay("col-change"), R),
                (rsay("col-planned"), R),
                (rsay("col-gap"), R),
                (rsay("col-status"), L),
                (rsay("col-last-report"), L),
                (rsay("col-silent"), R),
                (rsay("col-forecast"), L),
                (rsay("col-title"), L),
            ],
            [
                [
                    t["id"],
                    t["unit"],
                    t["responsible_name"],
                    report_slip.due_cell(t),
                    pct(t["pct_start"]),
                    pct(t["pct_end"]),
                    signed(t["pct_change"]),
                    pct(t["planned_pct_end"]),
                    signed(t["gap"]),
                    status_text(t) + report_slip.status_suffix(t),
                    fmt_date(t["last_report_at"])
                    if t["last_report_at"]
                    else rsay("no-report-yet", date=fmt_date(doc["period"]["history_from"])),
                    silent_cell(t),
                    forecast_cell(t),
                    t["title"][lang],
                ]
                for t in (
                    sorted(doc["tasks"], key=lambda t: (t["unit"], t["id"]))
                    if attention is None
                    else attention
                )
            ],
            free=13,
        )
    )
    out.append(
        Block(
            rsay("sec-blockers"),
            [
                (rsay("col-kind"), L),
                (rsay("col-ref"), L),
                (rsay("col-task"), L),
                (rsay("col-unit"), L),
                (rsay("col-blocker"), L),
                (rsay("col-raised"), L),
                (rsay("col-open-days"), R),
                (rsay("col-description"), L),
            ],
            [
                [
                    enum_word("kind", b["kind"]),
                    b.get("ref_shown") or b["ref"] or rsay("no-ref"),
                    b["task"],
                    b["unit"],
                    b["blocker"],
                    fmt_date(b["raised"]),
                    str(b["days_open"] if b["days_open"] is not None else ""),
                    b["description"],
                ]
                for b in doc["blockers"]
            ],
            free=7,
            lead={i: t["title"][lang] for i, t in tasks.items()},
            lead_col=2,
        )
    )
    out.append(requests_block(rsay("sec-requests"), doc["requests"]))
    out += waiting_block(doc) + co_block(doc)
    out += report_slip.blocks(doc)
    out.append(
        Block(
            rsay("sec-early"),
            [
                (rsay("col-task"), L),
                (rsay("col-unit"), L),
                (rsay("col-due"), L),
                (rsay("col-completed"), L),
                (rsay("col-days-early"), R),
                (rsay("col-title"), L),
            ],
            [
                [
                    i,
                    tasks[i]["unit"],
                    fmt_date(tasks[i].get("approved_due") or tasks[i]["due"]),
                    fmt_date(tasks[i]["completed"]),
                    str(tasks[i]["days_early"]),
                    tasks[i]["title"][lang],
                ]
                for i in doc["finished_early"]
            ],
            free=5,
        )
    )
    out.append(
        Block(
            rsay("sec-overdue"),
            [
                (rsay("col-task"), L),
                (rsay("col-unit"), L),
                (rsay("col-person"), L),
                (rsay("col-due"), L),
                (rsay("col-days-late"), R),
                (rsay("col-end-pct"), R),
                (rsay("col-title"), L),
            ],
            [
                [
                    i,
                    tasks[i]["unit"],
                    tasks[i]["responsible_name"],
                    fmt_date(tasks[i].get("approved_due") or tasks[i]["due"]),
                    str(tasks[i]["days_late"]),
                    pct(tasks[i]["pct_end"]),
                    tasks[i]["title"][lang],
                ]
                for i in doc["overdue"]
            ],
            free=6,
        )
    )
    silent = doc["no_report"]
    names = {t["responsible"]: t["responsible_name"] for t in doc["tasks"]}
    none = rsay("none")
    units = silent_list(silent["units"], doc["silence"]["units"], {})
    people = silent_list(silent["people"], doc["silence"]["people"], names)
    out.append(
        Block(
            rsay("sec-silent"),
            [],
            [],
            text=rsay("units-silent", list=units or none)
            + "\n"
            + rsay("people-silent", list=people or none),
        )
    )
    late = doc["late_reports"]
    for key, title in (
        ("recorded_in_period", "sec-late"),
        ("recorded_after_close", "sec-late-after"),
    ):
        if key == "recorded_after_close" and not late[key]:
            continue
        out.append(
            Block(
                rsay(title),
                [
                    (rsay("col-report-date"), L),
                    (rsay("col-recorded"), L),
                    (rsay("col-task"), L),
                    (rsay("col-by"), L),
                    (rsay("col-end-pct"), R),
                ],
                [
                    [fmt_date(r["for"]), recorded(r), r["task"], r["by"], pct(r["pct"])]
                    for r in late[key]
                ],
                free=3,
                lead={i: t["title"][lang] for i, t in tasks.items()},
                lead_col=2,
            )
        )
    notes = [
        [t["id"], fmt_date(n["date"]), n["by"], n["text"]]
        for t in sorted(doc["tasks"], key=lambda t: t["id"])
        for n in t["notes"]
    ]
    out.append(
        Block(
            rsay("sec-notes"),
            [
                (rsay("col-task"), L),
                (rsay("col-report-date"), L),
                (rsay("col-by"), L),
                (rsay("col-note"), L),
            ],
            notes,
            free=3,
            wrap=True,
        )
    )
    from r57cli.render.report_next import next_block

    out.append(next_block(doc))
    if doc["removed"]:
        out.append(Block(rsay("sec-removed"), [], [], text=", ".join(doc["removed"])))
    return out


def _summary(doc: dict[str, Any]) -> Block:
    t = doc["totals"]
    rows = [
        [rsay("col-tasks"), str(t["tasks"])],
        [
            rsay("col-avg-pct"),
            f"{pct(t['avg_pct_start'])} → {pct(t['avg_pct_end'])} ({signed(t['avg_pct_change'])})",
        ],
        [rsay("col-planned"), pct(t["avg_planned_pct_end"])],
        [rsay("col-on-time"), f"{ratio(t['on_time_rate'])} ({t['on_time']}/{t['due_or_done']})"],
        [rsay("col-delay-days"), _days(t["avg_delay_days"])],
        [rsay("col-reported"), f"{ratio(t['reported_share'])} ({t['reported']}/{t['active']})"],
        [rsay("col-no-report"), str(t.get("no_report", 0))],
    ]
    rows += [[rsay(c), str(t["counts"][c])] for c in CLASSES if t["counts"][c]]
    return Block(rsay("sec-summary"), [("", L), ("", R)], rows, free=0)


def _units(doc: dict[str, Any]) -> Block:
    from r57cli.render import report_slip

    lang = doc["language"]
    with_baseline = report_slip.baseline_shown(doc)
    headers = [
        (rsay("col-rank"), R),
        (rsay("col-rank-period"), R),
        (uword(doc, "col-unit"), L),
        (rsay("col-tasks"), R),
        (rsay("col-avg-pct"), R),
        (rsay("col-change"), R),
        (rsay("col-planned"), R),
        (rsay("col-on-time"), R),
        *([(rsay("col-on-time-baseline"), R)] if with_baseline else []),
        (rsay("col-delay-days"), R),
        (rsay("col-reported"), R),
        *((rsay(c), R) for c in ("overdue", "blocked", "behind_plan", "at_risk", "stale")),
        (rsay("col-done"), R),
    ]
    rows = [
        [
            str(u["rank"] or "–"),
            str(u["rank_period"] or "–"),
            f"{u['id']} ({u['name'][lang]})" if u["name"] else u["id"],
            str(u["tasks"]),
            pct(u["avg_pct_end"]),
            signed(u["avg_pct_change"]),
            pct(u["avg_planned_pct_end"]),
            ratio(u["on_time_rate"]),
            *([report_slip.unit_baseline_cell(u)] if with_baseline else []),
            "" if u["avg_delay_days"] is None else decimal(u["avg_delay_days"]),
            ratio(u["reported_share"]),
            *(
                str(u["counts"][c])
                for c in ("overdue", "blocked", "behind_plan", "at_risk", "stale")
            ),
            str(u["done"]),
        ]
        for u in doc["units"]
    ]
    from r57cli.render.memberwords import unranked_members

    for member, name in unranked_members(doc):  # listed, not dropped: no figures to rank
        cells = ["–", "–", f"{member} ({name[lang]})", rsay("fed-target-no_data")]
        rows.append(cells + [""] * (len(headers) - len(cells)))
    return Block(uword(doc, "sec-units"), headers, rows, free=2)


def _trend(doc: dict[str, Any]) -> Block:
    periods = doc["periods"]
    headers = [(rsay("col-unit"), L)] + [(period_name(p, short=True), R) for p in periods]
    units = sorted({u["id"] for p in periods for u in p["units"]})
    rows = []
    for unit in units:
        cells = [unit]
        for p in periods:
            found = next((u for u in p["units"] if u["id"] == unit), None)
            cells.append(pct(found["avg_pct_end"]) if found else "")
        rows.append(cells)
    for label, key, fmt in (
        (rsay("trend-avg"), "avg_pct_end", pct),
        (rsay("trend-planned"), "avg_planned_pct_end", pct),
        (rsay("col-on-time"), "on_time_rate", ratio),
        (rsay("col-reported"), "reported_share", ratio),
        (rsay("overdue"), "overdue", str),
    ):
        row = [f"{uword(doc, 'col-total')}: {label}"]
        for p in periods:
            value = p["totals"]["counts"]["overdue"] if key == "overdue" else p["totals"][key]
            row.append(fmt(value))
        rows.append(row)
    return Block(rsay("sec-trend"), headers, rows, free=0)
