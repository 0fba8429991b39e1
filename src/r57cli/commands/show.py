"""`r57 show TASK`: the task, its milestones, blockers and requests, and its timeline."""

from __future__ import annotations

import json
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

import typer

from r57cli.commands.options import LangOpt, PlanOpt, TaskArg


class Format(StrEnum):
    text = "text"
    json = "json"


SHORT = "Show a task: its progress, milestones, blockers, requests and timeline."


def command(
    task_id: TaskArg,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    plan: PlanOpt = None,
    lang: LangOpt = None,
) -> None:
    """Show a task: its progress, milestones, blockers, requests and timeline (who
    reported what, and when, from git history)."""
    from r57cli.locale.texts import set_language
    from r57cli.plan.planfile import load
    from r57cli.plan.workspace import Workspace
    from r57cli.report.views import history, row_from, task_pathspec

    ws = Workspace.find(plan)
    set_language(lang.value if lang else None, ws.language)
    path = ws.task_path(task_id)
    data = load(path, (ws.plan_dir / path).read_bytes()).data
    today = ws.today()
    row = row_from(data, path, today) if isinstance(data, dict) else None
    if row is None:
        from r57cli.errors import R57Error
        from r57cli.locale.texts import say

        raise R57Error(say("show-invalid", path=ws.plan_rel + path))
    timeline = history(ws, [task_pathspec(ws, task_id)], reports={"R57-Task": task_id})
    if fmt is Format.json:
        doc = {
            "task": row.as_json(today),
            "data": json.loads(json.dumps(data, default=str)),
            "timeline": [e.as_json() for e in timeline],
            "milestones": milestone_states(row, _milestones(data), timeline, today),
            "next_plan": _next_json(timeline),
        }
        typer.echo(json.dumps(doc, ensure_ascii=False, indent=2))
        return
    _text(ws, row, data, timeline, today)


def _text(ws: Any, row: Any, data: dict[str, Any], timeline: list[Any], today: Any) -> None:
    from rich.console import Console

    from r57cli.locale.messages import printable
    from r57cli.locale.reportwords import enum_word
    from r57cli.locale.texts import fmt_date, label, language
    from r57cli.render.table import format_table, terminal_width
    from r57cli.report.schedview import show_lines as schedule_lines
    from r57cli.report.views import latest_next, timeline_text

    lang = language()
    # Lines wrap at the terminal's width (or COLUMNS); piped, they stay whole.
    width = terminal_width()
    console = Console(highlight=False, soft_wrap=width >= 1_000_000, width=min(width, 10_000))
    names = _people(ws)
    console.print(f"[bold]{row.id}[/bold]  {_esc(row.title(lang))}")
    owner = f"{row.unit}" + (
        f"  ({label('co-units')}: {', '.join(row.co_units)})" if row.co_units else ""
    )
    console.print(f"  {label('owner')}: {owner}")
    console.print(f"  {label('responsible')}: {_esc(names.get(row.responsible, row.responsible))}")
    console.print(f"  {label('period')}: {fmt_date(row.start)} – {fmt_date(row.due)}")
    made = enum_word("deliverable", data.get("deliverable"))
    signs = enum_word("submission", data.get("submission"))
    console.print(f"  {label('deliverable')}: {_esc(made)} → {_esc(signs)}")
    state = (
        label(row.status)
        if row.status in ("not_started", "in_progress", "done", "cancelled")
        else row.status
    )
    extra = [label("planned-today", pct=row.planned_pct)]
    if row.completed:
        extra.append(label("completed", date=fmt_date(row.completed)))
    late = row.days_late(today)
    if late and row.status != "done":
        extra.append(label("overdue-days", days=late))
    if row.blocked:
        extra.append(label("blocked"))
    console.print(f"  {label('progress')}: [bold]{row.pct}%[/bold] {state} ({'; '.join(extra)})")
    promised = latest_next(timeline)
    if promised is not None:
        plan_next = label(
            "next-plan-by",
            plan=promised.trailers["R57-Next"],
            by=promised.author,
            date=fmt_date(promised.when),
        )
        console.print(f"  {label('next-plan')}: {_esc(printable(plan_next))}")

    milestones = [m for m in data.get("milestones") or [] if isinstance(m, dict)]
    if milestones:
        console.print(f"\n[bold]{label('milestones')}[/bold]")
        judgements = milestone_states(row, milestones, timeline, today)
        for m, judged in zip(milestones, judgements, strict=True):
            mark = {"reached": "✓", "missed": "✗"}.get(judged["state"], "·")
            text = f"  {mark} {fmt_date(m.get('date'))}  {m.get('planned_pct')}%"
            if m.get("label"):
                text += f"  {_esc(str(m['label']))}"
            if judged["state"] == "reached":
                text += f"  ({label('ms-reached')})"
            elif judged["state"] == "missed":
                said = label("ms-missed", pct=judged["pct_on_date"])
                if judged["pct_on_date"] != row.pct:
                    said += "; " + label("ms-now", pct=row.pct)
                text += f"  ({said})"
            console.print(text)
    blockers = [b for b in data.get("blockers") or [] if isinstance(b, dict)]
    if blockers:
        console.print(f"\n[bold]{label('blockers')}[/bold]")
        for b in blockers:
            when = label("raised", date=fmt_date(b.get("raised")))
            if b.get("lifted"):
                when += ", " + label("lifted", date=fmt_date(b["lifted"]))
            ref = f" {_esc(str(b['ref']))}" if b.get("ref") else ""
            mark = "✓" if b.get("lifted") else "!"
            kind = _esc(f"[{enum_word('kind', b.get('kind'))}]")
            text = _esc(str(b.get("description")))
            console.print(f"  {mark} {b.get('id')} {kind}{ref}: {text} ({when})")
    requests = [
        r
        for r in data.get("resources") or []
        if isinstance(r, dict) and r.get("kind", "resources") != "extension"
    ]
    if requests:
        console.print(f"\n[bold]{label('requests')}[/bold]")
        for r in requests:
            status = str(r.get("status", "open"))
            shown = (
                label(status)
                if status in ("open", "granted", "partly_granted", "refused", "withdrawn")
                else status
            )
            if status == "open" and r.get("unit") and isinstance(r.get("asked"), date):
                # The asked unit's view: what the task waits on, and for how long.
                days = (today - r["asked"]).days
                shown += "; " + label("waiting-on", unit=str(r["unit"]), days=days)
            amount = f" ({_esc(str(r['amount']))})" if r.get("amount") else ""
            console.print(
                f"  {r.get('id')} → {r.get('unit')}: {_esc(str(r.get('need')))}{amount} — {shown}"
            )
    schedule = schedule_lines(data, names)
    if schedule:
        # The baseline, each approved move and each request for more time (docs/schedule.md).
        console.print(f"\n[bold]{label('schedule')}[/bold]")
        for line in schedule:
            console.print(f"  {line}", markup=False)
    console.print(f"\n[bold]{label('timeline')}[/bold]")
    if not timeline:
        console.print(f"  {label('no-history')}")
    rows = []
    for e in timeline:
        rows.append([fmt_date(e.when), printable(e.author), e.sha[:7], timeline_text(e)])
    if rows:
        headers = [(label(k), "left") for k in ("col-date", "col-who", "col-commit", "col-what")]
        console.print(format_table(headers, rows, free=3, wrap_free=True), end="", markup=False)


