"""Pure computation of a period report from history records (its model is in
report/period.py): each task's figures and status class, each unit's results and rank,
and the sections coordinators send up.

No git and no I/O: everything comes in as `PeriodInput`, with an explicit `today`, so the
same input always gives the same report. The rules are in docs/report.md ("Status classes").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, tzinfo

from r57cli.history.landed import LandedCommit
from r57cli.history.periods import Period
from r57cli.plan.taskfacts import TaskFacts
from r57cli.report import nextplan, ranking, slip
from r57cli.report.period import (
    PeriodInput,
    PeriodReport,
    Report_,
    TaskRow,
    UnitRow,
)
from r57cli.report.reporting import is_report
from r57cli.report.scoping import holder_of
from r57cli.report.sections import blockers, requests, silence_of, silent_people, waiting_on
from r57cli.report.taskrow import classify as classify  # what a task's class is, for tests
from r57cli.report.taskrow import planned_pct as planned_pct
from r57cli.report.taskrow import report_mark, row_key, steady_window, task_row

# ---------------------------------------------------------------------------- reports


def _report_date(c: LandedCommit, zone: tzinfo) -> tuple[date, datetime]:
    recorded = datetime.fromisoformat(c.commit.authored).astimezone(zone)
    text = c.commit.trailers.get("R57-Date", "")
    try:
        day = date.fromisoformat(text) if len(text) == 10 else recorded.date()
    except ValueError:
        day = recorded.date()
    return day, recorded


def _reports(
    commits: list[LandedCommit],
    zone: tzinfo,
    counts: Callable[[LandedCommit, str], bool],
    lands: list[int] | None = None,
) -> list[Report_]:
    """The reports the commits make; `lands` gets each one's landing time in epoch seconds
    (cheaper to compare than its `landed`, a datetime)."""
    out = []
    for c in commits:
        day, recorded = _report_date(c, zone)
        body, trailers = c.commit.body, c.commit.trailers
        note = body.rpartition("\n\n")[0] if trailers else body
        if trailers and "\n\n" not in body:
            note = ""  # the body is only the trailer block
        landed = datetime.fromtimestamp(c.landed, zone)
        for task in c.task_ids:
            if not counts(c, task):
                continue  # a coordinator's decision on the task, not its unit's report
            out.append(
                Report_(
                    task=task,
                    sha=c.commit.sha,
                    report_date=day,
                    recorded=recorded,
                    landed=landed,
                    author=c.commit.author,
                    email=c.commit.email,
                    note=note.strip(),
                    action=trailers.get("R57-Action", "edit"),
                    pct=trailers.get("R57-Pct", ""),
                    backdated=c.backdated,
                    next_plan=trailers.get("R57-Next", ""),
                )
            )
            if lands is not None:
                lands.append(c.landed)
    return out


def _counter(inp: PeriodInput) -> Callable[[LandedCommit, str], bool]:
    """Whether a commit is a report on a task (report/reporting.py), by the task's unit."""

    def counts(c: LandedCommit, task: str) -> bool:
        facts = inp.end.get(task)
        return is_report(c, facts.unit if facts is not None else None, inp.members)

    return counts


# ---------------------------------------------------------------------------- the period


