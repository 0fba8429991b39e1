"""The fair ranking of units (docs/report.md, "A fair ranking"): on the plan to date and on
the period alone, each by on-time rate (against the baseline unless ranked against the
current schedule). A unit with fewer than RANK_MIN_JUDGED tasks done or due is listed after
the ranked ones with no rank: small numbers do not decide a ranking (1 of 1 on time must
not outrank 19 of 20). Pure, like compute.py."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from r57cli.history.periods import Period
from r57cli.report.period import RANK_MIN_JUDGED, TaskRow, UnitRow


def fill_period(
    unit: UnitRow, rows: list[TaskRow], period: Period, ref: date, against: str
) -> None:
    """The unit's figures on the period: its tasks delivered in the period, and those still
    open whose due fell in it before the reference day (late)."""
    baseline = against != "current"
    judged = on_time = 0
    for r in rows:
        if r.status == "cancelled":
            continue
        if r.progress_status == "done":
            finished = r.recorded or r.completed
            if finished is None or not period.contains(finished):
                continue
            judged += 1
            good = not r.baseline_late if baseline else r.status != "done_late"
            on_time += good
        else:
            due = (r.baseline_due if baseline else r.approved_due) or r.due
            if period.first_day <= due < ref:
                judged += 1
    unit.period_judged = judged
    unit.period_on_time = on_time
    unit.period_on_time_rate = on_time / judged if judged else None


def to_date_judged(unit: UnitRow, against: str) -> int:
    return unit.due_or_done if against == "current" else unit.due_or_done_baseline


def rank(units: list[UnitRow], against: str, key: Callable[[UnitRow], tuple[Any, ...]]) -> None:
    """Sorts `units` best first by `key` (the to-date order), ranked ones before unranked,
    and numbers both rankings; a unit below the threshold keeps rank 0 (unranked)."""
    units.sort(key=lambda u: (to_date_judged(u, against) < RANK_MIN_JUDGED, *key(u)))
    n = 0
    for u in units:
        if to_date_judged(u, against) >= RANK_MIN_JUDGED:
            n += 1
            u.rank = n
        else:
            u.rank = 0
    by_period = sorted(
        (u for u in units if u.period_judged >= RANK_MIN_JUDGED),
        key=lambda u: (-(u.period_on_time_rate or 0.0), *key(u)[2:]),
    )
    for u in units:
        u.rank_period = 0
    for i, u in enumerate(by_period, 1):
        u.rank_period = i


def key(u: UnitRow) -> tuple[Any, ...]:
    """Best first: on-time rate, then smaller average delay, then reporting discipline,
    then how far ahead of plan; units with nothing due yet rank after those judged."""
    return (
        u.on_time_rate is None,
        -(u.on_time_rate or 0.0),
        u.avg_delay or 0.0,
        -(u.reported_share if u.reported_share is not None else 0.0),
        -(u.avg_pct_end - u.avg_planned),
        u.id,
    )


def key_baseline(u: UnitRow) -> tuple[Any, ...]:
    """As key, with the on-time rate judged against each task's original due: a
    unit whose deadlines were moved for it does not rank as if they had not been."""
    return (u.on_time_rate_baseline is None, -(u.on_time_rate_baseline or 0.0), *key(u)[2:])
