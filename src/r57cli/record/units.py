"""The unit steps: `r57 unit add` (a new unit in units.yaml, with the people moved into it)
and `r57 unit merge` (a unit folded into another on a day, as in a reorganisation). Pure
like progress.py: each reads the plan's files as given and returns every file it changes,
before and after, with the commit's parts; unitcommit.py checks and commits them as one.

A merge keeps the old unit in units.yaml as a record (merged_into:, merged_on:, decision:)
so that reports of periods before the merge still name it, moves its members to the unit
that carries on, and moves its tasks: their unit:, and their files from tasks/OLD/ to
tasks/NEW/ (git sees the rename, so `git log --follow` keeps their history). The other
tasks' co_units: and open requests to the old unit name the new one; decided requests stay
as they were: they are history.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from r57cli.locale.texts import say
from r57cli.plan.model import PERSON_ID_PATTERN, UNIT_ID_PATTERN
from r57cli.plan.planfile import load
from r57cli.record.progress import REQUEST_ORDER, TASK_ORDER, StepError
from r57cli.record.schedule import one_line
from r57cli.record.yamledit import YamlEditor

UNIT_ORDER = [
    "id", "name", "short", "parent", "leader", "focal", "members",
    "merged_into", "merged_on", "decision",
]  # fmt: skip
MEMBER_ORDER = ["id", "name", "position", "emails", "roles", "language", "github", "ssh_keys"]
_UNIT_ID = re.compile(UNIT_ID_PATTERN)
_PERSON_ID = re.compile(PERSON_ID_PATTERN)
_TASK_FILE = re.compile(r"tasks/([^/]+)/([^/]+\.ya?ml)\Z")

Files = dict[str, tuple[bytes | None, bytes | None]]  # plan-relative: before, after


@dataclass
class UnitChange:
    """One unit commit: every file it writes (None: absent), its subject and trailers."""

    action: str  # unit-add, unit-merge
    unit: str
    subject: str
    files: Files = field(default_factory=dict)
    trailers: dict[str, str] = field(default_factory=dict)
    note: str | None = None

    def message(self, when: date) -> str:
        trailers = {"R57-Unit": self.unit, "R57-Action": self.action, **self.trailers}
        trailers["R57-Date"] = when.isoformat()
        parts = [self.subject, *([self.note] if self.note else [])]
        parts.append("\n".join(f"{k}: {v}" for k, v in trailers.items()))
        return "\n\n".join(parts) + "\n"


def _units_doc(raw: bytes) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    loaded = load("units.yaml", raw)
    data = loaded.data
    units = data.get("units") if isinstance(data, dict) else None
    if (
        not isinstance(data, dict)
        or not isinstance(units, list)
        or any(d.severity.value == "error" for d in loaded.diagnostics)
    ):
        raise StepError(say("units-unreadable"))
    return data, units


def _index(units: list[Any], unit_id: str) -> int | None:
    return next(
        (i for i, u in enumerate(units) if isinstance(u, dict) and u.get("id") == unit_id), None
    )


def _active(units: list[Any], unit_id: str, option: str) -> int:
    """The index of a unit that is listed and not merged, else a StepError saying why."""
    i = _index(units, unit_id)
    if i is None:
        known = [str(u.get("id")) for u in units if isinstance(u, dict)]
        import difflib

        close = difflib.get_close_matches(unit_id, known, n=3, cutoff=0.5)
        hint = say("did-you-mean", ids=", ".join(close)) if close else ""
        raise StepError(say("unknown-unit", unit=unit_id, suggest=hint))
    into = units[i].get("merged_into")
    if isinstance(into, str):
        if option == "OLD":  # the unit to merge: nothing is left of it to merge again
            raise StepError(say("unit-merged-again", unit=unit_id, into=into))
        raise StepError(say("unit-already-merged", option=option, unit=unit_id, into=into))
    return i


# ------------------------------------------------------------------------- add


def parse_member(text: str) -> tuple[str, dict[str, Any] | None]:
    """--member PERSON (someone already in units.yaml, moved here) or
    --member "PERSON:Full name:e-mail" (a new person)."""
    person, _, rest = text.strip().partition(":")
    if not _PERSON_ID.match(person):
        raise StepError(say("bad-member", value=text))
    if not rest:
        return person, None
    name, _, email = rest.partition(":")
    name_text = one_line(name, "--member")
    if not name_text or "@" not in email or any(c.isspace() for c in email.strip()):
        raise StepError(say("bad-member", value=text))
    return person, {"id": person, "name": name_text, "emails": [email.strip()]}


def add(
    raw_units: bytes,
    *,
    unit_id: str,
    name_en: str,
    name_vi: str,
    short: str | None,
    parent: str | None,
    members: list[str],
) -> UnitChange:
    """`r57 unit add`: the unit appended to units.yaml, with its people."""
    if not _UNIT_ID.match(unit_id):
        raise StepError(say("bad-unit-id", unit=unit_id))
    data, units = _units_doc(raw_units)
    if _index(units, unit_id) is not None:
        raise StepError(say("unit-exists", unit=unit_id))
    if parent is not None:
        _active(units, parent, "--parent")
    en, vi = one_line(name_en, "--name"), one_line(name_vi, "--name-vi")
    assert en is not None
    assert vi is not None
    item: dict[str, Any] = {"id": unit_id, "name": {"en": en, "vi": vi}}
    if short:
        item["short"] = one_line(short, "--short")
    if parent:
        item["parent"] = parent
    ed = YamlEditor(raw_units.decode("utf-8"), data)
    moved: list[tuple[int, int]] = []  # (unit index, member index) of people moved here
    people: list[dict[str, Any]] = []
    for text in members:
        person, new = parse_member(text)
        if new is not None:
            people.append(new)
            continue
        found = [
            (i, j)
            for i, u in enumerate(units)
            if isinstance(u, dict)
            for j, m in enumerate(u.get("members") or [])
            if isinstance(m, dict) and m.get("id") == person
        ]
        if not found:
            raise StepError(say("unknown-member", person=person))
        i, j = found[0]
        moved.append((i, j))
        people.append(dict(units[i]["members"][j]))
    for i in sorted({i for i, _ in moved}):
        _take_members(ed, units, i, {j for k, j in moved if k == i})
    if people:
        item["members"] = people
    ed.append(("units",), item, UNIT_ORDER)
    after = ed.result().encode("utf-8")
    subject = f"unit {unit_id} added: {en}"
    trailers = {"R57-Unit-Name": en}
    if parent:
        trailers["R57-Parent"] = parent
    if people:
        trailers["R57-Members"] = ", ".join(p["id"] for p in people)
    return UnitChange("unit-add", unit_id, subject, {"units.yaml": (raw_units, after)}, trailers)


def _take_members(ed: YamlEditor, units: list[Any], i: int, gone: set[int]) -> None:
    """Remove these members of unit i, with its leader: or focal: if that was one of them.
    The others are written back in order (the editor removes keys, not list items)."""
    unit = units[i]
    members = [m for m in unit.get("members") or [] if isinstance(m, dict)]
    leaving = {members[j].get("id") for j in gone}
    for role in ("leader", "focal"):
        if unit.get(role) in leaving:
            ed.delete(("units", i, role))
    ed.delete(("units", i, "members"))
    for j, member in enumerate(members):
        if j not in gone:
            ed.append(("units", i, "members"), dict(member), UNIT_ORDER)


# ------------------------------------------------------------------------- merge


def merge(
    raw_units: bytes,
    tasks: dict[str, bytes],
    *,
    old: str,
    into: str,
    on: date,
    decision: str | None,
    note: str | None,
    today: date,
) -> UnitChange:
    """`r57 unit merge OLD --into NEW`: see the module docstring. `tasks` holds each task
    file's bytes by plan-relative path (those that do not name OLD may be left out)."""
    data, units = _units_doc(raw_units)
    if old == into:
        raise StepError(say("merge-into-itself", unit=old))
    i_old = _active(units, old, "OLD")
    i_new = _active(units, into, "--into")
    if on > today:
        raise StepError(say("merge-future", value=on, today=today))
    text = one_line(decision, "--decision")
    if not text:
        raise StepError(say("merge-needs-decision", unit=old))
    ed = YamlEditor(raw_units.decode("utf-8"), data)
    old_unit, new_unit = units[i_old], units[i_new]
    have = {m.get("id") for m in new_unit.get("members") or [] if isinstance(m, dict)}
    moving = [m for m in old_unit.get("members") or [] if isinstance(m, dict)]
    for member in moving:
        if member.get("id") not in have:
            ed.append(("units", i_new, "members"), dict(member), UNIT_ORDER)
    for role in ("leader", "focal", "members"):
        ed.delete(("units", i_old, role))
    ed.set(("units", i_old, "merged_into"), into, UNIT_ORDER)
    ed.set(("units", i_old, "merged_on"), on, UNIT_ORDER)
    ed.set(("units", i_old, "decision"), text, UNIT_ORDER)
    for k, u in enumerate(units):
        if not isinstance(u, dict) or u.get("parent") != old or k == i_old:
            continue
        if k != i_new:
            ed.set(("units", k, "parent"), into, UNIT_ORDER)
        elif isinstance(old_unit.get("parent"), str):
            ed.set(("units", k, "parent"), old_unit["parent"], UNIT_ORDER)  # takes its place
        else:
            ed.delete(("units", k, "parent"))
    files: Files = {"units.yaml": (raw_units, ed.result().encode("utf-8"))}
    moved = 0
    for path in sorted(tasks):
        before = tasks[path]
        after, owned = _retarget(path, before, old, into)
        if after is None:
            continue
        match = _TASK_FILE.match(path)
        if owned and match is not None and match[1] == old:
            files[path] = (before, None)
            files[f"tasks/{into}/{match[2]}"] = (None, after)
            moved += 1
        else:
            files[path] = (before, after)
    trailers = {
        "R57-Into": into,
        "R57-Merged-On": on.isoformat(),
        "R57-Decision": text,
        "R57-Tasks-Moved": str(moved),
        "R57-Members-Moved": str(len(moving)),
    }
    subject = f"unit {old} merged into {into} on {on} ({moved} tasks moved)"
    body = one_line(note, "--note") if note else None
    return UnitChange("unit-merge", old, subject, files, trailers, body)


