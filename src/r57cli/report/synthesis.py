"""Puts a report together: picks the commits and plan states each period needs from the
history engine, feeds them to the pure computation in report.py, and caches what a closed
period gives so that trends stay fast. Knows nothing about options or output formats."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from r57cli.history.chain import History, ShallowHistory
from r57cli.history.periods import Period
from r57cli.plan.taskfacts import TaskFacts, parse_many
from r57cli.plan.workspace import Workspace
from r57cli.report import changes, forked, rowcache
from r57cli.report.changes import PrevTasks
from r57cli.report.compute import build
from r57cli.report.forked import Forked
from r57cli.report.period import (
    STALLED_DAYS,
    VELOCITY_DAYS,
    PeriodInput,
    PeriodReport,
    Steady,
    UnitInfo,
    UnitRow,
)
from r57cli.report.reporting import member_units
from r57cli.report.scoping import Scope, co_keeper, directory, grouper, keeper
from r57cli.report.taskrow import speed_matters

# Reports are read from before the period, to say how long a task silent this period has
# been silent: as far back as LOOKBACK_DAYS allows while the branch has at most
# LOOKBACK_COMMITS commits from there to the period's end, and at least MIN_LOOKBACK_DAYS.
# A ministry's plan reads a quarter back (every silence under 91 days exact); a national
# one, ~1,900 commits a week, reads one week, as before (each further week of `git log` cost
# a cold national report ~0.3 s). It depends on the history alone, never on the cache.
LOOKBACK_DAYS = (91, 63, 35, 21, 14)
MIN_LOOKBACK_DAYS = 7
LOOKBACK_COMMITS = 3000

# A closed period's figures as the history cache keeps them: its total, its unit rows and
# each task's class and % (what the next period's "what changed" compares with).
_PeriodFile = tuple[UnitRow, list[UnitRow], PrevTasks]
_CACHE_FORM = "3"  # in the key: a cached period of another form is not read
LATE_WINDOW_DAYS = 56  # how long after a period closes late reports for it are looked for
STEPS = 5  # progress steps of one period: four plan states, then its commits
# The periods besides the one shown (the trend's, the one "what changed" compares with) read
# the speed of the tasks whose class it can change alone (taskrow.speed_matters). False
# reads every one: tests/test_report_boundaries.py's reference build.
LIGHT_TREND = True


@dataclass
class Synthesis:
    """A report of one period (the last of `periods`), with the trend over all of them."""

    main: PeriodReport
    trend: list[tuple[Period, UnitRow, list[UnitRow]]]
    today: date
    tip: str
    plan_title: dict[str, str] = field(default_factory=dict)


def run(
    ws: Workspace,
    periods: list[Period],
    today: date,
    scope: Scope,
    *,
    tip: str = "HEAD",
    progress: Callable[[int, int], None] | None = None,
) -> Synthesis:
    zone = ws.zone()
    history = History(ws.repo, ws.plan_rel, zone, tip)
    units, people, parents = directory(ws)
    members = member_units(ws.units_data)
    keep = keeper(scope)
    against = scope.against
    group = grouper(scope, parents)
    trend: list[tuple[Period, UnitRow, list[UnitRow]]] = []
    main: PeriodReport | None = None
    now = datetime.combine(today + timedelta(days=1), time(), zone)
    previous = _previous(ws, periods)
    # The previous period is read first, for "what changed", and kept out of the trend.
    todo = [previous, *periods] if previous is not None and previous not in periods else periods
    total = len(todo) * STEPS
    done = [0]

    def tick() -> None:
        done[0] += 1
        if progress:
            progress(done[0], total)

    def figures(period: Period, is_main: bool, step: Callable[[], None]) -> PeriodReport:
        return _one(
            history,
            period,
            today,
            zone,
            units,
            people,
            keep,
            group,
            is_main,
            step,
            against,
            scope.units,
            co_keep,
            members,
            steady,
        )

    co_keep = co_keeper(scope)
    steady: Steady = {}  # compute._steady_row
    found: dict[Period, _PeriodFile] = {}  # the figures of every period but the main one
    keys = {p: _period_key(history, p, scope, units) for p in todo[:-1] if p.end <= now}
    for period, key in keys.items():
        cached = history.read_period(key, _PeriodFile)
        if cached is not None:
            found[period] = cached
    besides: list[tuple[list[Period], Forked]] = []
    try:
        besides = _spread(
            history,
            [p for p in todo[:-1] if p in keys and p not in found],
            todo[-1],
            lambda p: figures(p, False, lambda: None),
        )
        if not besides:
            history.parse = forked.parse_spread  # the cores are free for parsing
        elsewhere = {p for chunk, _ in besides for p in chunk}
        for i, period in enumerate(todo):
            is_main = i == len(todo) - 1
            if not is_main and (period in found or period in elsewhere):
                pass  # from the cache, or built in a child meanwhile: collected below
            else:
                report = figures(period, is_main, tick)
                if is_main:
                    main = report
                    if (
                        previous is not None
                        and history.commit_at(history.index_before(previous.end)) is None
                    ):
                        previous = None  # the history starts in the period: nothing before
                else:
                    found[period] = (report.total, report.units, changes.snapshot(report))
                    if period in keys:
                        history.write_period(keys[period], found[period])
            done[0] = (i + 1) * STEPS
            if progress:
                progress(done[0], total)
        for chunk, child in besides:
            # The other core's answer, or (if it failed) the same work done here.
            got = child.result()
            if not isinstance(got, list) or len(got) != len(chunk):
                got = []
                for period in chunk:
                    report = figures(period, False, lambda: None)
                    got.append((report.total, report.units, changes.snapshot(report)))
            for period, figs in zip(chunk, got, strict=True):
                found[period] = figs
                history.write_period(keys[period], figs)
    finally:
        for _, child in besides:
            child.cancel()
        history.close()
    assert main is not None
    for period in periods:
        if period == todo[-1]:
            trend.append((period, main.total, main.units))
        else:
            trend.append((period, found[period][0], found[period][1]))
    prev_figures = found.get(previous) if previous is not None else None
    history.save()
    if main.changes is not None:
        events = main.changes
        main.changes = changes.compare(
            main,
            previous if prev_figures is not None else None,
            prev_figures[2] if prev_figures else {},
            prev_figures[1] if prev_figures else [],
            events,
        )
    return Synthesis(main, trend, today, history.tip)


def lookback(history: History, period: Period, zone: ZoneInfo) -> int:
    """How many days before the period its reports are read (LOOKBACK_DAYS). Call it
    before taking other chain indices: reading the chain further back renumbers them."""
    for days in LOOKBACK_DAYS:
        day = period.first_day - timedelta(days=days)
        try:
            back = history.index_before(datetime.combine(day, time(), zone))
        except ShallowHistory:
            continue  # a shallow clone that does not reach so far: read less
        if history.index_before(period.end) - back <= LOOKBACK_COMMITS:
            return days
    return MIN_LOOKBACK_DAYS


def _spread(
    history: History,
    spare: list[Period],
    main: Period,
    build_it: Callable[[Period], PeriodReport],
) -> list[tuple[list[Period], Forked]]:
    """Give runs of the periods to build besides the main one to forked children, one run
    each, and keep the last ones here with the main period: each process gets about as
    many periods. First the plan state where the parent's own periods begin is read here,
    so that it is parsed once: each child walks back from it, period by period, and the
    parent forwards, so every other state is that one plus a diff. Nothing is forked for
    one process, nothing to give, or no history at that state."""
    jobs = forked.jobs()
    mine = max(0, (len(spare) + 1) // jobs - 1) if jobs > 1 else len(spare)
    given = spare[: len(spare) - mine]
    if not given:
        return []
    shared = history.commit_at(history.index_before((spare[len(given) :] or [main])[0].start))
    if shared is None:
        return []
    history.parse = forked.parse_spread  # the cores are free for this one read
    history.tasks_at(shared)
    history.parse = parse_many
    history.index_before(given[0].start)  # the chain they need, read before the fork
    n = min(jobs - 1, len(given))
    runs = [given[k * len(given) // n : (k + 1) * len(given) // n] for k in range(n)]
    return [(run, _beside(history, run, build_it)) for run in runs]


def _beside(
    history: History, run: list[Period], build_it: Callable[[Period], PeriodReport]
) -> Forked:
    """Build the figures of `run`'s periods in a forked child, the latest first."""

    def work() -> list[_PeriodFile]:
        history.stop_writing()
        out = []
        for period in reversed(run):
            report = build_it(period)
            out.append((report.total, report.units, changes.snapshot(report)))
        return out[::-1]

    return Forked(work)


