"""The schedule history as `r57 show` and `r57 log` say it: the baseline and the current
schedule, each approved reschedule (when, by whom, from → to, reason, decision, the request
it granted), the requests for more time, a claimed completion and its proof. Read from the
task file's own record (reschedules:, resources of kind extension, progress) and from the
trailers of the commits that wrote it."""

from __future__ import annotations

from datetime import date
from typing import Any

SCHEDULE_ACTIONS = frozenset({"reschedule", "extend", "confirm"})


def _day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _moves(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """`due A → B (+N d)`, `start A → B`, `milestones moved`, for the keys that changed."""
    from r57cli.locale.texts import fmt_date, label

    parts = []
    old_due, new_due = _day(before.get("due")), _day(after.get("due"))
    if old_due is not None and new_due is not None:
        days = (new_due - old_due).days
        parts.append(label("sched-due", old=fmt_date(old_due), new=fmt_date(new_due), days=days))
    if before.get("start") is not None and after.get("start") is not None:
        start = (fmt_date(before["start"]), fmt_date(after["start"]))
        parts.append(label("sched-start", old=start[0], new=start[1]))
    if "milestones" in after:
        parts.append(label("sched-milestones"))
    return parts


def describe_schedule(trailers: dict[str, str]) -> str:
    """What a reschedule, extend or confirm commit did, from its trailers."""
    from r57cli.locale.texts import fmt_date, label

    action = trailers.get("R57-Action", "")
    if action == "extend":
        return label(
            "act-extend",
            due_from=fmt_date(trailers.get("R57-Due-From")),
            due_to=fmt_date(trailers.get("R57-Due-To")),
            request=trailers.get("R57-Request", ""),
        )
    if action == "confirm":
        return label(
            "act-confirm",
            completed=fmt_date(trailers.get("R57-Completed")),
            recorded=fmt_date(trailers.get("R57-Recorded")),
        )
    before = {k: trailers.get(f"R57-{k.title()}-From") for k in ("due", "start")}
    after = {k: trailers.get(f"R57-{k.title()}-To") for k in ("due", "start")}
    if "R57-Milestones" in trailers:
        after["milestones"] = trailers["R57-Milestones"]
    parts = [label("act-reschedule"), *_moves(before, after)]
    if trailers.get("R57-Decision"):
        parts.append(label("sched-decision", decision=trailers["R57-Decision"]))
    if trailers.get("R57-Request"):
        parts.append(label("sched-grants", request=trailers["R57-Request"]))
    return parts[0] + ": " + "; ".join(parts[1:]) if len(parts) > 1 else parts[0]


def show_lines(data: dict[str, Any], names: dict[str, str]) -> list[str]:
    """The "Schedule" section of `r57 show`, or nothing for a task whose schedule never
    moved and that has no request for time, claim or evidence. Lines are printable."""
    from r57cli.locale.messages import printable
    from r57cli.locale.texts import fmt_date, label

    entries = [e for e in data.get("reschedules") or [] if isinstance(e, dict)]
    asks = [
        r
        for r in data.get("resources") or []
        if isinstance(r, dict) and r.get("kind") == "extension"
    ]
    progress = data.get("progress") if isinstance(data.get("progress"), dict) else {}
    assert isinstance(progress, dict)
    evidence = [str(e) for e in progress.get("evidence") or []]
    if not (entries or asks or progress.get("recorded") or evidence):
        return []
    base: dict[str, Any] = {"start": data.get("start"), "due": data.get("due")}
    for key in ("start", "due"):
        first = next((e for e in entries if key in (e.get("before") or {})), None)
        if first is not None:
            base[key] = first["before"][key]
    lines = [
        label("sched-baseline", start=fmt_date(base["start"]), due=fmt_date(base["due"])),
        label("sched-current", start=fmt_date(data.get("start")), due=fmt_date(data.get("due"))),
    ]
    if not entries:
        lines.append(label("sched-no-change"))
    for e in entries:
        by = names.get(str(e.get("by")), str(e.get("by")))
        head = label("sched-entry", id=str(e.get("id")), date=fmt_date(e.get("date")), by=by)
        parts = _moves(e.get("before") or {}, e.get("after") or {})
        parts.append(label("reason", reason=str(e.get("reason"))))
        if e.get("decision"):
            parts.append(label("sched-decision", decision=str(e["decision"])))
        if e.get("request"):
            parts.append(label("sched-grants", request=str(e["request"])))
        lines.append(head + ": " + "; ".join(parts))
    for r in asks:
        status = str(r.get("status", "open"))
        lines.append(
            label(
                "sched-ext",
                id=str(r.get("id")),
                asked=fmt_date(r.get("asked")),
                due=fmt_date(r.get("due")),
                need=str(r.get("need")),
                status=label(status) if status in _STATUSES else status,
            )
        )
    if progress.get("recorded"):
        completed, recorded = fmt_date(progress.get("completed")), fmt_date(progress["recorded"])
        claim = label("sched-claim", completed=completed, recorded=recorded)
        who = progress.get("confirmed_by")
        if who:
            claim += "; " + label("sched-confirmed", who=names.get(str(who), str(who)))
        else:
            claim += "; " + label("sched-unconfirmed")
        lines.append(claim)
    if evidence:
        lines.append(label("sched-evidence", items="; ".join(evidence)))
    return [printable(line) for line in lines]


_STATUSES = ("open", "granted", "partly_granted", "refused", "withdrawn")
