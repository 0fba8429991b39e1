"""Which periods `r57 report`'s options name: --week, --month, --at, --from/--to, and the
trends --weeks N and --months N, each checked against the others, in the plan's time zone
and week start."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from r57cli.history.periods import Period
    from r57cli.plan.workspace import Workspace

CURRENT = "current"
PREVIOUS = "previous"  # --week previous, --month previous: the last closed one


def week_start(ws: Workspace) -> str:
    value = ws.plan_data.get("week_start")
    return value if isinstance(value, str) else "monday"


def report_periods(
    ws: Workspace,
    today: Any,
    week: str | None,
    month: str | None,
    at: str | None,
    from_: str | None,
    to: str | None,
    weeks: int | None,
    months: int | None,
) -> list[Period]:
    from r57cli.errors import R57Error
    from r57cli.history import periods as P
    from r57cli.locale.reportwords import rsay

    zone = ws.zone()
    first_day = week_start(ws)
    given = [
        name
        for name, value in (("--week", week), ("--month", month), ("--at", at))
        if value is not None
    ]
    if from_ is not None or to is not None:
        given.append("--from/--to")
        if from_ is None or to is None:
            raise R57Error(rsay("from-to"))
    if weeks is not None and week is None and not given:
        week = CURRENT
        given.append("--week")
    if months is not None and month is None and not given:
        month = CURRENT
        given.append("--month")
    if len(given) > 1:
        raise R57Error(rsay("period-conflict", given=", ".join(given)))
    for option, count, kind in (("--weeks", weeks, week), ("--months", months, month)):
        if count is None:
            continue
        if kind is None and given == ["--week" if option == "--months" else "--month"]:
            # A trend's unit is its period's: --week counts in weeks, --month in months.
            raise R57Error(rsay(f"trend-{option[2:]}-with-{given[0][2:]}", count=count))
        if kind is None:
            raise R57Error(rsay("trend-conflict", option=option))
        if not 1 <= count <= 120:
            raise R57Error(rsay("trend-count", option=option, value=count))
    if month is not None:
        if month == PREVIOUS:
            last = P.month(P.month(today, zone).first_day - timedelta(days=1), zone)
        else:
            last = P.month(today, zone) if month == CURRENT else P.parse_month(month, zone)
        return P.run_of(last, months or 1, zone, first_day)
    if at is not None:
        return [P.at(P.parse_instant(at, zone), zone)]
    if from_ is not None and to is not None:
        return [P.between(P.parse_day(from_, "--from"), P.parse_day(to, "--to"), zone)]
    if week == PREVIOUS:
        last = P.week(today - timedelta(days=7), zone, first_day)
    else:
        last = (
            P.week(today, zone, first_day)
            if week in (None, CURRENT)
            else P.parse_week(str(week), zone, first_day)
        )
    return P.run_of(last, weeks or 1, zone, first_day)


def check_history(ws: Workspace, periods: list[Period], rev: str) -> None:
    """A period that ends before the plan's first commit has nothing to report: say so, and
    which period to ask for, instead of a report of empty tables."""
    from datetime import datetime

    from r57cli.errors import R57Error
    from r57cli.history import periods as P
    from r57cli.locale.reportwords import rsay

    roots = ws.repo.run(
        "log", "--first-parent", "--max-parents=0", "--format=%cI", rev, "--", check=False
    )
    stamps = roots.stdout.split()
    if roots.returncode != 0 or not stamps or not periods:
        return  # no history at all, or a bad --rev: said elsewhere
    first = datetime.fromisoformat(stamps[-1]).astimezone(ws.zone())
    last = periods[-1]
    # A week or month asked for by name; the plan as of an instant (--at, --from/--to) before
    # the history is empty, and that is the right answer to that question.
    if last.end > first or last.kind not in ("week", "month"):
        return
    if last.kind == "month":
        suggest = "--month " + P.month(first.date(), ws.zone()).id
    else:
        suggest = "--week " + P.week(first.date(), ws.zone(), week_start(ws)).id
    raise R57Error(
        rsay("before-history", period=last.id, first=first.date().isoformat(), suggest=suggest)
    )
