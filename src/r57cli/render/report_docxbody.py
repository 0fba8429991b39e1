"""The body of the report document, in the numbered parts of an administrative report:
I. results (the figures as sentences, the table by unit, the run of periods of a trend),
II. the tasks behind schedule, III. the obstacles grouped by the regulation behind them,
each with the sentence a leader acts on, IV. the requests awaiting a decision and those
decided, V. the tasks of the next period. The rows are the JSON document's (report_json):
each table has as many rows as the list it shows, and an empty list is said in a
sentence, so nothing hides. The XML is docx_xml.py's."""

from __future__ import annotations

from typing import Any

from r57cli.locale.reportwords import CLASSES, enum_word, rsay
from r57cli.locale.texts import fmt_date
from r57cli.render.docx_xml import Column, paragraph, table
from r57cli.render.memberwords import uword
from r57cli.render.numbers import pct, ratio, signed
from r57cli.render.periodname import period_name
from r57cli.render.report_text import status_text

ROMAN = ("I", "II", "III", "IV", "V", "VI")
LATE = ("overdue", "behind_plan", "at_risk")  # part II, the most serious first
NAMED = 8  # tasks named in a sentence before "…"
REGULATORY = ("law", "decree", "circular", "regulation")


def parts(doc: dict[str, Any]) -> list[str]:
    kind = doc["period"]["kind"]
    nxt = doc["next_period"]
    next_title = rsay(
        f"dx-part-next-{kind if kind in ('week', 'month') else 'range'}",
        first=fmt_date(nxt["first_day"]),
        last=fmt_date(nxt["last_day"]),
    )
    out: list[str] = []
    for i, (title, body) in enumerate(
        [
            (rsay("dx-part-results"), results(doc)),
            (rsay("dx-part-late"), late(doc)),
            (rsay("dx-part-blockers"), obstacles(doc)),
            (rsay("dx-part-proposals"), proposals(doc)),
            (next_title, next_tasks(doc)),
        ]
    ):
        out.append(heading(f"{ROMAN[i]}. {title}"))
        out += body
    return out


def cap(word: str) -> str:
    """A status or kind word heading a column or a line: its first letter capital."""
    return word[:1].upper() + word[1:]


def heading(text: str) -> str:
    return paragraph(text, bold=True, before=120, keep_next=True)


def line(text: str) -> str:
    return paragraph(text)


def lead(text: str) -> str:
    """The sentence that introduces a table: kept on the table's first page."""
    return paragraph(text, keep_next=True)


def _unit_names(doc: dict[str, Any]) -> dict[str, str]:
    lang = doc["language"]
    return {u["id"]: u["name"][lang] for u in doc["units"] if u["id"] and u["name"]}


def _task_cell(t: dict[str, Any] | None, task_id: str, lang: str) -> str:
    return f"{task_id}. {t['title'][lang]}" if t else task_id


def results(doc: dict[str, Any]) -> list[str]:
    t = doc["totals"]
    lang = doc["language"]
    counted = [f"{rsay(c)} {t['counts'][c]}" for c in CLASSES if t["counts"][c]]
    from r57cli.render import report_docxfed

    out = [
        *report_docxfed.members(doc),
        line("- " + rsay("dx-fig-tasks", tasks=t["tasks"], done=t["done"])),
        line(
            "- "
            + rsay(
                "dx-fig-progress",
                start=pct(t["avg_pct_start"]),
                end=pct(t["avg_pct_end"]),
                change=signed(t["avg_pct_change"]),
                planned=pct(t["avg_planned_pct_end"]),
            )
        ),
        line(
            "- "
            + rsay(
                "dx-fig-on-time",
                rate=ratio(t["on_time_rate"]),
                on_time=t["on_time"],
                due=t["due_or_done"],
            )
        ),
        line(
            "- "
            + rsay(
                "dx-fig-reported",
                share=ratio(t["reported_share"]),
                reported=t["reported"],
                active=t["active"],
            )
        ),
    ]
    if counted:
        out.append(line("- " + rsay("dx-fig-classes", list=", ".join(counted))))
    from r57cli.render.report_cells import config_line, removed_line, unreadable_line

    if doc["unreadable_files"] and not doc.get("federation"):  # never one task fewer unsaid
        out.append(line("- " + unreadable_line(doc)))
    if config := config_line(doc):
        out.append(line("- " + config))
    if doc.get("removed"):
        out.append(line("- " + removed_line(doc)))
    out.append(lead(uword(doc, "dx-units")))
    columns = [
        Column(rsay("dx-col-rank"), 13, right=True),
        Column(uword(doc, "col-unit"), 49),
        Column(rsay("col-tasks"), 15, right=True),
        Column(rsay("col-done"), 14, right=True),
        Column(rsay("col-avg-pct"), 16, right=True),
        Column(rsay("col-planned"), 16, right=True),
        Column(rsay("col-on-time"), 15, right=True),
        Column(rsay("col-reported"), 15, right=True),
        Column(cap(rsay("overdue")), 12, right=True),
    ]
    rows = [
        [
            str(u["rank"] or "–"),
            u["name"][lang] if u["name"] else str(u["id"]),
            str(u["tasks"]),
            str(u["done"]),
            pct(u["avg_pct_end"]),
            pct(u["avg_planned_pct_end"]),
            ratio(u["on_time_rate"]),
            ratio(u["reported_share"]),
            str(u["counts"]["overdue"]),
        ]
        for u in doc["units"]
    ]
    from r57cli.render.memberwords import unranked_members

    for _member, name in unranked_members(doc):  # listed, not dropped: no figures to rank
        rows.append(["–", name[lang], rsay("fed-target-no_data"), *[""] * (len(columns) - 3)])
    out.append(table(columns, rows) if rows else line(rsay("xl-empty")))
    if any(not u["rank"] for u in doc["units"]):  # what "–" means, on the paper itself
        note = rsay("dx-rank-note", min=doc["rules"]["rank_min_judged"])
        out.append(paragraph(note, italic=True, size=22))  # 11 pt
    if len(doc["periods"]) > 1:
        out += [paragraph("", after=0), lead(rsay("dx-trend")), trend(doc)]
    return out + report_docxfed.targets(doc)