def build(inp: PeriodInput) -> PeriodReport:
    period = inp.period
    ref = period.ref_day(inp.today)
    start_ts = period.start.timestamp()
    lands: list[int] = []
    all_reports = _reports(inp.commits, inp.zone, _counter(inp), lands)
    by_task: dict[str, list[Report_]] = {}
    in_by_task: dict[str, list[Report_]] = {}  # ... those that landed in the period
    marks: dict[str, list[str]] = {}  # ... as each row's key names them (taskrow.row_key)
    for r, landed in zip(all_reports, lands, strict=True):
        by_task.setdefault(r.task, []).append(r)
        if landed >= start_ts:
            in_by_task.setdefault(r.task, []).append(r)
        if inp.reuse is not None:
            marks.setdefault(r.task, []).append(report_mark(r, landed))

    rows: list[TaskRow] = []
    # Rows by task with their inputs' key, when the caller keeps them (report/taskrow.py).
    memo: dict[str, tuple[str, TaskRow]] | None = {} if inp.reuse is not None else None
    computed = 0
    judged: dict[str, slip.Judged] = {}
    co_ids: set[str] = set()  # tasks --unit co-operates on
    for task_id in sorted(inp.end):
        filed = inp.end[task_id]
        if not inp.keep_task(filed):
            if inp.co_task is None or not inp.co_task(filed):
                continue
            co_ids.add(task_id)  # listed apart below, out of every figure
        before = inp.start.get(task_id)
        # Judged against the approved due, and a claimed completion by its recording day.
        judged[task_id] = j = slip.judge(filed, before)
        history = by_task.get(task_id, [])
        in_period = in_by_task.get(task_id, [])
        if memo is None:
            if inp.steady is not None and filed.status in _STEADY and not history:
                rows.append(_steady_row(task_id, filed, before, j, inp, ref))
            else:
                rows.append(task_row(task_id, filed, before, j, history, in_period, inp, ref))
            continue
        key = row_key(task_id, inp, marks.get(task_id, []))
        got = inp.reuse.get(task_id) if key and inp.reuse is not None else None
        if got is not None and got[0] == key and got[1].id == task_id:
            row = got[1]  # decoded for this run: its lists are its own
            row.reports = in_period
            row.last_report = history[-1] if history else None
        else:
            row = task_row(task_id, filed, before, j, history, in_period, inp, ref)
            computed += 1
        rows.append(row)
        if key:
            memo[task_id] = (key, row)

    co_rows = [r for r in rows if r.id in co_ids]
    rows = [r for r in rows if r.id not in co_ids]
    units = _unit_rows(rows, inp, ref)
    total = _unit_row("", "", "", rows, inp.start, ref, period)
    ranking.fill_period(total, rows, period, ref, inp.against)
    removed = sorted(t.id for t in inp.start.values() if t.id not in inp.end and inp.keep_task(t))
    report = PeriodReport(
        period=period,
        ref_day=ref,
        tasks=rows,
        units=units,
        total=total,
        blockers=[],
        requests=[],
        finished_early=[],
        overdue=sorted(
            (r for r in rows if r.status == "overdue"), key=lambda r: (-r.days_late, r.id)
        ),
        silent_units=sorted(u.id for u in units if u.active and not u.reported),
        silent_people=[],
        late_in_period=[],
        late_after=[],
        removed=removed,
        against=inp.against,
        co_operated=co_rows if inp.co_task is not None else None,
        row_memo=memo,
        rows_computed=computed if memo is not None else len(rows) + len(co_rows),
    )
    if inp.sections:
        _sections(report, inp, judged)
    return report


def _steady_row(
    task_id: str,
    filed: TaskFacts,
    before: TaskFacts | None,
    j: slip.Judged,
    inp: PeriodInput,
    ref: date,
) -> TaskRow:
    """The row of a task done or not started with no report read, taken from an earlier
    period of the trend when both saw the same versions and both days are in the window
    over which the day does not move it (taskrow.steady_window)."""
    assert inp.steady is not None
    end = inp.end_blobs.get(task_id, "")
    key = (task_id, end, inp.start_blobs.get(task_id, "-") if before is not None else "")
    got = inp.steady.get(key) if end else None
    if got is not None and got[0] < ref < got[1]:
        return got[2]
    row = task_row(task_id, filed, before, j, [], [], inp, ref)
    window = steady_window(j.task, j.baseline_due)
    if end and window is not None and window[0] < ref < window[1]:
        inp.steady[key] = (*window, row)
    return row


_STEADY = frozenset({"done", "not_started"})  # the statuses with a steady window


def _sections(report: PeriodReport, inp: PeriodInput, judged: dict[str, slip.Judged]) -> None:
    """The lists a coordinator reads, which only the period shown needs: the trend's
    periods and the one "what changed" compares with keep figures and classes alone."""
    rows, period, ref = report.tasks, report.period, report.ref_day
    kept = {r.id for r in rows}
    report.late_after = sorted(
        (
            r
            for r in _reports(inp.late_after, inp.zone, _counter(inp))
            if period.contains(r.report_date) and r.task in kept
        ),
        key=lambda r: (r.landed, r.task),
    )
    report.blockers = blockers(rows, inp.end, ref)
    report.requests = requests(rows, inp.end, ref)
    report.finished_early = [
        r for r in rows if r.status == "done_early" and r.completed and period.contains(r.completed)
    ]
    report.silent_people = silent_people(rows)
    report.late_in_period = sorted(
        (r for row in rows for r in row.reports if r.report_date < period.first_day),
        key=lambda r: (r.landed, r.task),
    )
    report.moves = slip.moves(rows, inp.end, period, inp.people)
    report.extensions = slip.extensions(rows, inp.end, period)
    report.unapproved = slip.unapproved(rows, judged)
    report.delivered = slip.delivered(rows, period)
    report.next_items = nextplan.items(rows, {k: j.task for k, j in judged.items()}, period)
    report.next_span = nextplan.next_span(period)
    holder = holder_of(inp)
    report.unit_silence = silence_of(rows, lambda r: holder(r.unit))
    report.person_silence = silence_of(rows, lambda r: r.responsible)
    report.waiting = waiting_on(inp.end, inp.asked_units, ref)


