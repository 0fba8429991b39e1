"""The gate's rules for unit commits: units.yaml gains or merges a unit only in a commit of
`r57 unit add` or `r57 unit merge` (their R57-Action trailer), by a person holding a role
that policy.edit_units_by names; and such a commit, by a person who is no admin, changes
units.yaml and moves the merged unit's tasks, nothing else. Pure, like rules.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from r57cli.gate.changes import TASK_PATH, FileChange, Step, Version
from r57cli.gate.people import Person, items

UNIT_ACTIONS = frozenset({"unit-add", "unit-merge"})
Add = Callable[..., None]  # _Run.add(code, path, raw, span, **args)


def _units(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        u["id"]: u
        for u in items(data.get("units"))
        if isinstance(u, dict) and isinstance(u.get("id"), str)
    }


def unit_edits(change: FileChange) -> tuple[list[str], list[str], Version | None]:
    """The units a change of units.yaml adds and the ones it merges, and its new version.
    A units.yaml created from nothing (a new plan: r57 init, import) adds none."""
    if change.old is None or change.new is None:
        return [], [], None
    old = _units(Version(change.path, change.old).data)
    new_version = Version(change.path, change.new)
    new = _units(new_version.data)
    if not old:
        return [], [], new_version  # the old one was unreadable: the validator judged it
    added = [u for u in new if u not in old]
    merged = [
        u
        for u, unit in new.items()
        if u in old
        and unit.get("merged_into")
        and unit.get("merged_into") != old[u].get("merged_into")
    ]
    return added, merged, new_version


def check_units(add: Add, step: Step, person: Person | None) -> None:
    """R57E323 for a hand edit that adds or merges a unit; R57E324 for a unit commit by
    someone without a role in policy.edit_units_by."""
    action = step.commit.trailers.get("R57-Action", "")
    change = next((c for c in step.changes if c.path == "units.yaml"), None)
    if change is not None:
        added, merged, version = unit_edits(change)
        # A unit commit adds, or merges, the one unit its trailer names; anything more
        # is a hand edit slipped into it.
        named = step.commit.trailers.get("R57-Unit", "")
        if action == "unit-add":
            added = [u for u in added if u != named]
        elif action == "unit-merge":
            merged = [u for u in merged if u != named]
        units = _units(version.data) if version is not None else {}
        listed = items(version.data.get("units")) if version is not None else []
        for unit_id, kind in [*((u, "add") for u in added), *((u, "merge") for u in merged)]:
            assert version is not None
            i = next(
                k for k, u in enumerate(listed) if isinstance(u, dict) and u.get("id") == unit_id
            )
            loc = ("units", i, "id") if kind == "add" else ("units", i, "merged_into")
            into = str(units[unit_id].get("merged_into") or "UNIT")
            add("R57E323", change.path, change.new, version.where(loc), unit=unit_id,
                kind=kind, into=into)  # fmt: skip
    if action in UNIT_ACTIONS and person is not None:
        allowed = step.access.edit_units_by
        if not person.roles & allowed:
            path = (
                change.path
                if change is not None
                else (step.changes[0].path if step.changes else "units.yaml")
            )
            raw = change.new if change is not None else None
            add("R57E324", path, raw, (1, 1, 1), person=person.name,
                roles=", ".join(sorted(allowed)) or "-", action=action)  # fmt: skip


def may_edit_units(
    step: Step, person: Person, change: FileChange, moved_from: FileChange | None
) -> bool:
    """Whether this change is what the unit commit that carries it does, by a person the
    policy lets do it: units.yaml itself; for a merge, a task file whose only edits are the
    unit's ID in unit:, co_units: and its requests (moved, if the merged unit owned it)."""
    action = step.commit.trailers.get("R57-Action", "")
    if action not in UNIT_ACTIONS or not person.roles & step.access.edit_units_by:
        return False
    if change.path == "units.yaml":
        return True
    if action != "unit-merge" or TASK_PATH.match(change.path) is None:
        return False
    old_unit = step.commit.trailers.get("R57-Unit", "")
    into = step.commit.trailers.get("R57-Into", "")
    source = moved_from or change
    if source.old is None or change.new is None:
        return False  # a task made or removed; the move's removal is judged where it lands
    before = Version(source.path, source.old).data
    after = Version(change.path, change.new).data
    return (
        bool(old_unit)
        and bool(into)
        and _renamed(before, old_unit, into) == _renamed(after, old_unit, into)
    )


def _renamed(data: dict[str, Any], old: str, into: str) -> Any:
    """The task with the old unit's ID read as the new one's, and co_units as a set
    without its owner: what a merge leaves equal."""
    out = dict(data)
    if out.get("unit") == old:
        out["unit"] = into
    owner = out.get("unit")
    co = {into if u == old else u for u in items(out.get("co_units")) if isinstance(u, str)}
    out["co_units"] = sorted(co - {owner})
    out["resources"] = [
        {**r, "unit": into} if isinstance(r, dict) and r.get("unit") == old else r
        for r in items(out.get("resources"))
    ]
    return out