def _retarget(path: str, raw: bytes, old: str, into: str) -> tuple[bytes | None, bool]:
    """The task file with OLD replaced by NEW where it names the unit that holds the task
    now (unit:, co_units:, open requests); None when it does not name OLD there. The flag
    says whether OLD owned the task."""
    if old.encode() not in raw:
        return None, False
    loaded = load(path, raw)
    data = loaded.data
    if not isinstance(data, dict):
        return None, False
    ed = YamlEditor(raw.decode("utf-8"), data)
    owned = data.get("unit") == old
    owner = into if owned else data.get("unit")
    changed = False
    if owned:
        ed.set(("unit",), into, TASK_ORDER)
        changed = True
    co = data.get("co_units")
    if isinstance(co, list) and (old in co or owner in co):
        kept: list[Any] = []
        for u in co:
            u = into if u == old else u
            if u != owner and u not in kept:
                kept.append(u)
        ed.delete(("co_units",))
        if kept:
            ed.set(("co_units",), kept, TASK_ORDER)
        changed = True
    for n, r in enumerate(data.get("resources") or []):
        if isinstance(r, dict) and r.get("unit") == old and r.get("status", "open") == "open":
            ed.set(("resources", n, "unit"), into, REQUEST_ORDER)
            changed = True
    if not changed:
        return None, False
    return ed.result().encode("utf-8"), owned
