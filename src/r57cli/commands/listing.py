"""`r57 list`: the plan's tasks as a table, filtered the way unit leaders ask."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from r57cli.commands.options import LangOpt, PlanOpt, complete_unit

if TYPE_CHECKING:
    from r57cli.report.views import Row


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


SHORT = "List tasks: --overdue, --blocked, --stale, --mine, --due-within 14d, ..."


def command(
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit",
            "-u",
            help="Only this unit and the units under it.",
            autocompletion=complete_unit,
        ),
    ] = None,
    person: Annotated[
        str | None, typer.Option("--person", help="Only tasks this person is responsible for.")
    ] = None,
    mine: Annotated[
        bool, typer.Option("--mine", help="Only my tasks (git config user.email in units.yaml).")
    ] = False,
    overdue: Annotated[bool, typer.Option("--overdue", help="Not finished and past due.")] = False,
    due_within: Annotated[
        str | None,
        typer.Option("--due-within", metavar="14d|2w", help="Not finished, due within this."),
    ] = None,
    blocked: Annotated[bool, typer.Option("--blocked", help="With a blocker not lifted.")] = False,
    stale: Annotated[
        bool, typer.Option("--stale", help="Active, but not reported on in the last --stale-days.")
    ] = False,
    stale_days: Annotated[
        int, typer.Option("--stale-days", min=1, max=3660, help="For --stale.")
    ] = 14,
    status: Annotated[
        str | None,
        typer.Option(
            "--status", help="Only this status: not_started, in_progress, done, cancelled."
        ),
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    plan: PlanOpt = None,
    lang: LangOpt = None,
) -> None:
    """List the plan's tasks, filtered. Filters combine (all must hold).

    Overdue: not done or cancelled, and the due date has passed (in the plan's time zone).
    Stale: started or due to have started, not finished, and no commit touched the task in
    the last --stale-days days.
    """
    from datetime import timedelta

    from r57cli.errors import R57Error
    from r57cli.locale.texts import say, set_language
    from r57cli.plan.workspace import Workspace
    from r57cli.report.views import Filters, descendants, load_rows, parse_days, reported_since

    ws = Workspace.find(plan)
    set_language(lang.value if lang else None, ws.language)
    today = ws.today()
    filters = Filters(overdue=overdue, blocked=blocked)
    if unit is not None:
        filters.units = descendants(ws, ws.check_unit(unit))
    if person is not None:
        filters.persons = {person}
    if mine:
        _, email = ws.repo.identity()
        me, _units, _roles = ws.person_by_email(email)
        if me is None:
            raise R57Error(say("not-in-units", email=email))
        filters.persons = (filters.persons or {me}) & {me}
    if status is not None:
        if status not in ("not_started", "in_progress", "done", "cancelled"):
            raise R57Error(say("list-status", value=status))
        filters.statuses = {status}
    if due_within is not None:
        days = parse_days(due_within)
        if days is None:
            raise R57Error(say("bad-duration", value=due_within))
        filters.due_within = days
    if stale:
        filters.stale_paths = reported_since(ws, today - timedelta(days=stale_days - 1))
    rows = [r for r in load_rows(ws, today) if filters.keep(r, today)]
    if overdue:
        rows.sort(key=lambda r: (-r.days_late(today), r.id))
    else:
        rows.sort(key=lambda r: (r.due, r.id))
    if fmt is Format.json:
        typer.echo(json.dumps([r.as_json(today) for r in rows], ensure_ascii=False, indent=2))
    elif fmt is Format.csv:
        typer.echo(_csv(rows, today), nl=False)
    else:
        _table(rows, today, _names(ws.units_data))


_CSV_FIELDS = (
    "id",
    "unit",
    "responsible",
    "start",
    "due",
    "pct",
    "planned_pct",
    "status",
    "completed",
    "overdue",
    "days_late",
    "open_blockers",
    "open_requests",
    "title_en",
    "title_vi",
)


def _csv(rows: list[Row], today: date) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_CSV_FIELDS)
    for r in rows:
        doc = r.as_json(today)
        writer.writerow(_cell(doc[f]) for f in _CSV_FIELDS)
    return out.getvalue()


def _cell(value: Any) -> str:
    """One CSV cell. Lists are space-separated, booleans true/false; text that a
    spreadsheet would run as a formula (=, +, -, @ first) gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = " ".join(str(v) for v in value)
    text = str(value)
    if isinstance(value, str) and text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def _names(units: list[dict[str, Any]]) -> dict[str, str]:
    """Each member's name by id: the table names people as the report does (JSON and CSV,
    for tools, keep the ids)."""
    out = {}
    for unit in units:
        for member in unit.get("members") or []:
            if isinstance(member, dict) and isinstance(member.get("id"), str):
                out[member["id"]] = str(member.get("name") or member["id"])
    return out


def _table(rows: list[Row], today: date, names: dict[str, str] | None = None) -> None:
    from r57cli.locale.messages import printable
    from r57cli.locale.texts import fmt_date, label, language
    from r57cli.render.table import format_table

    if not rows:
        typer.echo(label("no-tasks"))
        return
    lang = language()
    headers = [
        (label("col-id"), "left"),
        (label("col-unit"), "left"),
        (label("col-person"), "left"),
        (label("col-due"), "left"),
        (label("col-pct"), "right"),
        (label("col-plan"), "right"),
        (label("col-status"), "left"),
        (label("col-flags"), "left"),
        (label("col-title"), "left"),
    ]
    body = []
    for r in rows:
        flags = []
        late = r.days_late(today)
        if late and r.status not in ("done", "cancelled"):
            flags.append(label("overdue") + " " + label("late", days=late))
        elif late:
            flags.append(label("late", days=late))
        if r.blocked:
            flags.append(label("blocked") + " " + ",".join(r.open_blockers))
        status = label(r.status) if r.status in _STATUSES else printable(r.status)
        body.append(
            [
                r.id,
                r.unit,
                printable((names or {}).get(r.responsible, r.responsible)),
                fmt_date(r.due),
                str(r.pct),
                str(r.planned_pct),
                status,
                "; ".join(flags),
                printable(r.title(lang)),
            ]
        )
    typer.echo(format_table(headers, body, free=len(headers) - 1), nl=False)
    typer.echo(label("count-1") if len(rows) == 1 else label("count", n=len(rows)))


_STATUSES = ("not_started", "in_progress", "done", "cancelled")
