"""The next period's plan, as Vietnamese offices report it beside this period's results
("kế hoạch tuần tới"): for each open task, what its people said they will do next (`--next`
on the staff commands, the `R57-Next` trailer; the latest one recorded in the period), and
the milestones and due dates that fall in the next period. Pure."""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta

from r57cli.history.periods import Period
from r57cli.plan.taskfacts import TaskFacts
from r57cli.report.period import NextItem, TaskRow


def next_span(period: Period) -> tuple[date, date]:
    """The next week, the next month, or a span as long as this one right after it."""
    first = period.last_day + timedelta(days=1)
    if period.kind == "month":
        return first, first.replace(day=monthrange(first.year, first.month)[1])
    length = (period.last_day - period.first_day).days + 1
    return first, first + timedelta(days=length - 1)


def items(rows: list[TaskRow], judged: dict[str, TaskFacts], period: Period) -> list[NextItem]:
    first, last = next_span(period)
    out = []
    for row in rows:
        task = judged.get(row.id)
        if task is None or row.progress_status in ("done", "cancelled"):
            continue
        said = [r for r in row.reports if r.next_plan]
        latest = max(said, key=lambda r: (r.landed, r.sha)) if said else None
        marks = [(d, p) for d, p in task.milestones if first <= d <= last]
        due = task.due if first <= task.due <= last else None
        if latest is None and not marks and due is None:
            continue
        out.append(
            NextItem(
                row.id,
                row.unit,
                row.responsible_name,
                latest.next_plan if latest else "",
                latest.author if latest else "",
                latest.report_date if latest else None,
                marks,
                due,
            )
        )
    return sorted(out, key=lambda i: (i.unit, i.task))
