"""The gate's schedule rules, pure: a task's schedule (start, due, the milestones' dates
and planned %) moves only by approval, recorded in its append-only `reschedules:` list;
extension requests are decided, and claimed completions confirmed, only by people with a
role in policy.reschedule_by; and commits are not dated in the past.

Each rule reads the two parsed versions the other rules already hold: no git here."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from r57cli.gate.changes import Step, Version, by_id, is_day, progress_of
from r57cli.gate.people import Person
from r57cli.plan.schedule import SCHEDULE_KEYS, show_part
from r57cli.plan.yamlevents import PathKey

# add(code, path, raw, span, **message fields), as _Run.add in rules.py
Add = Callable[..., None]

_DECIDED = ("granted", "partly_granted", "refused")
_GRANTED = ("granted", "partly_granted")


def parts(data: Any) -> dict[str, Any]:
    """The schedule of a task file's data (or of a reschedule's before:/after:), in the
    shape of plan/schedule.py's schedule_parts: milestones as (date, planned %) tuples,
    labels left out; parts that are not there are left out."""
    out: dict[str, Any] = {}
    if not isinstance(data, dict):
        return out
    for key in ("start", "due"):
        if data.get(key) is not None:
            out[key] = data[key]
    points = data.get("milestones")
    if isinstance(points, list):
        out["milestones"] = tuple(
            (m.get("date"), m.get("planned_pct")) if isinstance(m, dict) else (None, None)
            for m in points
        )
    return out


def _place(old_parts: dict[str, Any], new_parts: dict[str, Any], key: str) -> PathKey:
    """The line of a changed part in the new version: the first milestone that differs."""
    if key != "milestones":
        return (key,)
    was, now = old_parts.get(key, ()), new_parts.get(key, ())
    for i, point in enumerate(now):
        if i >= len(was) or was[i] != point:
            field = "date" if i >= len(was) or was[i][0] != point[0] else "planned_pct"
            return ("milestones", i, field)
    return ("milestones",)


def _entries(data: dict[str, Any]) -> list[Any]:
    found = data.get("reschedules")
    return found if isinstance(found, list) else []


def allowed(person: Person, step: Step) -> bool:
    return bool(person.roles & step.access.reschedule_by)


def _roles(step: Step) -> str:
    return ", ".join(sorted(step.access.reschedule_by)) or "-"


def _option_value(value: object) -> str:
    """The value to give `r57 reschedule` for a part: a date, or the milestones as
    `DATE:PCT --milestone DATE:PCT ...` (the option's own syntax)."""
    if isinstance(value, tuple):
        return " --milestone ".join(f"{d.isoformat()}:{pct}" for d, pct in value) or "-"
    return show_part(value)


def check_task(add: Add, step: Step, person: Person, path: str, old: Version, new: Version) -> None:
    """The schedule rules for one task file changed from `old` to `new`."""
    task = str(new.data.get("id") or path.rsplit("/", 1)[-1].removesuffix(".yaml"))
    was, now = parts(old.data), parts(new.data)
    moved = [k for k in SCHEDULE_KEYS if was.get(k) != now.get(k)]
    old_list, new_list = _entries(old.data), _entries(new.data)
    appended = _append_only(add, step, path, task, new, old_list, new_list)
    if moved:
        key = moved[0]
        span = new.where(_place(was, now, key))
        if not allowed(person, step):
            add(
                "R57E312",
                path,
                new.raw,
                span,
                person=person.name,
                task=task,
                field=key,
                old=show_part(was.get(key)),
                new=show_part(now.get(key)),
                roles=_roles(step),
                option=f"--{key}" if key != "milestones" else "--milestone",
                value=_option_value(now.get(key)),
            )
        elif appended is not None and len(appended) != 1:
            add("R57E313", path, new.raw, span, task=task, field=key, count=len(appended))
        elif appended is not None:
            i, entry = appended[0]
            _entry_matches(add, step, person, path, task, new, i, entry, was, now)
    elif appended:
        i, _entry = appended[0]
        add("R57E316", path, new.raw, new.where(("reschedules", i)), task=task)
    granting = {
        e.get("request") for _i, e in appended or [] if isinstance(e, dict) and e.get("request")
    }
    _extensions(add, step, person, path, task, old, new, granting)
    _confirmation(add, step, person, path, task, old, new)
    _claim(add, step, path, task, old, new)


def _append_only(
    add: Add,
    step: Step,
    path: str,
    task: str,
    new: Version,
    old_list: list[Any],
    new_list: list[Any],
) -> list[tuple[int, Any]] | None:
    """The entries appended to `reschedules:`, or None (reported) when one before was
    edited, reordered or removed."""
    for i, entry in enumerate(old_list):
        if i >= len(new_list) or new_list[i] != entry:
            loc: PathKey = ("reschedules", i) if i < len(new_list) else ("reschedules",)
            shown = entry.get("id") if isinstance(entry, dict) else None
            add("R57E315", path, new.raw, new.where(loc), task=task, entry=str(shown or i + 1))
            return None
    return list(enumerate(new_list))[len(old_list) :]


def _entry_matches(
    add: Add,
    step: Step,
    person: Person,
    path: str,
    task: str,
    new: Version,
    i: int,
    entry: Any,
    was: dict[str, Any],
    now: dict[str, Any],
) -> None:
    """The one new entry records this change: by the author, with a reason (and a decision
    when the policy asks), its before: the parent's values and its after: the new ones."""
    if not isinstance(entry, dict):
        return  # the validator reports a malformed entry
    before, after = parts(entry.get("before")), parts(entry.get("after"))
    checks: list[tuple[PathKey, str, str, str]] = []
    if entry.get("by") != person.id:
        checks.append((("by",), "by", str(entry.get("by") or "-"), person.id))
    reason = entry.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        checks.append((("reason",), "reason", "-", "…"))
    decision = entry.get("decision")
    if step.access.require_decision and not (isinstance(decision, str) and decision.strip()):
        checks.append((("decision",), "decision", "-", "…"))
    for key in SCHEDULE_KEYS:
        named = key in before or key in after
        if not named and was.get(key) == now.get(key):
            continue
        for side, got, want in (("before", before, was), ("after", after, now)):
            if got.get(key) != want.get(key):
                found, expected = show_part(got.get(key)), show_part(want.get(key))
                checks.append(((side, key), f"{side}.{key}", found, expected))
    if checks:
        loc, field, found, expected = checks[0]
        span = new.where(("reschedules", i, *loc))
        add(
            "R57E314",
            path,
            new.raw,
            span,
            task=task,
            entry=str(entry.get("id") or i + 1),
            field=field,
            found=found,
            expected=expected,
        )


def _extensions(
    add: Add,
    step: Step,
    person: Person,
    path: str,
    task: str,
    old: Version,
    new: Version,
    granting: set[Any],
) -> None:
    before, after = by_id(old.data.get("resources")), by_id(new.data.get("resources"))
    for request_id, (j, item) in after.items():
        if item.get("kind") != "extension":
            continue
        _i, prior = before.get(request_id, (None, {}))
        status = item.get("status", "open")
        changed = status != prior.get("status", "open") or item.get("decided") != prior.get(
            "decided"
        )
        if not changed:  # deciding one, or undoing a decision, is for the role
            continue
        span = new.where(("resources", j, "status"))
        if not allowed(person, step):
            add(
                "R57E317",
                path,
                new.raw,
                span,
                person=person.name,
                task=task,
                request=request_id,
                status=str(status),
                roles=_roles(step),
            )
        elif status in _GRANTED and status != prior.get("status") and request_id not in granting:
            add("R57E318", path, new.raw, span, task=task, request=request_id)


def _confirmation(
    add: Add, step: Step, person: Person, path: str, task: str, old: Version, new: Version
) -> None:
    was = progress_of(old.data).get("confirmed_by")
    now = progress_of(new.data).get("confirmed_by")
    if now is None or now == was:
        return
    if not allowed(person, step) or now != person.id:
        add(
            "R57E319",
            path,
            new.raw,
            new.where(("progress", "confirmed_by")),
            person=person.name,
            id=person.id,
            task=task,
            confirmed=str(now),
            roles=_roles(step),
        )


def commit_day(step: Step) -> date:
    """The day of the commit's committer date, in the plan's time zone."""
    try:
        zone = ZoneInfo(step.access.timezone)
    except (ValueError, KeyError, OSError):
        zone = ZoneInfo("UTC")
    return datetime.fromtimestamp(step.commit.committed, zone).date()


def _claim(add: Add, step: Step, path: str, task: str, old: Version, new: Version) -> None:
    """A completion newly recorded more than max_backdate_days before the commit's day is a
    claim: without `recorded:` set to that day (a day either side for time zones) it hides
    (R57W302); with it, and not confirmed in the same commit, it awaits a coordinator
    (R57W305)."""
    before, after = progress_of(old.data), progress_of(new.data)
    completed = after.get("completed")
    if after.get("status") != "done" or not isinstance(completed, date) or not is_day(completed):
        return
    if before.get("status") == "done" and before.get("completed") == completed:
        return
    day = commit_day(step)
    limit = step.access.max_backdate_days
    if (day - completed).days <= limit:
        return
    recorded = after.get("recorded")
    if isinstance(recorded, date) and is_day(recorded) and abs((recorded - day).days) <= 1:
        if not after.get("confirmed_by"):
            add(
                "R57W305",
                path,
                new.raw,
                new.where(("progress", "completed")),
                task=task,
                completed=completed,
                recorded=recorded,
                days=(recorded - completed).days,
                limit=limit,
            )
        return
    add(
        "R57W302",
        path,
        new.raw,
        new.where(("progress", "completed")),
        task=task,
        completed=completed,
        day=day,
        days=(day - completed).days,
        limit=limit,
    )


def check_dates(
    add: Add, step: Step, today: date, place: tuple[str, bytes | None, tuple[int, int, int]]
) -> None:
    """A commit dated before its parent, or more than a day before the check runs."""
    path, raw, span = place
    parent = step.parent_committed
    day = commit_day(step)
    if parent is not None and step.commit.committed < parent:
        shown = datetime.fromtimestamp(parent, ZoneInfo("UTC")).strftime("%Y-%m-%d %H:%M UTC")
        add("R57W303", path, raw, span, day=day, parent=shown)
    if day < today - timedelta(days=1):
        add("R57W304", path, raw, span, day=day, today=today)
