"""The workbook's sheets as typed tables, from the report's JSON document (report_json
.document), so the workbook holds the same rows as every other format: one row per task,
blocker, request and unit of the document, nothing left out. Each column has a kind that
report_xlsx.py writes as a real cell: a date, a percentage, a signed number, a status
word in its colour. Headings and words are the people's CSV's (rsay); the layout and
the bytes are report_xlsx.py's job."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from r57cli.locale.reportwords import CLASSES, enum_word, rsay
from r57cli.locale.texts import fmt_date
from r57cli.render.memberwords import by_member, uword
from r57cli.render.periodname import period_name
from r57cli.render.report_cells import forecast_cell

# Kinds of cell: text; int and num (plain numbers); pct (0-100 shown as %); ratio (0-1
# shown as %); points (a signed change); date (ISO day); when (ISO instant, its local
# clock); status (a status class: its word, in the HTML page's colour).
KINDS = ("text", "int", "num", "pct", "ratio", "points", "date", "when", "status")


@dataclass
class Typed:
    """One cell whose kind is not its column's (the summary's figures)."""

    kind: str
    value: Any


@dataclass
class Sheet:
    key: str
    columns: list[tuple[str, str]]  # (heading, kind)
    rows: list[list[Any]]
    lead: list[str] = field(default_factory=list)  # lines above the table (the summary)
    foot: list[str] = field(default_factory=list)  # lines below it (the summary's legend)


def sheets(doc: dict[str, Any]) -> list[Sheet]:
    from r57cli.render.report_xlsxchanges import changes

    out = [
        summary(doc),
        tasks(doc),
        blockers(doc),
        requests(doc),
        *([waiting(doc)] if doc.get("waiting_on_unit") is not None else []),
        ranking(doc),
        changes(doc),
    ]
    if len(doc["periods"]) > 1:
        out.append(trend(doc))
    out += [notes(doc), next_period(doc)]
    if doc.get("federation"):  # the national synthesis: who is in it, first
        from r57cli.render.report_members import members_sheet, targets_sheet

        out[0:0] = [
            members_sheet(doc),
            *([targets_sheet(doc)] if doc["federation"]["targets"] else []),
        ]
    return out


def summary(doc: dict[str, Any]) -> Sheet:
    from r57cli.render.report_cells import generated
    from r57cli.render.report_changes import blocks as change_blocks
    from r57cli.render.report_text import heading

    lang = doc["language"]
    title, span = heading(doc)
    plan = doc["plan"]
    plan_title = plan["title"].get(lang) or plan["title"].get("en") or ""
    plan_line = " · ".join(x for x in (str(plan.get("symbol") or ""), plan_title) if x)
    t = doc["totals"]
    rows: list[list[Any]] = [
        [rsay("col-tasks"), Typed("int", t["tasks"])],
        [rsay("col-done"), Typed("int", t["done"])],
        [rsay("xl-col-avg-start"), Typed("pct", t["avg_pct_start"])],
        [rsay("col-avg-pct"), Typed("pct", t["avg_pct_end"])],
        [rsay("col-change"), Typed("points", t["avg_pct_change"])],
        [rsay("col-planned"), Typed("pct", t["avg_planned_pct_end"])],
        [rsay("col-on-time"), Typed("ratio", t["on_time_rate"])],
        [rsay("xl-col-on-time-count"), Typed("int", t["on_time"])],
        [rsay("xl-col-due-or-done"), Typed("int", t["due_or_done"])],
        [rsay("col-delay-days"), Typed("num", t["avg_delay_days"])],
        [rsay("col-reported"), Typed("ratio", t["reported_share"])],
        [rsay("xl-col-reported-count"), Typed("int", t["reported"])],
        [rsay("xl-col-active"), Typed("int", t["active"])],
        *([Typed("status", c), Typed("int", t["counts"][c])] for c in CLASSES),
    ]
    intro = change_blocks(doc)[0].text
    lead = [title, span, plan_line, intro, *_silent(doc), generated(doc)]
    columns = [(rsay("xl-figure"), "text"), (rsay("xl-value"), "text")]
    return Sheet("xl-sheet-summary", columns, rows, [x for x in lead if x], _legend(doc))


def _legend(doc: dict[str, Any]) -> list[str]:
    """What the HTML page's footer explains: the status rules and the ranking's."""
    rules = doc["rules"]
    lines = [
        rsay("legend", behind=rules["behind_plan_points"], early=rules["early_days"]),
        rsay("legend-ranking", min=rules["rank_min_judged"], top=rules["changes_top"]),
    ]
    if any("new" in t["flags"] for t in doc["tasks"]):
        lines.append(rsay("legend-new"))
    if doc["unreadable_files"]:
        from r57cli.render.report_cells import unreadable_line

        lines.append(unreadable_line(doc))
    if doc.get("removed"):
        from r57cli.render.report_cells import removed_line

        lines.append(removed_line(doc))
    from r57cli.render.report_cells import config_line

    return lines + [x for x in (config_line(doc),) if x]


def _silent(doc: dict[str, Any]) -> list[str]:
    """The units and people with no report this period, as the other formats say it."""
    from r57cli.render.report_silence import silent_list

    silent, none = doc["no_report"], rsay("none")
    names = {t["responsible"]: t["responsible_name"] for t in doc["tasks"]}
    units = silent_list(silent["units"], doc["silence"]["units"], {})
    people = silent_list(silent["people"], doc["silence"]["people"], names)
    return [rsay("units-silent", list=units or none), rsay("people-silent", list=people or none)]


def _task_row(t: dict[str, Any], lang: str) -> list[Any]:
    return [
        t["id"],
        t["unit"],
        t["responsible_name"],
        t["due"],
        # The baseline only where the due moved from it: most never do.
        t.get("baseline_due") if t.get("slip_days") else None,
        t.get("slip_days") or None,
        t["pct_start"],
        t["pct_end"],
        t["pct_change"],
        t["planned_pct_end"],
        t["gap"],
        t["status"],
        t["days_late"] or None,
        t["days_early"] or None,
        t["completed"],
        t["last_report_at"],
        t["days_silent"],
        # The forecast day, or why there is none (a date cell or its reason in words).
        forecast_cell(t) if t.get("forecast_reason") else t["forecast"],
        t["open_blockers"] or None,
        t["title"][lang],
    ]


def tasks(doc: dict[str, Any]) -> Sheet:
    lang = doc["language"]
    columns = [
        (rsay("col-task"), "text"),
        (rsay("col-unit"), "text"),
        (rsay("col-person"), "text"),
        (rsay("col-due"), "date"),
        (rsay("xl-col-baseline-due"), "date"),
        (rsay("xl-col-slip"), "int"),
        (rsay("col-start-pct"), "pct"),
        (rsay("col-end-pct"), "pct"),
        (rsay("col-change"), "points"),
        (rsay("col-planned"), "pct"),
        (rsay("col-gap"), "points"),
        (rsay("col-status"), "status"),
        (rsay("col-days-late"), "int"),
        (rsay("col-days-early"), "int"),
        (rsay("col-completed"), "date"),
        (rsay("col-last-report"), "when"),
        (rsay("col-silent"), "int"),
        (rsay("col-forecast"), "date"),
        (rsay("xl-col-open-blockers"), "int"),
        (rsay("col-title"), "text"),
    ]
    order = sorted(doc["tasks"], key=lambda t: (t["unit"], t["id"]))
    rows = [_task_row(t, lang) for t in order]
    co = doc.get("co_operated")
    if co is not None:
        # With --unit: the tasks it co-operates on after its own, told apart by a Role
        # column (they are counted in none of its figures), as the people's CSV does.
        columns.append((rsay("col-role"), "text"))
        owner, partner = rsay("role-owner"), rsay("role-co")
        rows = [*(r + [owner] for r in rows), *(_task_row(t, lang) + [partner] for t in co)]
    return Sheet("xl-sheet-tasks", columns, rows)


def blockers(doc: dict[str, Any]) -> Sheet:
    columns = [
        (rsay("col-kind"), "text"),
        (rsay("col-ref"), "text"),
        (rsay("col-task"), "text"),
        (rsay("col-unit"), "text"),
        (rsay("col-blocker"), "text"),
        (rsay("col-raised"), "date"),
        (rsay("col-open-days"), "int"),
        (rsay("col-description"), "text"),
    ]
    rows = [
        [
            enum_word("kind", b["kind"]),
            b.get("ref_shown") or b["ref"] or rsay("no-ref"),
            b["task"],
            b["unit"],
            b["blocker"],
            b["raised"],
            b["days_open"],
            b["description"],
        ]
        for b in doc["blockers"]
    ]
    return Sheet("xl-sheet-blockers", columns, rows)


def requests(doc: dict[str, Any], key: str = "requests") -> Sheet:
    columns = [
        (rsay("col-task"), "text"),
        (rsay("col-unit"), "text"),
        (rsay("col-request"), "text"),
        (rsay("col-from"), "text"),
        (rsay("col-asked"), "date"),
        (rsay("col-open-days"), "int"),
        (rsay("col-amount"), "text"),
        (rsay("col-need"), "text"),
    ]
    rows = [
        [
            r["task"],
            r["unit"],
            r["request"],
            r["asked_of"],
            r["asked"],
            r["days_open"],
            r["amount"],
            r["need"],
        ]
        for r in doc[key] or []
    ]
    return Sheet(f"xl-sheet-{key}", columns, rows)


def waiting(doc: dict[str, Any]) -> Sheet:
    """With --unit: the other units' open requests addressed to it."""
    return requests(doc, "waiting_on_unit")


