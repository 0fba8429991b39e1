"""Cells and lines of the report that several formats share: the forecast, when a late
report was recorded, and the footer's source line."""

from __future__ import annotations

from typing import Any

from r57cli.locale.reportwords import rsay
from r57cli.locale.texts import fmt_date


def forecast_cell(task: dict[str, Any]) -> str:
    """The forecast as "date (earliest – latest)", or why there is none."""
    reason = task.get("forecast_reason")
    if reason:
        return rsay(f"fc-{reason}", days=task.get("stalled_days") or 0)
    if not task.get("forecast"):
        return ""
    low, high = task.get("forecast_low"), task.get("forecast_high")
    if not low or not high or low == high:
        text = fmt_date(task["forecast"])
    else:
        text = rsay(
            "fc-range", date=fmt_date(task["forecast"]), low=fmt_date(low), high=fmt_date(high)
        )
    return text


def recorded(r: dict[str, Any]) -> str:
    """When a report was recorded; a backdated commit says when it really landed. Dated
    hours before its parent on the same day (as after `r57 demo`, whose last commits are
    later today than the clock) is no other day: "3 March (backdated to 3 March)" is noise."""
    day, landed = fmt_date(r["recorded"]), fmt_date(r["landed"])
    if r.get("backdated") and landed != day:
        return rsay("backdated", date=day, landed=landed)
    return day


def generated(doc: dict[str, Any]) -> str:
    """The footer's source line: the commit, and with --stamp when the report was made."""
    sha = (doc["period"]["commit_end"] or doc["commit"] or "")[:12]
    fed = doc.get("federation")
    if fed:  # one commit per member: the Members section lists them
        count = len(fed["members"])
        made = doc.get("generated_at")
        if not made:
            return rsay("fed-generated", count=count)
        day, _, clock = str(made).partition("T")
        at = {"date": fmt_date(day), "time": clock[:5], "zone": clock[8:]}
        return rsay("fed-generated-at", count=count, **at)
    ref = doc.get("ref")
    of = rsay(f"of-{ref['kind']}", name=ref["name"]) if ref else ""
    made = doc.get("generated_at")
    if not made:
        return rsay("generated", sha=sha, of=of)
    day, _, clock = str(made).partition("T")
    return rsay("generated-at", sha=sha, of=of, date=fmt_date(day), time=clock[:5], zone=clock[8:])


def removed_line(doc: dict[str, Any]) -> str:
    """The tasks whose files went in the period: named wherever the report goes, so a task
    deleted from the plan never just drops out of the figures."""
    return f"{rsay('sec-removed')}: {', '.join(doc['removed'])}"


def config_line(doc: dict[str, Any]) -> str:
    """The footer's line for plan.yaml or units.yaml not read ("" when both were)."""
    places = doc.get("unreadable_config") or []
    return rsay("config-unreadable", places=", ".join(places)) if places else ""


def unreadable_line(doc: dict[str, Any]) -> str:
    """The footer's line for task files left out because they could not be read."""
    count = doc["unreadable_files"]
    if doc.get("federation"):  # which member: its Members row says (unread-tasks)
        return rsay("fed-unreadable", count=count)
    tasks = ", ".join(doc.get("unreadable_tasks") or []) or "?"
    commit = (doc["period"]["commit_end"] or "")[:12]
    return rsay("unreadable", count=count, tasks=tasks, commit=commit)