def trend(doc: dict[str, Any]) -> str:
    """One row per period: its totals, as the trend's columns do elsewhere."""
    columns = [
        Column(rsay("col-period"), 55),
        Column(rsay("col-tasks"), 18, right=True),
        Column(rsay("col-avg-pct"), 18, right=True),
        Column(rsay("col-planned"), 19, right=True),
        Column(rsay("col-on-time"), 18, right=True),
        Column(rsay("col-reported"), 19, right=True),
        Column(cap(rsay("overdue")), 18, right=True),
    ]
    rows = [
        [
            period_name(p),
            str(p["totals"]["tasks"]),
            pct(p["totals"]["avg_pct_end"]),
            pct(p["totals"]["avg_planned_pct_end"]),
            ratio(p["totals"]["on_time_rate"]),
            ratio(p["totals"]["reported_share"]),
            str(p["totals"]["counts"]["overdue"]),
        ]
        for p in doc["periods"]
    ]
    return table(columns, rows)


def late_tasks(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The tasks of part II: overdue, then behind plan, then at risk; the most late first."""
    order = {c: i for i, c in enumerate(LATE)}
    found = [t for t in doc["tasks"] if t["status"] in order]
    return sorted(found, key=lambda t: (order[t["status"]], -t["days_late"], -(t["gap"] or 0)))


def late(doc: dict[str, Any]) -> list[str]:
    lang = doc["language"]
    found = late_tasks(doc)
    if not found:
        return [line(rsay("dx-late-none"))]
    names = _unit_names(doc)
    columns = [
        Column(rsay("dx-col-no"), 10, right=True),
        Column(rsay("dx-col-task"), 44),
        Column(rsay("col-unit"), 26),
        Column(rsay("col-person"), 24),
        Column(rsay("col-due"), 23),
        Column(rsay("dx-col-progress"), 18, right=True),
        Column(rsay("col-status"), 20),
    ]
    rows = [
        [
            str(n),
            _task_cell(t, t["id"], lang),
            names.get(t["unit"], t["unit"]),
            t["responsible_name"],
            fmt_date(t.get("approved_due") or t["due"]),
            f"{pct(t['pct_end'])} / {pct(t['planned_pct_end'])}",
            status_text(t),
        ]
        for n, t in enumerate(found, 1)
    ]
    return [lead(rsay("dx-late-lead", count=len(found))), table(columns, rows)]


def _some(ids: list[str]) -> str:
    shown = ", ".join(ids[:NAMED])
    return shown + (", …" if len(ids) > NAMED else "")


def blocker_groups(doc: dict[str, Any]) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """The open blockers by regulation (the same regulation however it was written: its
    ref_key) or, without one, by kind; in the document's order (by kind, then by ref)."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for b in doc["blockers"]:
        key = (b["kind"], b.get("ref_key") or "") if b["ref"] else (b["kind"], "")
        groups.setdefault(key, []).append(b)
    return [(kind, ref, items) for (kind, ref), items in groups.items()]


def obstacles(doc: dict[str, Any]) -> list[str]:
    if not doc["blockers"]:
        return [line(rsay("dx-blockers-none"))]
    names = _unit_names(doc)
    out = []
    for kind, ref, items in blocker_groups(doc):
        tasks = list(dict.fromkeys(b["task"] for b in items))
        units = list(dict.fromkeys(names.get(b["unit"], b["unit"]) for b in items))
        days = max((b["days_open"] or 0 for b in items), default=0)
        fields = {"count": len(tasks), "tasks": _some(tasks), "units": _some(units), "days": days}
        if ref and kind in REGULATORY:
            shown = items[0].get("ref_shown") or items[0]["ref"]
            out.append(line("- " + rsay("dx-blocker-group", ref=shown, **fields)))
        else:
            label = cap(enum_word("kind", kind))
            if ref:
                label += f" ({items[0].get('ref_shown') or items[0]['ref']})"
            out.append(line("- " + rsay("dx-blocker-other", kind=label, **fields)))
    columns = [
        Column(rsay("dx-col-no"), 10, right=True),
        Column(rsay("dx-col-ref"), 27),
        Column(rsay("col-task"), 18),
        Column(rsay("col-unit"), 25),
        Column(rsay("dx-col-obstacle"), 46),
        Column(rsay("dx-col-since"), 23),
        Column(rsay("dx-col-days"), 16, right=True),
    ]
    rows = [
        [
            str(n),
            b.get("ref_shown") or b["ref"] or cap(enum_word("kind", b["kind"])),
            b["task"],
            names.get(b["unit"], b["unit"]),
            b["description"],
            fmt_date(b["raised"]),
            "" if b["days_open"] is None else str(b["days_open"]),
        ]
        for n, b in enumerate(doc["blockers"], 1)
    ]
    return [*out, table(columns, rows)]


def decided(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The requests decided in the period (the changes' events)."""
    return [
        r
        for r in doc["changes"]["requests"]
        if r["event"] in ("decided", "raised_and_decided") and r["decision"] != "open"
    ]


def proposals(doc: dict[str, Any]) -> list[str]:
    names = _unit_names(doc)
    requests = doc["requests"]
    out: list[str] = []
    if not requests:
        out.append(line(rsay("dx-requests-none")))
    else:
        columns = [
            Column(rsay("dx-col-no"), 10, right=True),
            Column(rsay("col-task"), 18),
            Column(rsay("col-unit"), 24),
            Column(rsay("dx-col-need"), 34),
            Column(rsay("col-amount"), 20),
            Column(rsay("col-from"), 24),
            Column(rsay("col-asked"), 23),
            Column(rsay("dx-col-days"), 12, right=True),
        ]
        rows = [
            [
                str(n),
                f"{r['task']} {r['request']}",
                names.get(r["unit"], r["unit"]),
                r["need"],
                r["amount"] or "",
                names.get(r["asked_of"], r["asked_of"] or ""),
                fmt_date(r["asked"]),
                "" if r["days_open"] is None else str(r["days_open"]),
            ]
            for n, r in enumerate(requests, 1)
        ]
        out += [lead(rsay("dx-requests-lead", count=len(requests))), table(columns, rows)]
    done = decided(doc)
    if done:
        out.append(lead(rsay("dx-decided-lead")))
        out += [
            line(
                "- "
                + rsay(
                    "dx-decided",
                    task=r["task"],
                    request=r["request"],
                    unit=names.get(r["unit"], r["unit"]),
                    decision=enum_word("request", r["decision"]),
                    date=fmt_date(r["decided"]),
                )
            )
            for r in done
        ]
    return out


def next_tasks(doc: dict[str, Any]) -> list[str]:
    """The next period's table: the rows of report_next.next_block, the task's title added."""
    from r57cli.render.report_next import next_block

    lang = doc["language"]
    block = next_block(doc)
    if not block.rows:
        return [line(rsay("dx-next-none"))]
    tasks = {t["id"]: t for t in doc["tasks"]}
    names = _unit_names(doc)
    columns = [
        Column(rsay("dx-col-no"), 10, right=True),
        Column(rsay("dx-col-task"), 48),
        Column(rsay("col-unit"), 26),
        Column(rsay("col-person"), 23),
        Column(rsay("dx-col-when"), 22),
        Column(rsay("dx-col-plan"), 36),
    ]
    rows = [
        [str(n), _task_cell(tasks.get(task), task, lang), names.get(unit, unit), person, when, plan]
        for n, (task, unit, person, when, plan) in enumerate(block.rows, 1)
    ]
    return [table(columns, rows)]
