"""The national report from the members' own reports: every task, blocker and request of
every member under its member's name (IDs as member/ID), the unit table computed again over
all the tasks (report/compute.group_rows: the same figures as one plan's), and the trend
summed member by member. A member's figures are never changed, only renamed."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from r57cli.history.periods import Period
from r57cli.report.changes import Changes, UnitChange
from r57cli.report.compute import group_rows
from r57cli.report.period import MOVES_TOP, PeriodReport, Report_, TaskRow, UnitRow
from r57cli.report.synthesis import Synthesis

SEP = "/"


def tag(member: str, value: str) -> str:
    return f"{member}{SEP}{value}" if value else value


def _retag_reports(items: list[Report_], member: str) -> list[Report_]:
    return [dataclasses.replace(r, task=tag(member, r.task)) for r in items]


def _retag_longest(x: Any, member: str) -> Any:
    return dataclasses.replace(x, id=tag(member, x.id), task=tag(member, x.task))


def rename(rep: PeriodReport, member: str) -> None:
    """Every task and unit ID of `rep` prefixed with `member`, in place (rows are shared
    between its lists, so each is renamed once)."""
    seen: set[int] = set()

    def row(r: TaskRow) -> None:
        if id(r) in seen:
            return
        seen.add(id(r))
        r.id, r.unit = tag(member, r.id), tag(member, r.unit)
        r.responsible = tag(member, r.responsible)
        r.responsible_name = f"{r.responsible_name} ({member})"  # one name, several members
        r.reports = _retag_reports(r.reports, member)
        if r.last_report is not None:
            r.last_report = dataclasses.replace(r.last_report, task=r.id)

    for r in rep.tasks:
        row(r)
    for group in (rep.finished_early, rep.overdue, rep.delivered, rep.co_operated or []):
        for r in group:
            row(r)
    items: list[Any] = [*rep.blockers, *rep.requests, *rep.moves, *rep.extensions]
    for item in [*items, *rep.unapproved]:
        item.task, item.unit = tag(member, item.task), tag(member, item.unit)
    for req in rep.requests:
        req.asked_of = tag(member, req.asked_of)
    for nxt in rep.next_items:
        nxt.task, nxt.unit = tag(member, nxt.task), tag(member, nxt.unit)
    for u in rep.units:
        u.id = tag(member, u.id)
    rep.late_in_period = _retag_reports(rep.late_in_period, member)
    rep.late_after = _retag_reports(rep.late_after, member)
    rep.silent_units = [tag(member, u) for u in rep.silent_units]
    rep.silent_people = [tag(member, p) for p in rep.silent_people]
    rep.removed = [tag(member, t) for t in rep.removed]
    rep.unit_silence = [_retag_longest(x, member) for x in rep.unit_silence]
    rep.person_silence = [_retag_longest(x, member) for x in rep.person_silence]
    if isinstance(rep.changes, Changes):
        ch = rep.changes
        events: list[Any] = [*ch.status, *ch.completed, *ch.blockers, *ch.requests]
        for item in events:
            item.task, item.unit = tag(member, item.task), tag(member, item.unit)
        for uc in ch.units:
            uc.unit = tag(member, uc.unit)


def merge(
    parts: list[tuple[str, Synthesis]],
    names: dict[str, tuple[str, str]],
    group_of: Callable[[str], str],
    against: str,
) -> Synthesis:
    """One Synthesis over the members' (renamed) ones, for the renderers as they are."""
    mains = [syn.main for _, syn in parts]
    first = mains[0]
    period, ref = first.period, first.ref_day
    tasks = [r for m in mains for r in m.tasks]
    units, total = group_rows(tasks, names, group_of, period, ref, against)
    merged = PeriodReport(
        period=period,
        ref_day=ref,
        tasks=sorted(tasks, key=lambda r: r.id),
        units=units,
        total=total,
        blockers=[b for m in mains for b in m.blockers],
        requests=[q for m in mains for q in m.requests],
        finished_early=[r for m in mains for r in m.finished_early],
        overdue=sorted((r for m in mains for r in m.overdue), key=lambda r: (-r.days_late, r.id)),
        silent_units=sorted(u.id for u in units if u.active and not u.reported),
        silent_people=sorted(p for m in mains for p in m.silent_people),
        late_in_period=sorted(
            (r for m in mains for r in m.late_in_period), key=lambda r: (r.landed, r.task)
        ),
        late_after=sorted(
            (r for m in mains for r in m.late_after), key=lambda r: (r.landed, r.task)
        ),
        removed=sorted(t for m in mains for t in m.removed),
        history_from=max(m.history_from for m in mains),
        commit_start=None,
        commit_end=None,
        unreadable=sum(m.unreadable for m in mains),
        moves=[x for m in mains for x in m.moves],
        extensions=[x for m in mains for x in m.extensions],
        unapproved=[x for m in mains for x in m.unapproved],
        delivered=[r for m in mains for r in m.delivered],
        against=against,
        next_items=[x for m in mains for x in m.next_items],
        next_span=first.next_span,
        unit_silence=_longest([x for m in mains for x in m.unit_silence]),
        person_silence=_longest([x for m in mains for x in m.person_silence]),
    )
    merged.blockers.sort(key=lambda b: (b.ref_key or "~", b.kind, b.task, b.blocker))
    merged.changes = _changes(mains, merged)
    trend = _trend(parts, names, group_of)
    # The shown period's rows are the ones computed over its tasks, exactly (a sum of the
    # members' rounded averages could differ in the last digit from the table above).
    trend = [(p, total, units) if p == period else (p, t, u) for p, t, u in trend]
    tips = ",".join(f"{mid}@{syn.tip[:12]}" for mid, syn in parts)
    return Synthesis(merged, trend, parts[0][1].today, tips)


