"""Checks that need one file only: schema, then the task's own dates, percentages and states.

The result of these checks depends only on the file's path and bytes, so it is what the
validation cache stores, keyed by git blob id. Facts that cross-file checks need (IDs,
references, dates, with their positions) are extracted here too, as plain JSON values.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePosixPath
from typing import Any, TypeGuard

from pydantic import BaseModel, ValidationError

from r57cli.diagnostics import Diagnostic, Related
from r57cli.messages import phrase
from r57cli.model import (
    FILE_MODELS,
    REGULATORY_KINDS,
    TASK_ID_PATTERN,
    Task,
)
from r57cli.planfile import LoadedFile, PathKey, load
from r57cli.schemacheck import model_at, translate

SCHEMA_FILES = {
    "plan": "plan.schema.json",
    "units": "units.schema.json",
    "task": "task.schema.json",
}
_TASK_ID = re.compile(TASK_ID_PATTERN)

Ref = list[Any]  # [value, line, column, length]


@dataclass(slots=True)
class FileResult:
    """Per-file diagnostics plus the facts cross-file checks need (None if unusable)."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    facts: dict[str, Any] | None = None

    def to_cache(self) -> dict[str, Any]:
        return {"d": [d.to_cache() for d in self.diagnostics], "f": self.facts}


def file_kind(relpath: str) -> str:
    if relpath == "plan.yaml":
        return "plan"
    if relpath == "units.yaml":
        return "units"
    return "task"


def schema_pointer(relpath: str) -> str:
    depth = len(PurePosixPath(relpath).parts)  # plan.yaml -> 1, tasks/u/T.yaml -> 3
    return "../" * depth + "schemas/" + SCHEMA_FILES[file_kind(relpath)]


def check_file(relpath: str, raw: bytes) -> FileResult:
    """Everything about one file that does not need any other file."""
    loaded = load(relpath, raw)
    result = FileResult(list(loaded.diagnostics))
    if loaded.data is None:
        return result
    if not loaded.first_line.startswith("# yaml-language-server: $schema="):
        result.diagnostics.append(
            Diagnostic("R57W006", relpath, 1, 1, {"schema": schema_pointer(relpath)})
        )
    kind = file_kind(relpath)
    model_cls = FILE_MODELS[kind]
    checker = _Checker(loaded, result.diagnostics)
    # Facts and cross-reference rules come from the raw mapping, so that a typo in one field
    # does not hide an unknown unit, a broken dependency or a leader outside their unit.
    if kind == "task":
        result.facts = checker.task_facts()
    elif kind == "units":
        result.facts = checker.units_facts()
    else:
        result.facts = checker.plan_facts()
    try:
        model: BaseModel = model_cls.model_validate(loaded.data)
    except ValidationError as exc:
        result.diagnostics.extend(translate(loaded, model_cls, exc))
        if kind == "task":
            salvaged, dropped = _salvage(loaded.data, exc)
            if salvaged is not None:
                checker.task(salvaged, dropped)
        return result
    if isinstance(model, Task):
        checker.task(model)
        if result.facts is not None:
            result.facts["valid"] = True
    return result


# Values for required fields that the task's own rules never read, or read only to compare
# with a date that is broken too. Put in place of broken values, they let the other rules run.
_PLACEHOLDERS: dict[str, Any] = {
    "id": "X-0",
    "title": {"en": "-", "vi": "-"},
    "unit": "x",
    "responsible": "x",
    "deliverable": "other",
    "submission": "unit",
    "start": date.min,
    "due": date.max,
}
_ITEM_PLACEHOLDERS: dict[tuple[str, str], Any] = {
    ("blockers", "id"): "B-0",
    ("blockers", "description"): "-",
    ("resources", "id"): "R-0",
    ("resources", "need"): "-",
}


