"""One task's row of a period report: its figures, status class and flags
(compute.build's loop), and the key of everything the row is made from, so that a run can
take the row of a task whose inputs did not change from the last run of the same period.

After one new commit a national week has 10,000 tasks and one changed: the history engine
reads only that commit's blobs, and compute.build then takes 9,999 rows from the rows kept
by the last run (report/synthesis.py keeps them in the history cache, docs/cache.md). A row
is a pure function of its task's version at the start and at the end (their blob ids), its
% at the two speed bases, the reports that landed on it (by commit and landing time), and
what holds for the whole period (its days, today, the people's names): the key names the
task's part, and the cache file's name the rest. The reports themselves are not kept: the
row is given this run's."""

from __future__ import annotations

from datetime import date

from r57cli.plan.taskfacts import TaskFacts
from r57cli.report import slip
from r57cli.report.forecast import NONE, forecast
from r57cli.report.period import BEHIND_POINTS, EARLY_DAYS, PeriodInput, Report_, TaskRow
from r57cli.report.silence import task_silence


def planned_pct(task: TaskFacts, on: date) -> int:
    """What the milestones plan for the day: the same rule as `r57 list`."""
    from r57cli.report.views import plan_curve

    return plan_curve(list(task.milestones), task.start, on, task.due)


def classify(
    task: TaskFacts, ref: date, planned: int, reported: bool, forecast: date | None, stuck: bool
) -> tuple[str, int, int, list[str]]:
    """The status class, days late, days early and flags of a task on day `ref`."""
    flags: list[str] = []
    open_blockers = any(b.lifted is None for b in task.blockers)
    if task.status == "cancelled":
        return "cancelled", 0, 0, flags
    if task.status == "done":
        finished = task.completed or task.due
        late = (finished - task.due).days
        if late > 0:
            return "done_late", late, 0, flags
        if -late >= EARLY_DAYS:
            return "done_early", 0, -late, flags
        return "done_on_time", 0, -late, flags
    active = task.status == "in_progress"
    behind = planned - task.pct >= BEHIND_POINTS
    risky = active and (stuck or (forecast is not None and forecast > task.due))
    stale = active and not reported
    for flag, on in (
        ("blocked", open_blockers),
        ("behind_plan", behind),
        ("at_risk", risky),
        ("stale", stale),
    ):
        if on:
            flags.append(flag)
    if ref > task.due:
        return "overdue", (ref - task.due).days, 0, flags
    for name in ("blocked", "behind_plan", "at_risk", "stale"):
        if name in flags:
            return name, 0, 0, flags
    if task.status == "not_started":
        return "not_started", 0, 0, flags
    return "on_track", 0, 0, flags


def speed_matters(filed: TaskFacts, before: TaskFacts | None, ref: date) -> bool:
    """Whether a forecast can change the task's class on `ref` (classify): only for a task
    in progress that is not overdue, blocked or behind plan, where at_risk decides. A
    trend's periods keep classes and unit figures alone, so they read the speed (two older
    plan states) of these tasks only, and forecast no other."""
    task = slip.judge(filed, before).task
    if task.status != "in_progress" or ref > task.due:
        return False
    if any(b.lifted is None for b in task.blockers):
        return False
    return planned_pct(task, ref) - task.pct < BEHIND_POINTS


def done_from(task: TaskFacts) -> date:
    """The last day on which a done task's row can still change with the reference day: its
    plan curve is flat after its start, due and milestones, and nothing else of a done
    task's row reads the day (classify, slip.fill_row). A trend reuses the row after it."""
    last = max(task.start, task.due)
    for day, _ in task.milestones:
        last = max(last, day)
    return last


def waiting_until(task: TaskFacts, baseline_due: date) -> date:
    """For a task not started (judged, slip.judge): before this day its row without reports
    does not change with the reference day. Its plan curve is 0 up to its start and first
    milestone; it is not yet expected to report, not overdue against its due or its
    baseline (`baseline_due`), and no forecast is made for it (classify, slip.fill_row).
    A trend reuses the row before it."""
    first = min(task.start, task.due, baseline_due)
    for day, _ in task.milestones:
        first = min(first, day)
    return first


