"""`r57 list`: the plan's tasks as a table, filtered the way unit leaders ask."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from r57cli.commands.csvopts import CsvBomOpt, CsvDialect, ListCsvDialectOpt, csv_only
from r57cli.commands.options import LangOpt, PlanOpt, WideOpt, complete_unit

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
    asked_of: Annotated[
        str | None,
        typer.Option(
            "--asked-of",
            metavar="UNIT",
            help="Tasks with an open resource request addressed to this unit (or one under it).",
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
        bool,
        typer.Option(
            "--stale", help="In progress, and no report this week: the report's 'no report'."
        ),
    ] = False,
    stale_days: Annotated[
        int | None,
        typer.Option(
            "--stale-days",
            min=1,
            max=3660,
            help="With --stale: no report in the last N days instead (as --silent N).",
        ),
    ] = None,
    silent: Annotated[
        int | None,
        typer.Option(
            "--silent",
            metavar="N",
            min=1,
            max=3660,
            help="Open tasks with no report for N days or more (days silent).",
        ),
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status", help="Only this status: not_started, in_progress, done, cancelled."
        ),
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    csv_dialect: ListCsvDialectOpt = CsvDialect.people,
    csv_bom: CsvBomOpt = None,
    wide: WideOpt = False,
    plan: PlanOpt = None,
    lang: LangOpt = None,
) -> None:
    """List the plan's tasks, filtered. Filters combine (all must hold).

    Overdue: not done or cancelled, and the due date has passed (in the plan's time zone).
    Stale: in progress, and no report landed this week, the same tasks `r57 report --week`
    marks "no report". Silent N: not finished, begun, and its last report (or its start, if
    never reported) N days ago or more. Both read the committed history, as the report does.
    """
    from r57cli.errors import R57Error
    from r57cli.locale.texts import say, set_language
    from r57cli.plan.workspace import Workspace
    from r57cli.report.views import Filters, descendants, parse_days

    ws = Workspace.find(plan)
    set_language(lang.value if lang else None, ws.language)
    today = ws.today()
    filters = Filters(overdue=overdue, blocked=blocked)
    if unit is not None:
        filters.units = descendants(ws, ws.check_unit(unit))
        filters.with_co = True
    if asked_of is not None:
        filters.asked_of = descendants(ws, ws.check_unit(asked_of))
    if person is not None:
        filters.persons = {_known_person(ws, person)}
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
    silence: dict[str, Any] | None = None
    if stale_days is not None and not stale:
        raise R57Error(say("list-stale-days-alone"))
    if stale and stale_days is not None:
        silent = max(silent or 0, stale_days)  # the older spelling of --silent N
        stale = False
    if stale or silent is not None:
        from r57cli.report import silentlist

        if stale:
            silence = silentlist.stale(ws, today, None)  # co-operated tasks too
        if silent is not None:
            found = silentlist.silent(ws, today, silent, None)
            silence = found if silence is None else {k: silence[k] for k in silence if k in found}
    csv_only(fmt is Format.csv, csv_dialect, csv_bom)
    skipped: list[tuple[str, str]] = []
    rows = [r for r in load_rows(ws, today, skipped) if filters.keep(r, today)]
    for task_id, where in skipped:  # never one task fewer without a word
        typer.echo(say("list-unreadable", task=task_id, path=where), err=True)
    if silence is not None:
        rows = [r for r in rows if r.id in silence]
    if overdue:
        rows.sort(key=lambda r: (-r.days_late(today), r.id))
    else:
        rows.sort(key=lambda r: (r.due, r.id))
    if fmt is Format.json:
        docs = [r.as_json(today) | _silent_json(silence, r.id) | _co_json(filters, r) for r in rows]
        typer.echo(json.dumps(docs, ensure_ascii=False, indent=2))
    elif fmt is Format.csv:
        from r57cli.render.report_csvpeople import add_bom

        if csv_dialect is CsvDialect.plain:
            text = _csv(rows, today, silence)
        else:
            from r57cli.render.list_csv import people_csv

            text = people_csv(rows, today, silence, _names(ws.units_data), filters.co)
        typer.echo(add_bom(text, csv_bom, csv_dialect.value), nl=False)
    else:
        _table(rows, today, silence, filters, _names(ws.units_data), wide=wide)


def load_rows(ws: Any, today: date, skipped: list[tuple[str, str]] | None = None) -> list[Row]:
    """Every task of the plan as a row, sorted by ID. A task file that cannot be read as a
    task is not a row: `skipped` (if given) gets its ID and place (`plan286/tasks/x.yaml`,
    with `:line:column` of its first problem when the reader found one), so the caller can
    say what it left out instead of showing one task fewer without a word."""
    from r57cli.plan.planfile import load
    from r57cli.report.views import row_from

    rows = []
    for task_id, path in sorted(ws.task_ids().items()):
        where = f"{ws.plan_dir.name}/{path}"
        try:
            raw = (ws.plan_dir / path).read_bytes()
        except OSError:
            if skipped is not None:
                skipped.append((task_id, where))
            continue
        loaded = load(path, raw)
        data = loaded.data
        row = row_from(data, path, today) if isinstance(data, dict) else None
        if row is not None and row.id == task_id:
            rows.append(row)
        elif skipped is not None:
            first = loaded.diagnostics[0] if loaded.diagnostics else None
            skipped.append((task_id, f"{where}:{first.line}:{first.column}" if first else where))
    return rows


def _known_person(ws: Any, person: str) -> str:
    """A --person that is someone in units.yaml, else the error `r57 report` gives (never
    an empty list that reads as "this person has no task")."""
    import difflib

    from r57cli.errors import R57Error
    from r57cli.locale.reportwords import rsay
    from r57cli.locale.texts import say

    known = sorted(_names(ws.units_data))
    if person not in known:
        close = difflib.get_close_matches(person, known, n=3, cutoff=0.5)
        hint = say("did-you-mean", ids=", ".join(close)) if close else ""
        raise R57Error(rsay("unknown-person", value=person, suggest=hint))
    return person


def _co_json(filters: Any, row: Row) -> dict[str, Any]:
    """With --unit: whether the task is listed as one the unit co-operates on."""
    return {"co_operating": filters.co(row)} if filters.units is not None else {}


def _silent_json(silence: dict[str, Any] | None, task: str) -> dict[str, Any]:
    """Days silent, in a list filtered by them (--stale, --silent): as in the report."""
    if silence is None:
        return {}
    s = silence.get(task)
    return {
        "days_silent": s.days if s else None,
        "silent_since": s.since.isoformat() if s else None,
        "days_silent_basis": s.basis if s else None,
    }


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


def _csv(rows: list[Row], today: date, silence: dict[str, Any] | None) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    fields = _CSV_FIELDS + (("days_silent", "days_silent_basis") if silence is not None else ())
    writer.writerow(fields)
    for r in rows:
        doc = r.as_json(today) | _silent_json(silence, r.id)
        writer.writerow(_cell(doc[f]) for f in fields)
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


def _table(
    rows: list[Row],
    today: date,
    silence: dict[str, Any] | None,
    filters: Any,
    names: dict[str, str] | None = None,
    *,
    wide: bool = False,
) -> None:
    from r57cli.locale.messages import printable
    from r57cli.locale.texts import fmt_date, label, language
    from r57cli.render.list_csv import notes_of, silent_cell
    from r57cli.render.table import UNLIMITED, format_table

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
        *([(label("col-silent"), "right")] if silence is not None else []),
        (label("col-title"), "left"),
    ]
    body = []
    for r in rows:
        flags = notes_of(r, today, filters.co(r))
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
                *([silent_cell(silence.get(r.id))] if silence is not None else []),
                printable(r.title(lang)),
            ]
        )
    width = UNLIMITED if wide else None  # --wide: every title whole, one line per task
    typer.echo(format_table(headers, body, free=len(headers) - 1, width=width), nl=False)
    typer.echo(label("count-1") if len(rows) == 1 else label("count", n=len(rows)))


_STATUSES = ("not_started", "in_progress", "done", "cancelled")