def _salvage(data: dict[str, Any], error: ValidationError) -> tuple[Task | None, set[str]]:
    """A Task built from the valid parts of `data`, and the fields whose rules must be skipped
    because they were broken. Broken values are removed or replaced at the deepest level that
    keeps list indices (and so reported positions) unchanged."""
    patched: dict[str, Any] = copy.deepcopy(data)
    dropped: set[str] = set()
    for err in error.errors():
        loc = tuple(err["loc"])
        if not loc:
            return None, set()
        top = str(loc[0])
        if len(loc) == 1:
            if top in _PLACEHOLDERS:
                patched[top] = _PLACEHOLDERS[top]
            else:
                patched.pop(top, None)  # an unknown key, or an optional field: its default
            dropped.add(top)
            continue
        parent = _container(patched, loc[:-1])
        leaf = loc[-1]
        if isinstance(parent, dict) and isinstance(leaf, str):
            if err["type"] == "extra_forbidden" or leaf not in _required(loc):
                parent.pop(leaf, None)  # unknown or optional: the rest of the item stands
                continue
            if (top, leaf) in _ITEM_PLACEHOLDERS:
                parent[leaf] = _ITEM_PLACEHOLDERS[(top, leaf)]
                continue
        # A broken date, kind or percentage inside a list item: skip that list's rules.
        patched.pop(top, None)
        dropped.add(top)
    try:
        return Task.model_validate(patched), dropped
    except ValidationError:
        return None, set()


def _container(data: Any, loc: tuple[Any, ...]) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _required(loc: tuple[Any, ...]) -> set[str]:
    """Names of the required fields of the model that holds the mapping at loc[:-1]."""
    owner = model_at(Task, loc[:-1])
    if owner is None:
        return set()
    return {name for name, info in owner.model_fields.items() if info.is_required()}


def _is_date(value: Any) -> TypeGuard[date]:
    return isinstance(value, date) and not isinstance(value, datetime)


def _is_id(value: Any) -> bool:
    return isinstance(value, str) and _TASK_ID.match(value) is not None