def _next_json(timeline: list[Any]) -> dict[str, str] | None:
    """The latest next-period plan recorded (--next): its text, who, the day it is for."""
    from r57cli.report.views import latest_next

    said = latest_next(timeline)
    if said is None:
        return None
    return {"text": said.trailers["R57-Next"], "by": said.author, "date": said.when}


def _milestones(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [m for m in data.get("milestones") or [] if isinstance(m, dict)]


def milestone_states(
    row: Any, milestones: list[dict[str, Any]], timeline: list[Any], today: Any
) -> list[dict[str, Any]]:
    """Each milestone judged: "upcoming" until its date; then "reached" when the task's %
    on that day (its last report on or before it) was at least the planned %, else "missed",
    with that %. A date that passed is not a milestone reached."""
    from datetime import date

    reports = sorted(
        (e.when, int(e.trailers["R57-Pct"]))
        for e in timeline
        if str(e.trailers.get("R57-Pct", "")).isdigit()
    )
    out = []
    for m in milestones:
        day, planned = m.get("date"), m.get("planned_pct")
        judged: dict[str, Any] = {"date": str(day), "planned_pct": planned}
        if not isinstance(day, date) or not isinstance(planned, int) or day > today:
            judged.update(state="upcoming", pct_on_date=None)
        elif row.status == "cancelled":
            judged.update(state="cancelled", pct_on_date=None)
        else:
            on_day = [pct for when, pct in reports if when <= day.isoformat()]
            pct = on_day[-1] if on_day else (row.pct if not reports else 0)
            if row.status == "done" and row.completed and row.completed <= day:
                pct = 100
            judged.update(state="reached" if pct >= planned else "missed", pct_on_date=pct)
        out.append(judged)
    return out


def _people(ws: Any) -> dict[str, str]:
    out = {}
    for unit in ws.units_data:
        for member in unit.get("members") or []:
            if isinstance(member, dict) and isinstance(member.get("id"), str):
                out[member["id"]] = str(member.get("name", member["id"]))
    return out


def _esc(text: str) -> str:
    from rich.markup import escape

    from r57cli.locale.messages import printable

    return escape(printable(text))
