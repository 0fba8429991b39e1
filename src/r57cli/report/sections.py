"""The lists of a period report that follow its rows: open blockers, open resource
requests, and the people who did not report (split from compute.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from r57cli.plan.regref import ref_key
from r57cli.plan.taskfacts import Request, TaskFacts
from r57cli.report.period import KIND_ORDER, BlockerItem, RequestItem, TaskRow
from r57cli.report.silence import Longest, Silence, longest


def blockers(rows: list[TaskRow], end: dict[str, TaskFacts], ref: date) -> list[BlockerItem]:
    items = []
    for row in rows:
        if row.status == "cancelled":
            continue
        for b in end[row.id].blockers:
            if b.lifted is None:
                items.append(
                    BlockerItem(
                        kind=b.kind,
                        ref=b.ref,
                        task=row.id,
                        unit=row.unit,
                        blocker=b.id,
                        description=b.description,
                        raised=b.raised,
                        days_open=(ref - b.raised).days if b.raised else None,
                    )
                )
    shown: dict[str, str] = {}
    for item in sorted(items, key=lambda b: (b.task, b.blocker)):  # first: by task ID
        item.ref_key = ref_key(item.ref) if item.ref else ""
        item.ref_shown = shown.setdefault(item.ref_key, item.ref) if item.ref else ""
    order = {k: i for i, k in enumerate(KIND_ORDER)}
    items.sort(
        key=lambda b: (
            order.get(b.kind, len(order)),
            b.kind,
            b.ref == "",
            b.ref_shown,
            b.ref_key,
            b.task,
        )
    )
    return items


def requests(rows: list[TaskRow], end: dict[str, TaskFacts], ref: date) -> list[RequestItem]:
    items = []
    for row in rows:
        for r in end[row.id].requests:
            if r.status == "open" and r.kind != "extension":  # those: report/slip.py
                items.append(_item(row.id, row.unit, r, ref))
    return _by_age(items)


def silent_people(rows: list[TaskRow]) -> list[str]:
    """People responsible for tasks due to report, none of which was reported."""
    active: dict[str, bool] = {}
    for r in rows:
        if r.expected:
            active[r.responsible] = active.get(r.responsible, False) or bool(r.reports)
    return sorted(p for p, reported in active.items() if not reported)


def silence_of(rows: list[TaskRow], key: Callable[[TaskRow], str]) -> list[Longest]:
    """The longest silence of each group's open tasks (a unit's, a person's)."""
    groups: dict[str, list[tuple[str, Silence, bool]]] = {}
    for r in rows:
        if r.silence is not None:
            groups.setdefault(key(r), []).append((r.id, r.silence, bool(r.reports)))
    return longest(groups)


def waiting_on(
    end: dict[str, TaskFacts], units: set[str] | None, ref: date
) -> list[RequestItem] | None:
    """Open resource requests of other units' tasks addressed to `units` (`--unit`): what
    is waiting on the unit. Extension requests are for coordinators, not the asked unit."""
    if units is None:
        return None
    items = []
    for task_id in sorted(end):
        task = end[task_id]
        if task.unit in units or task.status == "cancelled":
            continue
        for r in task.requests:
            if r.status == "open" and r.kind != "extension" and r.unit in units:
                items.append(_item(task_id, task.unit, r, ref))
    return _by_age(items)


def _item(task: str, unit: str, r: Request, ref: date) -> RequestItem:
    return RequestItem(
        task=task,
        unit=unit,
        request=r.id,
        asked_of=r.unit,
        need=r.need,
        amount=r.amount,
        asked=r.asked,
        days_open=(ref - r.asked).days if r.asked else None,
    )


def _by_age(items: list[RequestItem]) -> list[RequestItem]:
    """The oldest request first."""
    return sorted(items, key=lambda r: (r.asked or date.min, r.task, r.request))