class _Checker:
    def __init__(self, loaded: LoadedFile, out: list[Diagnostic]) -> None:
        self.loaded = loaded
        self.out = out

    def at(self, loc: PathKey, *, key: bool = False) -> tuple[int, int, int]:
        return self.loaded.where(loc, key=key)

    def ref(self, value: Any, loc: PathKey) -> Ref:
        return [value, *self.at(loc)]

    def add(
        self,
        code: str,
        loc: PathKey,
        args: dict[str, Any] | None = None,
        related: tuple[Related, ...] = (),
    ) -> None:
        line, col, length = self.at(loc)
        plain = {k: v.isoformat() if isinstance(v, date) else v for k, v in (args or {}).items()}
        self.out.append(Diagnostic(code, self.loaded.path, line, col, plain, length, related))

    def duplicates(
        self,
        items: Iterable[tuple[str, PathKey]],
        what: str,
        fold: Callable[[str], str] = str,
    ) -> None:
        """Report each value seen before (compared after `fold`), pointing at the first."""
        seen: dict[str, PathKey] = {}
        for value, loc in items:
            key = fold(value)
            if key in seen:
                first = self.at(seen[key])
                self.add(
                    "R57E203",
                    loc,
                    {"what": phrase(what), "value": value},
                    (Related(self.loaded.path, first[0], first[1], "first-definition"),),
                )
            else:
                seen[key] = loc

    # ------------------------------------------------------------------------- tasks

    def task_facts(self) -> dict[str, Any] | None:
        """IDs, references and dates read from the raw mapping, valid or not."""
        data = self.loaded.data
        task_id = data.get("id")
        if not _is_id(task_id):
            return None
        path = PurePosixPath(self.loaded.path)
        if path.stem != task_id:
            self.add("R57E108", ("id",), {"task_id": task_id, "filename": path.name})
        unit = data.get("unit")
        if (
            isinstance(unit, str)
            and len(path.parts) >= 3
            and path.parts[0] == "tasks"
            and path.parts[1] != unit
        ):
            self.add("R57E111", ("unit",), {"unit": unit, "folder": path.parts[1]})

        def items(key: str) -> list[tuple[int, Any]]:
            value = data.get(key)
            return list(enumerate(value)) if isinstance(value, list) else []

        units = [self.ref(unit, ("unit",))] if isinstance(unit, str) else []
        units += [self.ref(u, ("co_units", i)) for i, u in items("co_units") if isinstance(u, str)]
        units += [
            self.ref(r["unit"], ("resources", i, "unit"))
            for i, r in items("resources")
            if isinstance(r, dict) and isinstance(r.get("unit"), str)
        ]
        responsible = data.get("responsible")
        due = data.get("due")
        return {
            "kind": "task",
            "valid": False,
            "id": self.ref(task_id, ("id",)),
            "due": self.ref(due.isoformat(), ("due",)) if _is_date(due) else None,
            "units": units,
            "persons": [self.ref(responsible, ("responsible",))]
            if isinstance(responsible, str)
            else [],
            "depends": [
                self.ref(d, ("depends_on", i))
                for i, d in items("depends_on")
                if _is_id(d) and d != task_id
            ],
            "milestones": [
                self.ref(m["date"].isoformat(), ("milestones", i, "date"))
                for i, m in items("milestones")
                if isinstance(m, dict) and _is_date(m.get("date"))
            ],
        }

    def task(self, t: Task, dropped: frozenset[str] | set[str] = frozenset()) -> None:
        """The task's own rules. Fields in `dropped` were broken and are not judged again."""
        if t.start > t.due and not dropped & {"start", "due"}:
            self.add("R57E206", ("start",), {"start": t.start, "due": t.due})
        previous = None
        # With start after due (reported above) every milestone would be "outside": say it once.
        period_ok = t.start <= t.due and not dropped & {"start", "due"}
        for i, m in enumerate(t.milestones):
            if period_ok and not t.start <= m.date <= t.due:
                self.add(
                    "R57E207",
                    ("milestones", i, "date"),
                    {"date": m.date, "start": t.start, "due": t.due},
                )
            if previous is not None:
                if m.date <= previous.date:
                    self.add(
                        "R57E208",
                        ("milestones", i, "date"),
                        {"date": m.date, "previous": previous.date},
                    )
                if m.planned_pct < previous.planned_pct:
                    self.add(
                        "R57E209",
                        ("milestones", i, "planned_pct"),
                        {"pct": m.planned_pct, "previous": previous.planned_pct},
                    )
            previous = m
        if "milestones" in dropped:
            pass  # the broken list was reported; "no milestones" would be a second report
        elif not t.milestones:
            self.add("R57W003", ("due",))
        elif t.milestones[-1].planned_pct < 100:
            self.add(
                "R57W005",
                ("milestones", len(t.milestones) - 1, "planned_pct"),
                {"pct": t.milestones[-1].planned_pct},
            )
        if "progress" not in dropped:
            self._progress(t, dropped)
        for i, b in enumerate(t.blockers):
            if b.lifted is not None and b.lifted < b.raised:
                self.add(
                    "R57E212", ("blockers", i, "lifted"), {"lifted": b.lifted, "raised": b.raised}
                )
            if b.kind in REGULATORY_KINDS and not b.ref:
                self.add("R57E218", ("blockers", i, "kind"), {"kind": b.kind})
        self.duplicates(
            ((b.id, ("blockers", i, "id")) for i, b in enumerate(t.blockers)), "id-blocker"
        )
        for i, r in enumerate(t.resources):
            if r.unit is None:
                self.add("R57E213", ("resources", i), {"request": r.id})
            if r.decided is not None and r.decided < r.asked:
                self.add(
                    "R57E220", ("resources", i, "decided"), {"decided": r.decided, "asked": r.asked}
                )
        self.duplicates(
            ((r.id, ("resources", i, "id")) for i, r in enumerate(t.resources)), "id-request"
        )
        for list_field in ("depends_on", "co_units"):
            seen: set[str] = set()
            for i, value in enumerate(getattr(t, list_field)):
                if value in seen:
                    self.add(
                        "R57E110",
                        (list_field, i),
                        {
                            "field": list_field,
                            "problem": phrase("duplicate-in-list", value=value),
                            "fix": phrase("fix-remove-dup"),
                        },
                    )
                seen.add(value)
        for i, dep in enumerate(t.depends_on):
            if dep == t.id:
                self.add("R57E217", ("depends_on", i), {"value": dep})

    def _progress(self, t: Task, dropped: frozenset[str] | set[str]) -> None:
        p = t.progress
        if p.status == "done":
            if p.pct != 100:
                self.add(
                    "R57E210", ("progress", "pct"), {"problem": phrase("pct-not-100", pct=p.pct)}
                )
            if p.completed is None:
                self.add("R57E210", ("progress", "status"), {"problem": phrase("no-completed")})
        else:
            if p.pct == 100:
                self.add(
                    "R57E211",
                    ("progress", "pct"),
                    {"problem": phrase("pct-is-100"), "status": p.status},
                )
            if p.completed is not None:
                self.add(
                    "R57E211",
                    ("progress", "completed"),
                    {"problem": phrase("has-completed"), "status": p.status},
                )
        if p.status == "not_started" and p.pct > 0:
            self.add("R57E219", ("progress", "pct"), {"pct": p.pct})
        if p.completed is not None and p.completed < t.start and "start" not in dropped:
            self.add(
                "R57E221", ("progress", "completed"), {"completed": p.completed, "start": t.start}
            )

    # ------------------------------------------------------------------------- units

    def units_facts(self) -> dict[str, Any]:
        """Unit and person IDs, and the rules of units.yaml, read from the raw mapping with
        type guards: a typo in one e-mail must not switch off every unit and person check."""
        entries = _dicts(self.loaded.data.get("units"))
        ids = [(u_id, ("units", i, "id")) for i, u in entries if (u_id := _str(u, "id"))]
        members = [(i, j, m) for i, u in entries for j, m in _dicts(u.get("members"))]
        self.duplicates(ids, "id-unit")
        self.duplicates(
            ((p, ("units", i, "members", j, "id")) for i, j, m in members if (p := _str(m, "id"))),
            "id-person",
        )
        self.duplicates(
            (
                (e, ("units", i, "members", j, "emails", k))
                for i, j, m in members
                for k, e in enumerate(m.get("emails") or [])
                if isinstance(e, str)
            ),
            "id-email",
            fold=str.lower,
        )
        unit_ids = {u_id for u_id, _ in ids}
        for i, u in entries:
            own = {p for m_i, _j, m in members if m_i == i and (p := _str(m, "id"))}
            for role in ("leader", "focal"):
                person = _str(u, role)
                if person is not None and person not in own:
                    self.add(
                        "R57E216",
                        ("units", i, role),
                        {"role": phrase(role), "value": person, "unit": _str(u, "id") or "?"},
                    )
            parent = _str(u, "parent")
            if parent is not None and parent not in unit_ids:
                self.add("R57E201", ("units", i, "parent"), {"value": parent, "suggestion": ""})
        self._parent_cycles(entries)
        return {
            "kind": "units",
            "units": sorted(unit_ids),
            "persons": sorted({p for _i, _j, m in members if (p := _str(m, "id"))}),
        }

    def _parent_cycles(self, entries: list[tuple[int, dict[str, Any]]]) -> None:
        parent: dict[str, str | None] = {}
        index: dict[str, int] = {}
        for i, u in entries:
            u_id = _str(u, "id")
            if u_id is not None and u_id not in parent:
                parent[u_id], index[u_id] = _str(u, "parent"), i
        reported: set[str] = set()
        for start in parent:
            chain: list[str] = []
            node: str | None = start
            while node is not None and node in parent and node not in chain:
                chain.append(node)
                node = parent[node]
            if node is not None and node in chain:
                cycle = chain[chain.index(node) :]
                if not reported.intersection(cycle):
                    reported.update(cycle)
                    first = min(cycle, key=index.__getitem__)
                    k = cycle.index(first)
                    ordered = cycle[k:] + cycle[:k] + [first]
                    self.add(
                        "R57E215", ("units", index[first], "parent"), {"cycle": " → ".join(ordered)}
                    )

    # ------------------------------------------------------------------------- plan

    def plan_facts(self) -> dict[str, Any]:
        """Language, week start and holidays, read with type guards like units_facts."""
        data = self.loaded.data
        holidays: dict[str, dict[str, str]] = {}
        dated: list[tuple[str, PathKey]] = []
        for i, h in _dicts(data.get("holidays")):
            day = h.get("date")
            if not _is_date(day):
                continue
            iso = day.isoformat()
            dated.append((iso, ("holidays", i, "date")))
            raw_name = h.get("name")
            name: dict[str, Any] = raw_name if isinstance(raw_name, dict) else {}
            english = _str(name, "en") or iso
            holidays.setdefault(iso, {"en": english, "vi": _str(name, "vi") or english})
        self.duplicates(dated, "id-holiday")
        language = data.get("language", "vi")
        return {
            "kind": "plan",
            "language": language if language in ("en", "vi") else None,
            "week_start": _str(data, "week_start") or "monday",
            "holidays": holidays,
        }


def _dicts(value: Any) -> list[tuple[int, dict[str, Any]]]:
    """(index, item) for the mapping items of a list; anything else yields nothing."""
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


def _str(mapping: dict[str, Any], key: str) -> str | None:
    value = mapping.get(key)
    return value if isinstance(value, str) else None


__all__ = ["FileResult", "check_file", "file_kind", "schema_pointer", "load"]
