"""What `r57 list --stale` and `--silent N` read: the report's own figures, so the list and
the report can never disagree (docs/update.md, "Reading the plan back").

`--stale` is the report's stale condition for the current week (`r57 report --week`): in
progress, and no report landed this period; `--silent N` is every open task whose days
silent (report/silence.py) are N or more, read from a report over the last N days, whose
history reaches back far enough to tell."""

from __future__ import annotations

from datetime import date, timedelta

from r57cli.history import periods as P
from r57cli.plan.workspace import Workspace
from r57cli.report.scoping import Scope
from r57cli.report.silence import Silence
from r57cli.report.synthesis import run


def stale(ws: Workspace, today: date, units: set[str] | None) -> dict[str, Silence | None]:
    """Tasks the current week's report flags `stale`, with their days silent. The week
    starts on plan.yaml's week_start, as in `r57 report --week`."""
    first = ws.plan_data.get("week_start")
    period = P.week(today, ws.zone(), first if isinstance(first, str) else "monday")
    main = run(ws, [period], today, Scope(units=units)).main
    return {r.id: r.silence for r in main.tasks if "stale" in r.flags}


def silent(ws: Workspace, today: date, days: int, units: set[str] | None) -> dict[str, Silence]:
    """Open tasks silent for `days` days or more on `today`."""
    period = P.between(today - timedelta(days=days - 1), today, ws.zone())
    main = run(ws, [period], today, Scope(units=units)).main
    return {r.id: r.silence for r in main.tasks if r.silence is not None and r.silence.days >= days}