RANKED = ("overdue", "blocked", "behind_plan", "at_risk", "stale")


def ranking(doc: dict[str, Any]) -> Sheet:
    lang = doc["language"]
    columns = [
        (rsay("col-rank"), "int"),
        (rsay("col-rank-period"), "int"),
        (uword(doc, "col-unit"), "text"),
        (rsay("xl-col-unit-name"), "text"),
        (rsay("col-tasks"), "int"),
        (rsay("col-avg-pct"), "pct"),
        (rsay("col-change"), "points"),
        (rsay("col-planned"), "pct"),
        (rsay("col-on-time"), "ratio"),
        (rsay("col-on-time-baseline"), "ratio"),
        (rsay("col-delay-days"), "num"),
        (rsay("col-reported"), "ratio"),
        *((rsay(c), "int") for c in RANKED),
        (rsay("col-done"), "int"),
    ]
    rows = [
        [
            u["rank"],
            u["rank_period"],
            u["id"],
            u["name"][lang] if u["name"] else None,
            u["tasks"],
            u["avg_pct_end"],
            u["avg_pct_change"],
            u["avg_planned_pct_end"],
            u["on_time_rate"],
            u.get("on_time_rate_baseline"),
            u["avg_delay_days"],
            u["reported_share"],
            *(u["counts"][c] for c in RANKED),
            u["done"],
        ]
        for u in doc["units"]
    ]
    from r57cli.render.memberwords import unranked_members

    for member, name in unranked_members(doc):  # listed, not dropped: no figures to rank
        rows.append([None, None, member, name[lang], rsay("fed-target-no_data")])
        rows[-1] += [None] * (len(columns) - len(rows[-1]))
    return Sheet(("fed-m-" if by_member(doc) else "") + "xl-sheet-ranking", columns, rows)


