"""What a report covers and how it groups units: the scope from --unit, --person and
--rollup, the unit directory of units.yaml, and the functions that keep tasks and group
units by it (report/synthesis.py puts the report together with them)."""

from __future__ import annotations

from collections.abc import Callable

from r57cli.plan.taskfacts import TaskFacts
from r57cli.plan.workspace import Workspace
from r57cli.report.period import UnitInfo
from r57cli.report.scope import Scope

__all__ = ["Scope", "co_keeper", "directory", "grouper", "keeper"]


def directory(
    ws: Workspace,
) -> tuple[dict[str, UnitInfo], dict[str, str], dict[str, str | None]]:
    units: dict[str, UnitInfo] = {}
    people: dict[str, str] = {}
    parents: dict[str, str | None] = {}
    for u in ws.units_data:
        uid = u.get("id")
        if not isinstance(uid, str):
            continue
        name = u.get("name")
        name = name if isinstance(name, dict) else {}
        parent = u.get("parent") if isinstance(u.get("parent"), str) else None
        units[uid] = UnitInfo(uid, str(name.get("en", uid)), str(name.get("vi", uid)), parent)
        parents[uid] = parent
        for m in u.get("members") or []:
            if isinstance(m, dict) and isinstance(m.get("id"), str):
                people.setdefault(m["id"], str(m.get("name", m["id"])))
    return units, people, parents


def keeper(scope: Scope) -> Callable[[TaskFacts], bool]:
    units, persons = scope.units, scope.persons

    def keep(task: TaskFacts) -> bool:
        return (units is None or task.unit in units) and (
            persons is None or task.responsible in persons
        )

    return keep


def co_keeper(scope: Scope) -> Callable[[TaskFacts], bool] | None:
    """With --unit: another unit's task that lists one of the units among its co_units
    (the --person filter still applies). None without --unit."""
    units, persons = scope.units, scope.persons
    if units is None:
        return None

    def co(task: TaskFacts) -> bool:
        return (
            task.unit not in units
            and not units.isdisjoint(task.co_units)
            and (persons is None or task.responsible in persons)
        )

    return co


def grouper(scope: Scope, parents: dict[str, str | None]) -> Callable[[str], str]:
    """Roll-up: each unit counts under its ancestor just below `rollup_under`, or just
    below the root when that is "" (the root itself would be one row); a unit not below
    it stays itself."""
    top = scope.rollup_under
    if top is None:
        return lambda unit: unit

    def group(unit: str) -> str:
        path = [unit]
        seen = {unit}
        while (parent := parents.get(path[-1])) is not None and parent not in seen:
            path.append(parent)
            seen.add(parent)
        if top == "":
            return path[-2] if len(path) >= 2 else path[-1]
        if top in path:
            at = path.index(top)
            return path[at - 1] if at >= 1 else top
        return unit

    return group
