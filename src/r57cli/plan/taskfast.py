"""A task file in the layout r57 writes, read straight to its TaskFacts: a cold report
parses ten thousand versions or more, and this takes under half the general way's time
(fastyaml.load, then taskfacts turning the document into facts; docs/speed.md).
Anything else, or any doubt, gives None and the caller takes the general way. Pure.

The layout: comment and blank lines; top-level `key: value` lines; and top-level keys
whose value is one block indented by two spaces: a mapping of `key: value` lines (title,
progress), a sequence of such mappings (`  - key: value` then `    key: value`:
milestones, blockers, resources) or a sequence of values (`  - value`). A value is what
fastyaml reads on one line (plain, quoted, a flow sequence of scalars; fastyaml.value),
else the file steps aside: block scalars, multi-line values, other indentations, deeper
nesting (reschedules, progress.evidence as a block), document markers, tabs, CRLF.

Why this gives what PyYAML gives: every line is read into a token (its kind by its
indentation, its key, its value; once per distinct line, kept for the next file), every
line is accounted for (a line of no known form, or a token where its block cannot have
one, steps aside), and every value goes through fastyaml's own value reader, which
tests/test_fastyaml.py holds against PyYAML; the document built from them is then what
PyYAML gives (tests/test_taskfast.py checks both that and the facts against PyYAML
and taskfacts' general way, on the corpus, generated plans and hand edits).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from r57cli.plan import fastyaml
from r57cli.plan.taskfacts import Blocker, Request, TaskFacts, blocker_of, request_of

# A line of the layout, trailing spaces cut: its indentation (a top-level key, a key of a
# mapping block, the first key of a sequence's item, a further key of that item), the key
# and its value (none: the key's value is empty, or for a top-level key, the block below).
_KEY_LINE = re.compile(r"(|  |  - |    )([A-Za-z_][A-Za-z0-9_-]*):(?:[ ]+(.*))?")
_ITEM_LINE = re.compile(r"  - (.+)")  # a value of a sequence block

# What a line is (the first of its token).
_QUIET, _TOP, _MAP, _ITEM, _MORE, _LIST, _ODD = range(7)
_KINDS = {"": _TOP, "  ": _MAP, "  - ": _ITEM, "    ": _MORE}
_ODD_LINE = (_ODD, "", None)
_BELOW = object()  # a top-level key's value is the block below it (or empty)
_LINES: dict[str, tuple[int, str, Any]] = {}  # a line's text, read (lines repeat across files)

_NONE, _OPEN, _IN_MAP, _IN_ITEMS, _IN_LIST = range(5)  # where the reading is


class _Aside(Exception):
    pass


def facts(text: str) -> TaskFacts | None:
    """The facts of a task file's text, or None: take the general way."""
    data = document(text)
    if data is None:
        return None
    try:
        return _facts(data)
    except (_Aside, KeyError, TypeError, AttributeError):
        return None


def document(text: str) -> dict[str, Any] | None:
    """The document of a file in the layout, as fastyaml.load (and PyYAML) read it, or
    None. Its parts may be shared with other documents: read them, never change them."""
    data: dict[str, Any] = {}
    lines, token = _LINES, _token
    at = _NONE
    key = ""
    block: Any = None
    item: dict[str, Any] = {}
    for line in text.split("\n"):
        kind, name, value = lines.get(line) or token(line)
        if kind == _QUIET:
            continue
        if kind == _TOP:
            key = name
            if value is _BELOW:
                data[key] = None
                at = _OPEN
            else:
                data[key] = value
                at = _NONE
        elif kind == _MAP:
            if at == _OPEN:
                block = data[key] = {}
                at = _IN_MAP
            elif at != _IN_MAP:
                return None
            block[name] = value
        elif kind == _ITEM:
            if at == _OPEN:
                block = data[key] = []
                at = _IN_ITEMS
            elif at != _IN_ITEMS:
                return None
            item = {name: value}
            block.append(item)
        elif kind == _MORE:
            if at != _IN_ITEMS:
                return None
            item[name] = value
        elif kind == _LIST:
            if at == _OPEN:
                block = data[key] = []
                at = _IN_LIST
            elif at != _IN_LIST:
                return None
            block.append(value)
        else:
            return None
    return data or None


