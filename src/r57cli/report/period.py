"""The period report's model: the figures of a task, a unit and a period, the sections
coordinators send up, and the thresholds of the status classes (docs/report.md, "Status
classes"). report/compute.py builds them from history records; render/ writes them out."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Any

from r57cli.history.landed import LandedCommit
from r57cli.history.periods import Period
from r57cli.plan.taskfacts import TaskFacts

# At run time, not only for mypy: a task row is decoded from the cache by its annotations
# (report/taskrow.py), and silence.py imports nothing of this module at run time.
from r57cli.report.silence import Longest, Silence

BEHIND_POINTS = 10  # planned % minus actual % from which a task is behind plan
EARLY_DAYS = 7  # finished this many days or more before due: early
VELOCITY_DAYS = 28  # the window a forecast's speed is measured over
STALLED_DAYS = 14  # an active task that has not moved for this long cannot be forecast
RANK_MIN_JUDGED = 3  # fewer tasks done or due than this: a unit is listed, not ranked
MOVES_TOP = 10  # the largest % movements "what changed" lists
KIND_ORDER = ("law", "decree", "circular", "regulation", "budget", "staffing", "dependency")
ACTIVE_CLASSES = frozenset(
    {"overdue", "blocked", "behind_plan", "at_risk", "stale", "not_started", "on_track"}
)


@dataclass(frozen=True)
class UnitInfo:
    id: str
    name_en: str
    name_vi: str
    parent: str | None
    # A unit merged into another (units.yaml merged_into:, merged_on:): from that day on its
    # tasks count under the successor (report/scoping.py holder_of).
    merged_into: str | None = None
    merged_on: date | None = None


@dataclass(frozen=True)
class Report_:
    """One report commit as a report shows it."""

    task: str
    sha: str
    report_date: date  # the day it reports on (R57-Date), else the author's day
    recorded: datetime  # the author date, in the plan's zone
    landed: datetime  # when it reached the branch
    author: str
    email: str
    note: str
    action: str
    pct: str
    backdated: bool = False  # its commit is dated before its parent: counted when it landed
    next_plan: str = ""  # what its author will do next (R57-Next)


@dataclass
class PeriodInput:
    period: Period
    today: date
    zone: tzinfo
    start: dict[str, TaskFacts]  # the plan as of the period's start
    end: dict[str, TaskFacts]  # ... as of its end
    base: dict[str, TaskFacts]  # ... VELOCITY_DAYS before its reference day
    base_day: date
    commits: list[LandedCommit]  # landed in the period, and in the days read before it
    late_after: list[LandedCommit]  # landed after the period closed, reporting on it
    units: dict[str, UnitInfo]
    people: dict[str, str]  # person id -> name
    keep_task: Callable[[TaskFacts], bool] = lambda t: True
    group_of: Callable[[str], str] = lambda u: u
    recent: dict[str, TaskFacts] = field(default_factory=dict)  # STALLED_DAYS before ref
    against: str = "baseline"  # units rank by on-time against the baseline, or "current"
    history_from: date = date.min  # reports were read back to this day (report/silence.py)
    asked_units: set[str] | None = None  # --unit: list other units' requests to these
    # coordinators' and admins' e-mails -> their units (report/reporting.py)
    members: Mapping[str, frozenset[str]] = field(default_factory=dict)
    sections: bool = True  # the lists and days silent a reader reads (False: figures and classes)
    # --unit: the other units' tasks these units co-operate on (listed, never counted)
    co_task: Callable[[TaskFacts], bool] | None = None
    # The blob id of each task's version at the start and the end (history.tasks_at), and
    # the rows the last run of this period made, by task (report/taskrow.py): given both,
    # a task whose inputs are unchanged takes its row from there instead of computing it.
    start_blobs: dict[str, str] = field(default_factory=dict)
    end_blobs: dict[str, str] = field(default_factory=dict)
    reuse: dict[str, tuple[str, TaskRow]] | None = None
    # A trend's period: only these tasks' forecasts can change their class (taskrow.py
    # speed_matters); the others get none. None: every task is forecast.
    speed_for: set[str] | None = None
    # A trend's rows of tasks done or not started without reports, kept across its periods
    # with the days they hold over (taskrow.steady_window).
    steady: Steady | None = None


@dataclass
class TaskRow:
    id: str
    unit: str
    title_en: str
    title_vi: str
    responsible: str
    responsible_name: str
    start: date
    due: date
    pct_start: int | None
    pct_end: int
    planned_pct_end: int
    status: str  # the status class
    progress_status: str  # the file's own: not_started, in_progress, done, cancelled
    days_late: int
    days_early: int
    flags: list[str]
    completed: date | None
    forecast: date | None
    velocity_per_week: float | None
    open_blockers: int
    expected: bool  # due to report this period: begun, and not closed before it started
    reports: list[Report_] = field(default_factory=list)
    last_report: Report_ | None = None
    # The schedule's record (report/slip.py): `due` is the file's, the class is judged
    # against `approved_due`, the baseline rate against `baseline_due`.
    baseline_due: date | None = None
    baseline_start: date | None = None
    approved_due: date | None = None
    slip_days: int = 0
    reschedules: int = 0
    last_reason: str = ""
    unapproved: bool = False  # the schedule moved without an approved reschedule
    recorded: date | None = None  # a claimed completion's recording day, unconfirmed
    confirmed_by: str = ""
    evidence: tuple[str, ...] = ()
    deliverable: str = ""
    baseline_late: bool | None = None  # judged against the baseline: None when not yet due
    # The forecast's range and why there is none (report/forecast.py)
    forecast_low: date | None = None
    forecast_high: date | None = None
    forecast_method: str = ""
    forecast_reason: str = ""
    stalled_days: int = 0
    silence: Silence | None = None  # days silent (report/silence.py); None if closed/not begun

    @property
    def change(self) -> int | None:
        """The % gained in the period; None for a task added during it (flag "new"): its %
        is work done before it was filed, not this period's."""
        return None if self.pct_start is None else self.pct_end - self.pct_start

    @property
    def gap(self) -> int | None:
        """Actual minus planned %; None for a cancelled task: no plan is left to be behind."""
        return None if self.status == "cancelled" else self.pct_end - self.planned_pct_end


