"""What a report covers and how it groups units: the scope from --unit, --person and
--rollup, the unit directory of units.yaml, and the functions that keep tasks and group
units by it (report/synthesis.py puts the report together with them)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from r57cli.plan.taskfacts import TaskFacts
from r57cli.plan.workspace import Workspace
from r57cli.report.period import PeriodInput, UnitInfo
from r57cli.report.scope import Scope

__all__ = ["Scope", "co_keeper", "directory", "grouper", "holder_of", "keeper"]


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
        into = u.get("merged_into") if isinstance(u.get("merged_into"), str) else None
        on = u.get("merged_on")
        on = on if isinstance(on, date) and not isinstance(on, datetime) else None
        en, vi = str(name.get("en", uid)), str(name.get("vi", uid))
        units[uid] = UnitInfo(uid, en, vi, parent, into if on else None, on if into else None)
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


def holder_of(inp: PeriodInput) -> Callable[[str], str]:
    """The row a task's unit (as the plan said at the period's end) counts under: a unit
    merged by the period's last day counts under the unit it was merged into (and that
    one's, if merged in turn), so that a merge recorded late, or by hand without moving the
    tasks, still rolls in from its merged_on on, and never before."""
    last = inp.period.last_day

    def holder(unit: str) -> str:
        seen = {unit}
        info = inp.units.get(unit)
        while info is not None and info.merged_into and info.merged_on and info.merged_on <= last:
            if info.merged_into in seen:
                break  # a circle: validate reports it (R57E236)
            unit = info.merged_into
            seen.add(unit)
            info = inp.units.get(unit)
        return inp.group_of(unit)

    return holder