def steady_window(task: TaskFacts, baseline_due: date) -> tuple[date, date] | None:
    """The reference days (after the first, before the second) over which the row of a task
    with no report read stays the same (done_from, waiting_until); None: it may change any
    day."""
    if task.status == "done":
        return done_from(task), date.max
    if task.status == "not_started":
        return date.min, waiting_until(task, baseline_due)
    return None


def task_row(
    task_id: str,
    filed: TaskFacts,
    before: TaskFacts | None,
    j: slip.Judged,
    history: list[Report_],
    in_period: list[Report_],
    inp: PeriodInput,
    ref: date,
) -> TaskRow:
    """The row of one task: `history` is its reports read, `in_period` those that landed in
    the period, `j` its schedule judged (slip.judge)."""
    period = inp.period
    task = j.task
    if inp.speed_for is None or task_id in inp.speed_for:
        fc = forecast(task, inp.base.get(task_id), inp.base_day, inp.recent.get(task_id), ref)
    else:
        fc = NONE  # a trend's task whose class no forecast can change (speed_matters)
    speed = fc.speed
    planned = planned_pct(task, ref)
    # at risk is judged by the pessimistic end of the forecast's range
    cls, late, early, flags = classify(task, ref, planned, bool(in_period), fc.high, fc.stuck)
    if cls == "cancelled" and (late := slip.cancelled_late(task, before, in_period, ref)):
        flags.append("cancelled_after_due")  # it was overdue when it was cancelled
    if before is None:
        flags.append("new")
    if any(r.report_date < period.first_day for r in in_period):
        flags.append("late_report")
    row = TaskRow(
        id=task_id,
        unit=task.unit,
        title_en=task.title_en,
        title_vi=task.title_vi,
        responsible=task.responsible,
        responsible_name=inp.people.get(task.responsible, task.responsible),
        start=task.start,
        due=task.due,
        pct_start=before.pct if before is not None else None,
        pct_end=task.pct,
        planned_pct_end=planned,
        status=cls,
        progress_status=task.status,
        days_late=late,
        days_early=early,
        flags=flags,
        completed=task.completed if task.status == "done" else None,
        forecast=fc.when,
        forecast_low=fc.low,
        forecast_high=fc.high,
        forecast_method=fc.method,
        forecast_reason=fc.reason,
        stalled_days=fc.stalled_days,
        velocity_per_week=round(speed, 1) if speed is not None else None,
        open_blockers=sum(1 for b in task.blockers if b.lifted is None),
        expected=(
            task.start <= ref
            and task.status != "cancelled"
            and not (before is not None and before.status in ("done", "cancelled"))
        ),
        reports=in_period,
        last_report=history[-1] if history else None,
    )
    slip.fill_row(row, filed, j, ref)
    if inp.sections:  # days silent are listed for the period shown alone
        row.silence = task_silence(task.status, task.start, row.last_report, ref, inp.history_from)

    return row


def row_key(task_id: str, inp: PeriodInput, marks: list[str]) -> str:
    """What the row of `task_id` is made from, besides the period's common inputs; "" when
    the version's blob is not known (then the row is not kept). `marks`: its reports read,
    each as report_mark gives it."""
    end = inp.end_blobs.get(task_id)
    if not end:
        return ""
    base, recent = inp.base.get(task_id), inp.recent.get(task_id)
    return " ".join(
        [
            end,
            inp.start_blobs.get(task_id, "-"),
            "-" if base is None else str(base.pct),
            "-" if recent is None else str(recent.pct),
            *marks,
        ]
    )


def report_mark(report: Report_, landed: int) -> str:
    """A report in a row's key: its commit, when it landed (epoch seconds), backdated."""
    return f"{report.sha}@{landed}{'b' if report.backdated else ''}"