# A trend's steady rows (compute._steady_row): by (ID, end blob, start blob), the row with
# the reference days it holds over (after the first, before the second).
Steady = dict[tuple[str, str, str], tuple[date, date, TaskRow]]


@dataclass
class UnitRow:
    id: str
    name_en: str
    name_vi: str
    tasks: int
    counts: dict[str, int]
    avg_pct_start: float
    avg_pct_end: float
    avg_planned: float
    done: int
    due_or_done: int
    on_time: int
    on_time_rate: float | None
    avg_delay: float | None
    active: int
    reported: int
    reported_share: float | None
    rank: int = 0
    due_or_done_baseline: int = 0  # ... judged against the baseline instead
    on_time_baseline: int = 0
    on_time_rate_baseline: float | None = None
    reschedules: int = 0  # approved schedule changes recorded on its tasks, ever
    # The mean change over the tasks that existed at the period's start (new ones have none).
    avg_change: float = 0.0
    no_report: int = 0  # in progress with no report in the period, whatever its class
    # The ranking on the period alone (report/ranking.py): tasks delivered in it or whose
    # due (the baseline's unless ranked against the current one) fell in it. 0 = unranked.
    period_judged: int = 0
    period_on_time: int = 0
    period_on_time_rate: float | None = None
    rank_period: int = 0

    @property
    def change(self) -> float:
        return self.avg_change


@dataclass
class BlockerItem:
    kind: str
    ref: str
    task: str
    unit: str
    blocker: str
    description: str
    raised: date | None
    days_open: int | None
    # One document however it is written (plan/regref.py): its key, and the spelling met
    # first among the blockers listed, which the report shows for the whole group.
    ref_key: str = ""
    ref_shown: str = ""


@dataclass
class RequestItem:
    task: str
    unit: str
    request: str
    asked_of: str
    need: str
    amount: str
    asked: date | None
    days_open: int | None


@dataclass
class MoveItem:
    """A reschedule entry dated in the period."""

    task: str
    unit: str
    id: str
    day: date | None
    by: str
    by_name: str
    reason: str
    decision: str
    request: str
    field: str  # "due", or "start" when the due date did not move
    before: date | None
    after: date | None
    days: int


@dataclass
class ExtensionItem:
    task: str
    unit: str
    request: str
    status: str
    asked: date | None
    due_asked: date | None
    due: date  # the task's approved due when the report was made
    need: str
    decided: date | None


@dataclass
class UnapprovedItem:
    """A schedule that moved without an approved reschedule."""

    task: str
    unit: str
    field: str
    before: date | None  # at the period's start (or as approved, when the record disagrees)
    after: date
    approved: date | None
    by: list[str]  # who committed to the task's file in the period


@dataclass
class NextItem:
    """A task in the next period's plan (report/nextplan.py)."""

    task: str
    unit: str
    responsible_name: str
    plan: str  # "" when nobody said
    by: str
    for_day: date | None
    milestones: list[tuple[date, int]] = field(default_factory=list)
    due: date | None = None  # the approved due, when it falls in the next period


@dataclass
class PeriodReport:
    period: Period
    ref_day: date
    tasks: list[TaskRow]
    units: list[UnitRow]
    total: UnitRow
    blockers: list[BlockerItem]
    requests: list[RequestItem]
    finished_early: list[TaskRow]
    overdue: list[TaskRow]
    silent_units: list[str]
    silent_people: list[str]
    late_in_period: list[Report_]  # landed in the period, reporting on an earlier one
    late_after: list[Report_]  # landed after the period closed, reporting on it
    removed: list[str]
    history_from: date = date.min  # the first day whose reports were read
    commit_start: str | None = None
    commit_end: str | None = None
    unreadable: int = 0
    unreadable_tasks: list[str] = field(default_factory=list)  # the IDs they are named after
    moves: list[MoveItem] = field(default_factory=list)
    extensions: list[ExtensionItem] = field(default_factory=list)
    unapproved: list[UnapprovedItem] = field(default_factory=list)
    delivered: list[TaskRow] = field(default_factory=list)
    against: str = "baseline"
    next_items: list[NextItem] = field(default_factory=list)
    next_span: tuple[date, date] | None = None
    changes: Any = None  # what changed since the previous period (report/changes.py)
    # Days silent of each unit and person with an open task, the longest first.
    unit_silence: list[Longest] = field(default_factory=list)
    person_silence: list[Longest] = field(default_factory=list)
    waiting: list[RequestItem] | None = None  # other units' asks of --unit; None without
    co_operated: list[TaskRow] | None = None  # tasks --unit co-operates on; None without
    # With PeriodInput.reuse: every row by task with its inputs' key, and how many of them
    # were computed in this run (not taken from `reuse`), for the cache to keep.
    row_memo: dict[str, tuple[str, TaskRow]] | None = None
    rows_computed: int = 0
