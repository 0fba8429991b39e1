"""What a report needs of one version of a task file, parsed from its bytes: the fast
plain-YAML reader first, PyYAML when the file goes beyond it. Pure: no git."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, NamedTuple


class Blocker(NamedTuple):
    id: str
    kind: str
    ref: str
    description: str
    raised: date | None
    lifted: date | None


class Request(NamedTuple):
    id: str
    unit: str
    need: str
    amount: str
    asked: date | None
    status: str
    decided: date | None
    kind: str = "resources"  # or "extension": a request for more time
    due: date | None = None  # for an extension: the due date asked for


class Move(NamedTuple):
    """One entry of a task's `reschedules:` record, as a report shows it."""

    id: str
    day: date | None
    by: str
    reason: str
    decision: str
    request: str
    due_before: date | None
    due_after: date | None
    start_before: date | None
    start_after: date | None


class TaskFacts(NamedTuple):
    """What a report needs of one version of a task file."""

    id: str
    unit: str
    title_en: str
    title_vi: str
    responsible: str
    start: date
    due: date
    pct: int
    status: str
    completed: date | None
    milestones: tuple[tuple[date, int], ...]
    blockers: tuple[Blocker, ...]
    requests: tuple[Request, ...]
    # The schedule's record (plan/taskrecord.py): the baseline, the approved changes, and
    # whether the schedule is what the record last approved (validate's R57E225).
    deliverable: str = ""
    baseline_start: date | None = None
    baseline_due: date | None = None
    moves: tuple[Move, ...] = ()
    schedule_ok: bool = True
    approved_start: date | None = None
    approved_due: date | None = None
    # The milestones the record last approved, when they differ from the file's (R57E225).
    approved_milestones: tuple[tuple[date, int], ...] | None = None
    recorded: date | None = None
    confirmed_by: str = ""
    evidence: tuple[str, ...] = ()
    co_units: tuple[str, ...] = ()  # the co-operating units (a --unit report lists them)


def parse_task(raw: bytes) -> TaskFacts | None:
    """The facts of a task file's content, or None when it is too broken to read (the
    validator says why; a report skips it and counts it)."""
    from r57cli.plan import fastyaml, taskfast

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        data = None
    else:
        # The layout r57 writes, read straight to its facts (a third of the time);
        # anything else the general way: fastyaml, else PyYAML, then facts_of.
        facts = taskfast.facts(text)
        if facts is not None:
            return facts
        data = fastyaml.load(text)
    if data is None:
        import yaml

        try:
            data = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except (yaml.YAMLError, UnicodeDecodeError, ValueError):
            return None
    return facts_of(data)


def facts_of(data: Any) -> TaskFacts | None:
    """The facts of a task file's document (as PyYAML reads it), or None when it is too
    broken to read."""
    from r57cli.plan.taskrecord import record

    if not isinstance(data, dict):
        return None
    try:
        title = data.get("title") or {}
        progressed = progress_fields(data.get("progress"))
        start, due = data["start"], data["due"]
        # A date with a time of day, or `pct: true`, is not what the schema allows: the
        # validator reports it; a report leaves such a version out rather than crash on it.
        if progressed is None or _day(start) is None or _day(due) is None:
            return None
        milestones = tuple(
            sorted(
                (m["date"], m["planned_pct"])
                for m in data.get("milestones") or []
                if isinstance(m, dict)
                and _day(m.get("date")) is not None
                and _whole(m.get("planned_pct"))
            )
        )
        blockers = tuple(blocker_of(b) for b in data.get("blockers") or [] if isinstance(b, dict))
        requests = tuple(request_of(r) for r in data.get("resources") or [] if isinstance(r, dict))
        return TaskFacts(
            id=str(data["id"]),
            unit=str(data["unit"]),
            title_en=str(title.get("en", "")) if isinstance(title, dict) else "",
            title_vi=str(title.get("vi", "")) if isinstance(title, dict) else "",
            responsible=str(data.get("responsible", "")),
            start=start,
            due=due,
            milestones=milestones,
            blockers=blockers,
            requests=requests,
            deliverable=str(data.get("deliverable") or ""),
            co_units=tuple(u for u in _list(data.get("co_units")) if isinstance(u, str)),
            **progressed,
            **record(data, start, due),
        )
    except (KeyError, TypeError, AttributeError):
        return None


