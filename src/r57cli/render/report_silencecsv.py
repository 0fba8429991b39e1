"""Days silent of units and people in the report's CSV (docs/report.md, "Days silent"):
the unit's days silent after the other columns of `--csv-table units`, and
`--csv-table people`, one row per responsible person with an open task, in both dialects.
From the JSON document's `silence` and `tasks`; the figures are report/silence.py's."""

from __future__ import annotations

from typing import Any

from r57cli.locale.reportwords import rsay
from r57cli.locale.texts import fmt_date

UNIT_PLAIN_HEAD = ("days_silent", "days_silent_basis")
PEOPLE_PLAIN_HEAD = [
    "person",
    "name",
    "units",
    "open_tasks",
    "days_silent",
    "days_silent_basis",
    "silent_since",
    "reported_in_period",
    "task",
]


def _longest(doc: dict[str, Any], kind: str) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    """Per unit or person id: its silence entry and the task silent longest."""
    tasks = {t["id"]: t for t in doc["tasks"]}
    silence = (doc.get("silence") or {}).get(kind, [])
    return {g["id"]: (g, tasks.get(g["task"], {})) for g in silence}


def _days(g: dict[str, Any]) -> str:
    return f"≥{g['days_silent']}" if g["at_least"] else str(g["days_silent"])


def unit_plain_cells(doc: dict[str, Any]) -> list[list[Any]]:
    """The plain units table's last columns, a row per doc["units"]: the days and how they
    are known (the longest task's basis: report, start, or history = at least)."""
    found = _longest(doc, "units")
    out: list[list[Any]] = []
    for u in doc["units"]:
        g, t = found.get(u["id"], ({}, {}))
        out.append([g.get("days_silent", ""), t.get("days_silent_basis") or ""] if g else ["", ""])
    return out


def unit_people_cells(doc: dict[str, Any]) -> tuple[str, list[str]]:
    """The people's units table's last column: its heading and a cell per doc["units"]
    ("≥8" when only a lower bound is known, as the task table writes it)."""
    found = _longest(doc, "units")
    return rsay("col-silent"), [
        _days(found[u["id"]][0]) if u["id"] in found else "" for u in doc["units"]
    ]


def _since(g: dict[str, Any], t: dict[str, Any]) -> str:
    """The day the silence counts from; "before" it when only a lower bound is known (no
    report read back: the history read begins that day), as the task's last report says."""
    since = t.get("silent_since")
    if not since:
        return ""
    return rsay("no-report-yet", date=fmt_date(since)) if g["at_least"] else fmt_date(since)


def _open_tasks(doc: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Each responsible person's open tasks: those with days silent (report/silence.py)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for t in doc["tasks"]:
        if t["days_silent"] is not None:
            out.setdefault(t["responsible"], []).append(t)
    return out


def people_plain(doc: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    mine = _open_tasks(doc)
    rows: list[list[Any]] = []
    for pid, (g, t) in _longest(doc, "people").items():
        tasks = mine.get(pid, [])
        rows.append(
            [
                pid,
                g.get("name") or pid,
                " ".join(sorted({x["unit"] for x in tasks})),
                len(tasks),
                g["days_silent"],
                t.get("days_silent_basis") or "",
                t.get("silent_since") or "",
                str(g["reported_in_period"]).lower(),
                g["task"],
            ]
        )
    return PEOPLE_PLAIN_HEAD, rows


def people_people(doc: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    head = [
        rsay("col-person"),
        rsay("col-unit"),
        rsay("col-open-tasks"),
        rsay("col-silent"),
        rsay("col-silent-since"),
        rsay("col-reported-in-period"),
        rsay("col-silent-task"),
    ]
    mine = _open_tasks(doc)
    rows = []
    for pid, (g, t) in _longest(doc, "people").items():
        tasks = mine.get(pid, [])
        rows.append(
            [
                g.get("name") or pid,
                ", ".join(sorted({x["unit"] for x in tasks})),
                str(len(tasks)),
                _days(g),
                _since(g, t),
                rsay("csv-yes") if g["reported_in_period"] else rsay("csv-no"),
                g["task"],
            ]
        )
    return head, rows