def _unit_rows(rows: list[TaskRow], inp: PeriodInput, ref: date) -> list[UnitRow]:
    groups: dict[str, list[TaskRow]] = {}
    holder = holder_of(inp)
    for row in rows:
        groups.setdefault(holder(row.unit), []).append(row)
    out = []
    for unit_id in sorted(groups):
        info = inp.units.get(unit_id)
        out.append(
            _unit_row(
                unit_id,
                info.name_en if info else unit_id,
                info.name_vi if info else unit_id,
                groups[unit_id],
                inp.start,
                ref,
                inp.period,
            )
        )
        ranking.fill_period(out[-1], groups[unit_id], inp.period, ref, inp.against)
    ranking.rank(
        out, inp.against, ranking.key if inp.against == "current" else ranking.key_baseline
    )
    return out


def group_rows(
    rows: list[TaskRow],
    names: Mapping[str, tuple[str, str]],
    group_of: Callable[[str], str],
    period: Period,
    ref: date,
    against: str,
) -> tuple[list[UnitRow], UnitRow]:
    """The unit rows (grouped by `group_of` of each task's unit, named from `names`), ranked,
    and the total row, of task rows already computed: what the national synthesis
    (federation/merge.py) makes of its members' tasks, with the same figures as build()."""
    groups: dict[str, list[TaskRow]] = {}
    for row in rows:
        groups.setdefault(group_of(row.unit), []).append(row)
    out = []
    for gid in sorted(groups):
        en, vi = names.get(gid, (gid, gid))
        out.append(_unit_row(gid, en, vi, groups[gid], {}, ref, period))
        ranking.fill_period(out[-1], groups[gid], period, ref, against)
    ranking.rank(out, against, ranking.key if against == "current" else ranking.key_baseline)
    total = _unit_row("", "", "", rows, {}, ref, period)
    ranking.fill_period(total, rows, period, ref, against)
    return out, total


def _unit_row(
    unit_id: str,
    name_en: str,
    name_vi: str,
    rows: list[TaskRow],
    start: dict[str, TaskFacts],
    ref: date,
    period: Period,
) -> UnitRow:
    counted = [r for r in rows if r.status != "cancelled"]
    existed = [r for r in counted if r.pct_start is not None]
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.status] = counts.get(r.status, 0) + 1
    # Delivery is judged on every task that is done or past due by the reference day.
    judged = [r for r in counted if r.status.startswith("done_") or r.status == "overdue"]
    on_time = sum(1 for r in judged if r.status in ("done_early", "done_on_time"))
    active = [r for r in counted if r.expected]
    reported = sum(1 for r in active if r.reports)
    by_baseline = [r for r in counted if r.baseline_late is not None]
    on_baseline = sum(1 for r in by_baseline if not r.baseline_late)
    return UnitRow(
        id=unit_id,
        name_en=name_en,
        name_vi=name_vi,
        tasks=len(rows),
        counts=counts,
        # At the start: the tasks that existed then. A task added in the period is no change.
        avg_pct_start=_mean([r.pct_start for r in existed if r.pct_start is not None]),
        avg_pct_end=_mean([r.pct_end for r in counted]),
        avg_planned=_mean([r.planned_pct_end for r in counted]),
        done=sum(1 for r in counted if r.status.startswith("done_")),
        due_or_done=len(judged),
        on_time=on_time,
        on_time_rate=on_time / len(judged) if judged else None,
        avg_delay=_mean([r.days_late for r in judged]) if judged else None,
        active=len(active),
        reported=reported,
        reported_share=reported / len(active) if active else None,
        due_or_done_baseline=len(by_baseline),
        on_time_baseline=on_baseline,
        on_time_rate_baseline=on_baseline / len(by_baseline) if by_baseline else None,
        reschedules=sum(r.reschedules for r in rows),
        # The same tasks at both ends (without new tasks: end average - start average).
        no_report=sum(1 for r in rows if "stale" in r.flags),
        avg_change=_mean([r.pct_end for r in existed])
        - _mean([r.pct_start for r in existed if r.pct_start is not None]),
    )


def _mean(values: list[int]) -> float:
    return round(sum(values) / len(values), 1) if values else 0.0