def progress_fields(value: Any) -> dict[str, Any] | None:
    """The facts a task file's `progress:` block gives (pct, status, completed, recorded,
    confirmed_by, evidence), or None when that block makes the version unreadable: the
    only facts that depend on it (plan/taskpatch.py reuses the rest of an older version)."""
    try:
        progress = value or {}
        pct = progress.get("pct", 0)
        if not _whole(pct):
            return None
        return {
            "pct": max(0, min(100, pct)),
            "status": str(progress.get("status", "not_started")),
            "completed": _day(progress.get("completed")),
            "recorded": _day(progress.get("recorded")),
            "confirmed_by": str(progress.get("confirmed_by") or ""),
            "evidence": tuple(str(e) for e in progress.get("evidence") or () if e is not None),
        }
    except (KeyError, TypeError, AttributeError):
        return None


_PROGRESS_AT = tuple(
    TaskFacts._fields.index(name)
    for name in ("pct", "status", "completed", "recorded", "confirmed_by", "evidence")
)


def with_progress(task: TaskFacts, fields: dict[str, Any]) -> TaskFacts:
    """`task` with the facts of another progress block (progress_fields): _replace, at a
    fraction of its cost (tens of thousands of versions a trend)."""
    values = list(task)
    for at, name in zip(
        _PROGRESS_AT,
        ("pct", "status", "completed", "recorded", "confirmed_by", "evidence"),
        strict=True,
    ):
        values[at] = fields[name]
    return TaskFacts._make(values)


_PCT_AT = TaskFacts._fields.index("pct")


def with_pct(task: TaskFacts, pct: int) -> TaskFacts:
    """`task` with another %, as task._replace(pct=pct) but cheaper."""
    values = list(task)
    values[_PCT_AT] = pct
    return TaskFacts._make(values)


def parse_many(raws: dict[str, bytes]) -> dict[str, TaskFacts | None]:
    """Parse file versions by blob id. (Splitting this over a forked worker on two cores
    was tried: no faster, since `git log` already runs on the other core meanwhile.)"""
    return {blob: parse_task(raw) for blob, raw in raws.items()}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def blocker_of(b: dict[str, Any]) -> Blocker:
    """A `blockers:` entry's facts (plan/taskfast.py reads them the same way)."""
    return Blocker(
        str(b.get("id", "")),
        str(b.get("kind", "other")),
        str(b.get("ref") or ""),
        str(b.get("description") or ""),
        _day(b.get("raised")),
        _day(b.get("lifted")),
    )


def request_of(r: dict[str, Any]) -> Request:
    """A `resources:` entry's facts (plan/taskfast.py reads them the same way)."""
    return Request(
        str(r.get("id", "")),
        str(r.get("unit") or ""),
        str(r.get("need") or ""),
        str(r.get("amount") or ""),
        _day(r.get("asked")),
        str(r.get("status", "open")),
        _day(r.get("decided")),
        str(r.get("kind") or "resources"),
        _day(r.get("due")),
    )


def _day(value: Any) -> date | None:
    return value if isinstance(value, date) and not isinstance(value, datetime) else None


_TOP_PROGRESS = re.compile(r"^progress:[ ]*(?:#[^\n]*)?\n", re.M)
_NODE_MARK = re.compile(r"(?:^|[:\-\[,] )[&*!{]", re.M)  # anchors, aliases, tags, flow maps
_PCT_LINE = re.compile(r"( +)pct:(.*)")
_PCT_VALUE = re.compile(r" (0|[1-9][0-9]{0,2})(?: +#.*)? *")


def probe_pct(raw: bytes) -> int | None:
    """The `progress.pct` of a task file read straight from its text (clamped to 0..100,
    as parse_task does), or None when the file is anything but the plain shape r57 writes:
    the caller then parses it whole. Older versions of a task are read only for their %,
    and this takes ~19 µs a file where a whole parse takes ~60 µs."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\t" in text or "\r" in text or "---" in text or _NODE_MARK.search(text):
        return None
    found = list(_TOP_PROGRESS.finditer(text))
    if len(found) != 1:
        return None
    indent: int | None = None
    value: int | None = None
    for line in text[found[0].end() :].split("\n"):
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        width = len(line) - len(stripped)
        if width == 0:
            break  # the next top-level key
        indent = width if indent is None else indent
        if width == indent and stripped.startswith("pct:"):
            match = _PCT_LINE.fullmatch(line)
            number = _PCT_VALUE.fullmatch(match[2]) if match else None
            if number is None or value is not None:
                return None  # not a plain whole number, or pct twice
            value = int(number[1])
    return max(0, min(100, value)) if value is not None else None