def _token(line: str) -> tuple[int, str, Any]:
    """What a line is, and its key and value; kept for the next file."""
    text = line.rstrip(" ")
    stripped = text.lstrip(" ")
    if "\r" in line or "\t" in line or fastyaml.unusual(line):
        found: tuple[int, str, Any] = _ODD_LINE  # CRLF, tabs, other line breaks: PyYAML's
    elif not stripped or stripped[0] == "#":
        found = (_QUIET, "", None)
    elif (match := _KEY_LINE.fullmatch(text)) is not None:
        kind, name, rest = _KINDS[match[1]], match[2], match[3]
        if not fastyaml.good_key(name):
            found = _ODD_LINE
        elif rest:
            value = fastyaml.value(rest)
            found = _ODD_LINE if value is fastyaml.NOT_PLAIN else (kind, name, value)
        else:
            found = (kind, name, _BELOW if kind == _TOP else None)
    elif (match := _ITEM_LINE.fullmatch(text)) is not None:
        value = fastyaml.value(match[1])
        found = _ODD_LINE if value is fastyaml.NOT_PLAIN else (_LIST, "", value)
    else:
        found = _ODD_LINE
    if len(_LINES) > 200_000:
        _LINES.clear()
    _LINES[line] = found
    return found


def _facts(data: dict[str, Any]) -> TaskFacts:
    """taskfacts.parse_task's facts of a document, for the types the layout gives (a
    mapping, a list, a scalar where each is expected); _Aside for anything else."""
    start, due = data["start"], data["due"]
    if type(start) is not date or type(due) is not date:
        raise _Aside
    title = data.get("title")
    if type(title) is dict:
        title_en, title_vi = str(title.get("en", "")), str(title.get("vi", ""))
    elif title is None:
        title_en = title_vi = ""
    else:
        raise _Aside
    progress = data.get("progress")
    if progress is None:
        progress = {}
    elif type(progress) is not dict:
        raise _Aside
    pct = progress.get("pct", 0)
    if type(pct) is not int:
        raise _Aside
    completed = progress.get("completed")
    recorded = progress.get("recorded")
    evidence = progress.get("evidence")
    if evidence is None:
        evidence = ()
    elif type(evidence) is list:
        evidence = tuple(str(e) for e in evidence if e is not None)
    else:
        raise _Aside
    milestones = data.get("milestones")
    if milestones is None:
        milestones = ()
    elif type(milestones) is list:
        milestones = tuple(
            sorted(
                (m["date"], m["planned_pct"])
                for m in milestones
                if type(m) is dict
                and type(m.get("date")) is date
                and type(m.get("planned_pct")) is int
            )
        )
    else:
        raise _Aside
    if data.get("reschedules") is not None:
        raise _Aside
    co_units = data.get("co_units")
    return tuple.__new__(
        TaskFacts,
        (
            str(data["id"]),
            str(data["unit"]),
            title_en,
            title_vi,
            str(data.get("responsible", "")),
            start,
            due,
            max(0, min(100, pct)),
            str(progress.get("status", "not_started")),
            completed if type(completed) is date else None,
            milestones,
            _blockers(data.get("blockers")),
            _requests(data.get("resources")),
            str(data.get("deliverable") or ""),
            start,  # baseline_start: no reschedules, so the schedule is its own baseline
            due,
            (),  # moves
            True,  # schedule_ok
            start,  # approved_start
            due,
            None,  # approved_milestones
            recorded if type(recorded) is date else None,
            str(progress.get("confirmed_by") or ""),
            evidence,
            tuple(u for u in co_units if type(u) is str) if type(co_units) is list else (),
        ),
    )


def _blockers(value: Any) -> tuple[Blocker, ...]:
    if value is None:
        return ()
    if type(value) is not list:
        raise _Aside
    return tuple(blocker_of(b) for b in value if type(b) is dict)


def _requests(value: Any) -> tuple[Request, ...]:
    if value is None:
        return ()
    if type(value) is not list:
        raise _Aside
    return tuple(request_of(r) for r in value if type(r) is dict)