def trend(doc: dict[str, Any]) -> Sheet:
    """A multi-period report: each period's totals, then each unit's figures."""
    columns = [
        (rsay("col-period"), "text"),
        (rsay("col-first-day"), "date"),
        (rsay("col-last-day"), "date"),
        (rsay("col-unit"), "text"),
        (rsay("col-tasks"), "int"),
        (rsay("col-avg-pct"), "pct"),
        (rsay("col-planned"), "pct"),
        (rsay("col-on-time"), "ratio"),
        (rsay("col-reported"), "ratio"),
        *((rsay(c), "int") for c in CLASSES),
    ]
    rows = [
        [
            period_name(p),
            p["first_day"],
            p["last_day"],
            u["id"] or rsay("col-total"),
            u["tasks"],
            u["avg_pct_end"],
            u["avg_planned_pct_end"],
            u["on_time_rate"],
            u["reported_share"],
            *(u["counts"][c] for c in CLASSES),
        ]
        for p in doc["periods"]
        for u in [p["totals"], *p["units"]]
    ]
    return Sheet("xl-sheet-trend", columns, rows)


def notes(doc: dict[str, Any]) -> Sheet:
    """The notes the period's reports carried, by task."""
    columns = [
        (rsay("col-task"), "text"),
        (rsay("col-unit"), "text"),
        (rsay("col-report-date"), "date"),
        (rsay("col-by"), "text"),
        (rsay("col-note"), "text"),
    ]
    rows = [
        [t["id"], t["unit"], n["date"], n["by"], n["text"]]
        for t in sorted(doc["tasks"], key=lambda t: t["id"])
        for n in t["notes"]
    ]
    return Sheet("xl-sheet-notes", columns, rows)


def next_period(doc: dict[str, Any]) -> Sheet:
    """The tasks falling due next period, with the plan their people wrote for it."""
    columns = [
        (rsay("col-task"), "text"),
        (rsay("col-unit"), "text"),
        (rsay("col-person"), "text"),
        (rsay("col-due"), "date"),
        (rsay("col-next-dates"), "text"),
        (rsay("col-next-plan"), "text"),
    ]
    rows = [
        [
            i["task"],
            i["unit"],
            i["responsible_name"],
            i["due"],
            ", ".join(f"{fmt_date(m['date'])} {m['planned_pct']}%" for m in i["milestones"])
            or None,
            i["plan"],
        ]
        for i in doc["next_period"]["tasks"]
    ]
    return Sheet("xl-sheet-next", columns, rows)