def _longest(items: list[Any]) -> list[Any]:
    return sorted(items, key=lambda x: (not x.at_least, -x.days, x.id))


def _changes(mains: list[PeriodReport], merged: PeriodReport) -> Changes | None:
    found = [m.changes for m in mains if isinstance(m.changes, Changes)]
    if not found:
        return None
    previous = next((c.previous for c in found if c.previous is not None), None)
    out = Changes(previous)
    for c in found:
        out.status.extend(c.status)
        out.completed.extend(c.completed)
        out.blockers.extend(c.blockers)
        out.requests.extend(c.requests)
    order = {g: i for i, g in enumerate(("newly_overdue", "newly_at_risk", "newly_blocked"))}
    out.status.sort(key=lambda s: (order.get(s.group, 9), s.group, s.unit, s.task))
    out.completed.sort(key=lambda d: (d.completed or d.due, d.task))
    moved = [m for c in found for m in c.movements]
    moved.sort(key=lambda r: (-abs(r.change or 0), r.id))
    out.movements = moved[:MOVES_TOP]
    for u in merged.units:
        out.units.append(
            UnitChange(u.id, u.avg_pct_start, u.avg_pct_end, None, u.rank or None, None, None)
        )
    return out


def _trend(
    parts: list[tuple[str, Synthesis]],
    names: dict[str, tuple[str, str]],
    group_of: Callable[[str], str],
) -> list[tuple[Period, UnitRow, list[UnitRow]]]:
    """Each period's total and group rows, from the members' own rows of that period."""
    by_period: dict[Period, list[UnitRow]] = {}
    for _member, syn in parts:
        for period, _total, rows in syn.trend:
            by_period.setdefault(period, []).extend(rows)
    out = []
    for period in sorted(by_period, key=lambda p: p.start):
        groups: dict[str, list[UnitRow]] = {}
        for row in by_period[period]:
            groups.setdefault(group_of(row.id), []).append(row)
        rows = [combine(g, *names.get(g, (g, g)), groups[g]) for g in sorted(groups)]
        out.append((period, combine("", "", "", by_period[period]), rows))
    return out


def combine(uid: str, en: str, vi: str, rows: list[UnitRow]) -> UnitRow:
    """Unit rows added up: counts summed, rates recomputed, averages weighted by each row's
    counted (not cancelled) tasks."""
    counts: dict[str, int] = {}
    for r in rows:
        for k, v in r.counts.items():
            counts[k] = counts.get(k, 0) + v
    weights = [r.tasks - r.counts.get("cancelled", 0) for r in rows]
    total_w = sum(weights)

    def mean(values: list[float]) -> float:
        return (
            round(sum(v * w for v, w in zip(values, weights, strict=True)) / total_w, 1)
            if total_w
            else 0.0
        )

    due = sum(r.due_or_done for r in rows)
    on_time = sum(r.on_time for r in rows)
    active = sum(r.active for r in rows)
    reported = sum(r.reported for r in rows)
    base_due = sum(r.due_or_done_baseline for r in rows)
    base_on = sum(r.on_time_baseline for r in rows)
    delays = [(r.avg_delay or 0.0) * r.due_or_done for r in rows]
    judged = sum(r.period_judged for r in rows)
    period_on = sum(r.period_on_time for r in rows)
    return UnitRow(
        id=uid,
        name_en=en,
        name_vi=vi,
        tasks=sum(r.tasks for r in rows),
        counts=counts,
        avg_pct_start=mean([r.avg_pct_start for r in rows]),
        avg_pct_end=mean([r.avg_pct_end for r in rows]),
        avg_planned=mean([r.avg_planned for r in rows]),
        done=sum(r.done for r in rows),
        due_or_done=due,
        on_time=on_time,
        on_time_rate=on_time / due if due else None,
        avg_delay=round(sum(delays) / due, 1) if due else None,
        active=active,
        reported=reported,
        reported_share=reported / active if active else None,
        due_or_done_baseline=base_due,
        on_time_baseline=base_on,
        on_time_rate_baseline=base_on / base_due if base_due else None,
        reschedules=sum(r.reschedules for r in rows),
        avg_change=mean([r.avg_change for r in rows]),
        no_report=sum(r.no_report for r in rows),
        period_judged=judged,
        period_on_time=period_on,
        period_on_time_rate=period_on / judged if judged else None,
    )
