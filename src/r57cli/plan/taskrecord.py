"""What a report reads of a task file's schedule record (`reschedules:`): the baseline
(the first entry's `before` of each key, else the current value), each approved change,
and whether the schedule is what the record last approved (validate's R57E225). Pure:
works on the parsed document, in one pass over the list."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from r57cli.plan.taskfacts import Move

_KEYS = ("start", "due", "milestones")


def record(data: dict[str, Any], start: date, due: date) -> dict[str, Any]:
    """The TaskFacts fields of the record: baseline_start, baseline_due, moves,
    schedule_ok, approved_start, approved_due."""
    entries = data.get("reschedules") or []
    if not isinstance(entries, list) or not entries:
        return {
            "baseline_start": start,
            "baseline_due": due,
            "approved_start": start,
            "approved_due": due,
        }
    first: dict[str, Any] = {}
    approved: dict[str, Any] = {}
    moves = []
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        before: dict[str, Any] = _map(entry.get("before"))
        after: dict[str, Any] = _map(entry.get("after"))
        for key in _KEYS:
            if key in before and key in after:
                first.setdefault(key, _part(before[key]))
                approved[key] = _part(after[key])
        moves.append(
            Move(
                str(entry.get("id", "")),
                _day(entry.get("date")),
                str(entry.get("by") or ""),
                str(entry.get("reason") or ""),
                str(entry.get("decision") or ""),
                str(entry.get("request") or ""),
                _day(before.get("due")),
                _day(after.get("due")),
                _day(before.get("start")),
                _day(after.get("start")),
            )
        )
    current = {"start": start, "due": due, "milestones": _part(data.get("milestones") or [])}
    ok = all(current[key] == value for key, value in approved.items())
    planned = approved.get("milestones")
    kept = None
    if not ok and isinstance(planned, tuple):
        pairs = [(d, p) for d, p in planned if _day(d) is not None and isinstance(p, int)]
        kept = tuple(sorted(pairs)) if len(pairs) == len(planned) else None
    return {
        "approved_milestones": kept,
        "baseline_start": _day(first.get("start")) or start,
        "baseline_due": _day(first.get("due")) or due,
        "moves": tuple(moves),
        "schedule_ok": ok,
        "approved_start": _day(approved.get("start")) or start,
        "approved_due": _day(approved.get("due")) or due,
    }


def _part(value: Any) -> Any:
    """A part of a schedule as the validator compares it: milestones as (date, %) pairs."""
    if isinstance(value, list):
        return tuple(
            (m.get("date"), m.get("planned_pct")) if isinstance(m, dict) else (None, None)
            for m in value
        )
    return value


def _map(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _day(value: Any) -> date | None:
    return value if isinstance(value, date) and not isinstance(value, datetime) else None
