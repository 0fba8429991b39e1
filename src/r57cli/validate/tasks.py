"""A task file's own rules (dates, milestones, progress, blockers, requests) and the facts
that cross-file checks need from it, read so that one broken field hides nothing else."""

from __future__ import annotations

import copy
import re
from datetime import date
from pathlib import PurePosixPath
from typing import Any

from pydantic import ValidationError

from r57cli.locale.messages import phrase
from r57cli.plan.model import (
    DECIDED_STATUSES,
    REGULATORY_KINDS,
    TASK_ID_PATTERN,
    Reschedule,
    Task,
)
from r57cli.plan.schedule import schedule_parts, show_part
from r57cli.validate.checker import Checker, is_date
from r57cli.validate.schema import model_at

_TASK_ID = re.compile(TASK_ID_PATTERN)


def _is_id(value: Any) -> bool:
    return isinstance(value, str) and _TASK_ID.match(value) is not None


class TaskChecker(Checker):
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
        asked = [
            (self.ref(r["unit"], ("resources", i, "unit")), r.get("status", "open") == "open")
            for i, r in items("resources")
            if isinstance(r, dict) and isinstance(r.get("unit"), str)
        ]
        units += [ref for ref, still_open in asked if still_open]
        # A decided request is history: it may name a unit merged since (docs/units.md).
        history = [ref for ref, still_open in asked if not still_open]
        persons = [
            self.ref(r["by"], ("reschedules", i, "by"))
            for i, r in items("reschedules")
            if isinstance(r, dict) and isinstance(r.get("by"), str)
        ]
        responsible = data.get("responsible")
        due = data.get("due")
        progress = data.get("progress")
        completed = progress.get("completed") if isinstance(progress, dict) else None
        return {
            "kind": "task",
            "valid": False,
            "id": self.ref(task_id, ("id",)),
            "due": self.ref(due.isoformat(), ("due",)) if is_date(due) else None,
            "units": units,
            "past_units": history,
            "persons": (
                [self.ref(responsible, ("responsible",))] if isinstance(responsible, str) else []
            )
            + persons
            + self._confirmer(progress),
            "depends": [
                self.ref(d, ("depends_on", i))
                for i, d in items("depends_on")
                if _is_id(d) and d != task_id
            ],
            "milestones": [
                self.ref(m["date"].isoformat(), ("milestones", i, "date"))
                for i, m in items("milestones")
                if isinstance(m, dict) and is_date(m.get("date"))
            ],
            # Regulation references, judged in the plan's language (validate/regrefs.py).
            "refs": [
                self.ref(b["ref"], ("blockers", i, "ref"))
                for i, b in items("blockers")
                if isinstance(b, dict) and isinstance(b.get("ref"), str)
            ],
            # Judged against today by the cross-file checks, which run every day afresh.
            "completed": self.ref(completed.isoformat(), ("progress", "completed"))
            if is_date(completed)
            else None,
        }

    def _confirmer(self, progress: Any) -> list[Any]:
        who = progress.get("confirmed_by") if isinstance(progress, dict) else None
        return [self.ref(who, ("progress", "confirmed_by"))] if isinstance(who, str) else []

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
            if b.raised < t.start and "start" not in dropped:
                self.add(
                    "R57W010",
                    ("blockers", i, "raised"),
                    {"blocker": b.id, "raised": b.raised, "start": t.start},
                )
            if b.kind in REGULATORY_KINDS and not b.ref:
                self.add("R57E218", ("blockers", i, "kind"), {"kind": b.kind})
            if b.lifted is None and t.progress.status == "done" and "progress" not in dropped:
                self.add("R57E222", ("blockers", i, "id"), {"blocker": b.id})
        self.duplicates(
            ((b.id, ("blockers", i, "id")) for i, b in enumerate(t.blockers)), "id-blocker"
        )
        for i, r in enumerate(t.resources):
            if r.unit is None and r.kind == "resources":
                self.add("R57E213", ("resources", i), {"request": r.id})
            if r.kind == "extension" and r.due is None:
                self.add("R57E230", ("resources", i), {"request": r.id})
            if r.decided is None and r.status in DECIDED_STATUSES:
                self.add(
                    "R57E224", ("resources", i, "status"), {"request": r.id, "status": r.status}
                )
            if r.decided is not None and r.decided < r.asked:
                self.add(
                    "R57E220", ("resources", i, "decided"), {"decided": r.decided, "asked": r.asked}
                )
        self.duplicates(
            ((r.id, ("resources", i, "id")) for i, r in enumerate(t.resources)), "id-request"
        )
        if "reschedules" not in dropped:
            self._reschedules(t, dropped)
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

    def _reschedules(self, t: Task, dropped: frozenset[str] | set[str]) -> None:
        """The record of approved reschedules agrees with itself and with the schedule: each
        entry starts where the one before it ended, and the task's start, due and
        milestones are what the last entry that named them set."""
        approved: dict[str, tuple[Any, str]] = {}
        extensions = {r.id for r in t.resources if r.kind == "extension"}
        previous: Reschedule | None = None
        for i, entry in enumerate(t.reschedules):
            before, after = schedule_parts(entry.before), schedule_parts(entry.after)
            if not after or before.keys() != after.keys() or before == after:
                self.add("R57E226", ("reschedules", i), {"reschedule": entry.id})
            for key in before.keys() & after.keys():
                if key in approved and approved[key][0] != before[key]:
                    self.add(
                        "R57E227",
                        ("reschedules", i, "before", key),
                        {
                            "reschedule": entry.id,
                            "field": key,
                            "value": show_part(before[key]),
                            "previous": approved[key][1],
                            "approved": show_part(approved[key][0]),
                        },
                    )
                approved[key] = (after[key], entry.id)
            if previous is not None and entry.date < previous.date:
                self.add(
                    "R57E228",
                    ("reschedules", i, "date"),
                    {"reschedule": entry.id, "date": entry.date, "previous": previous.id},
                )
            if entry.request is not None and entry.request not in extensions:
                self.add(
                    "R57E229",
                    ("reschedules", i, "request"),
                    {"reschedule": entry.id, "request": entry.request},
                )
            previous = entry
        current = schedule_parts(t)
        for key, (value, entry_id) in approved.items():
            if key not in dropped and current.get(key) != value:
                self.add(
                    "R57E225",
                    (key,),
                    {
                        "field": key,
                        "value": show_part(current.get(key)),
                        "reschedule": entry_id,
                        "approved": show_part(value),
                    },
                )
        self.duplicates(
            ((s.id, ("reschedules", i, "id")) for i, s in enumerate(t.reschedules)),
            "id-reschedule",
        )

    def _progress(self, t: Task, dropped: frozenset[str] | set[str]) -> None:
        p = t.progress
        if p.recorded is not None and p.completed is not None and p.recorded < p.completed:
            self.add(
                "R57E231",
                ("progress", "recorded"),
                {"recorded": p.recorded, "completed": p.completed},
            )
        if p.completed is not None and p.completed < t.start and "start" not in dropped:
            self.add(
                "R57E221", ("progress", "completed"), {"completed": p.completed, "start": t.start}
            )
        if "progress.status" in dropped:
            return  # its default would only raise follow-on errors (not started, yet 40%)
        if p.status == "done":
            if p.pct != 100 and "progress.pct" not in dropped:
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

    # ------------------------------------------------------------------------- units


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
    ("reschedules", "id"): "S-0",
    ("reschedules", "reason"): "-",
    ("reschedules", "by"): "x",
}


def salvage(data: dict[str, Any], error: ValidationError) -> tuple[Task | None, set[str]]:
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
                if len(loc) == 2:
                    # Its default stands in ("progress.pct"): rules on it would judge the 0.
                    dropped.add(f"{top}.{leaf}")
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