def _one(
    history: History,
    period: Period,
    today: date,
    zone: ZoneInfo,
    units: dict[str, UnitInfo],
    people: dict[str, str],
    keep: Callable[[TaskFacts], bool],
    group: Callable[[str], str],
    with_late: bool,
    tick: Callable[[], None],
    against: str = "baseline",
    asked: set[str] | None = None,
    co_task: Callable[[TaskFacts], bool] | None = None,
    members: Mapping[str, frozenset[str]] | None = None,
    steady: Steady | None = None,
) -> PeriodReport:
    ref = period.ref_day(today)
    base_day = ref - timedelta(days=VELOCITY_DAYS)
    # First, as it may read the chain further back (which renumbers its indices).
    back_days = lookback(history, period, zone) if with_late else 0
    # Only the main period shows when a silent task last reported: the others (the trend,
    # the previous period of "what changed") keep unit figures and classes, which count
    # the period's own reports alone, so they read none before it.
    history_from = period.first_day - timedelta(days=back_days)
    base_at = datetime.combine(base_day + timedelta(days=1), time(), zone)
    from_at = datetime.combine(history_from, time(), zone)
    # The earliest instant first, for the same reason: then no index below moves.
    history.index_before(min(base_at, from_at, period.start))
    i_start = history.index_before(period.start)
    i_end = history.index_before(period.end)
    i_base = history.index_before(base_at)
    i_from = history.index_before(from_at)
    reading = history.begin_commits(min(i_from, i_start), i_end)
    end = history.tasks_at(history.commit_at(i_end))
    unreadable, unreadable_ids = history.unreadable, history.unreadable_ids
    end_blobs = history.state_blobs
    tick()
    start = history.tasks_at(history.commit_at(i_start))
    start_blobs = history.state_blobs
    tick()
    # The speed and the stuck test only concern tasks in progress at the end: read no other
    # task's older versions (most of a national plan is done or not started).
    moving = {t.id: t for t in end.values() if t.status == "in_progress"}
    speed_for = None
    if not with_late and LIGHT_TREND:
        moving = {i: t for i, t in moving.items() if speed_matters(t, start.get(i), ref)}
        speed_for = set(moving)
    base = history.pcts_at(history.commit_at(i_base), moving)
    tick()
    recent_day = ref - timedelta(days=STALLED_DAYS)
    i_recent = history.index_before(datetime.combine(recent_day + timedelta(days=1), time(), zone))
    recent = history.pcts_at(history.commit_at(i_recent), moving)
    tick()
    commits = reading()
    late_after = []
    now = datetime.combine(today + timedelta(days=1), time(), zone)
    if with_late and period.end <= now:
        until = min(period.end + timedelta(days=LATE_WINDOW_DAYS), now)
        late_after = history.landed_commits(i_end, history.index_before(until))
    inp = PeriodInput(
        period=period,
        today=today,
        zone=zone,
        start=start,
        end=end,
        base=base,
        base_day=base_day,
        commits=commits,
        late_after=late_after,
        units=units,
        people=people,
        keep_task=keep,
        group_of=group,
        recent=recent,
        against=against,
        history_from=history_from,
        asked_units=asked if with_late else None,  # the main period only
        sections=with_late,
        co_task=co_task if with_late else None,
        members=members or {},
        start_blobs=start_blobs,
        end_blobs=end_blobs,
        speed_for=speed_for,
        steady=steady if speed_for is not None else None,
    )
    # The period shown takes the rows of unchanged tasks from its last run (rowcache.py).
    rows_file = rowcache.cache_name(inp, ref) if with_late else ""
    if rows_file:
        inp.reuse = rowcache.kept(history.results, rows_file)
    report = build(inp)
    if rows_file and report.row_memo is not None and rowcache.worth_keeping(report, inp.reuse):
        rowcache.keep(history.results, rows_file, report.row_memo)
    report.commit_start = history.commit_at(i_start)
    report.commit_end = history.commit_at(i_end)
    report.unreadable = unreadable
    report.unreadable_tasks = sorted(unreadable_ids)
    # A file still there but unreadable at the end is not a removed task: the footer
    # counts it, and `r57 validate` says what is wrong with it.
    report.removed = [t for t in report.removed if t not in unreadable_ids]
    report.history_from = history_from
    if with_late:
        report.changes = changes.events(report.tasks, end, period)  # compared in run()
    return report


def _previous(ws: Workspace, periods: list[Period]) -> Period | None:
    """The period before the report's own, of the same kind and length."""
    from r57cli.history.periods import run_of

    last = periods[-1]
    if len(periods) > 1:
        return periods[-2]
    start = ws.plan_data.get("week_start")
    return run_of(last, 2, ws.zone(), start if isinstance(start, str) else "monday")[0]


def _period_key(history: History, period: Period, scope: Scope, units: dict[str, UnitInfo]) -> str:
    """A closed period's figures depend only on the commits it starts and ends at (which
    fix the velocity base before them), the scope and the units' names and parents: the
    key names them all."""
    parts = [
        _CACHE_FORM,
        period.kind,
        period.id,
        period.start.isoformat(),
        period.end.isoformat(),
        str(history.commit_at(history.index_before(period.start))),
        str(history.commit_at(history.index_before(period.end))),
        scope.key(),
        repr(sorted(units.items())),
    ]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]
